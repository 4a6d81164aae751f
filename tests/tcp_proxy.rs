//! `TcpProxy`: a TCP relay between the server and its database that a test
//! can cut, to make the database go away for real (connections dropped, new
//! ones closed at once) without stopping a PostgreSQL server other tests use.

use std::{
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
};

use tokio::{
    net::{TcpListener, TcpStream},
    task::AbortHandle,
};

/// A relay from a local port to `target`.
#[derive(Debug)]
pub struct TcpProxy {
    /// Where the server connects instead of the target.
    pub addr: SocketAddr,
    down: Arc<AtomicBool>,
    relays: Arc<Mutex<Vec<AbortHandle>>>,
    accept: AbortHandle,
}

impl TcpProxy {
    /// Starts relaying a local port to `target` (`host:port`).
    pub async fn to(target: String) -> TcpProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let addr = listener.local_addr().expect("proxy address");
        let down = Arc::new(AtomicBool::new(false));
        let relays: Arc<Mutex<Vec<AbortHandle>>> = Arc::default();
        let (is_down, live) = (down.clone(), relays.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if is_down.load(Ordering::Acquire) {
                    drop(client);
                    continue;
                }
                let target = target.clone();
                let relay = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                live.lock().unwrap_or_else(|e| e.into_inner()).push(relay.abort_handle());
            }
        })
        .abort_handle();
        TcpProxy { addr, down, relays, accept }
    }

    /// The database goes away: every relayed connection is dropped and new
    /// ones are closed as soon as they open.
    pub fn cut(&self) {
        self.down.store(true, Ordering::Release);
        for relay in self.relays.lock().unwrap_or_else(|e| e.into_inner()).drain(..) {
            relay.abort();
        }
    }

    /// The database is back.
    pub fn restore(&self) {
        self.down.store(false, Ordering::Release);
    }

    /// A proxy in front of the database server of `url` (`postgres://user@host:port/db?…`).
    pub async fn for_url(url: &str) -> TcpProxy {
        let (_, authority, _) = split(url);
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        TcpProxy::to(if host.contains(':') { host.to_owned() } else { format!("{host}:5432") }).await
    }

    /// `url` pointing at the proxy instead of its database server.
    pub fn rewrite(&self, url: &str) -> String {
        let (scheme, authority, path) = split(url);
        let user = authority.rsplit_once('@').map(|(u, _)| format!("{u}@")).unwrap_or_default();
        format!("{scheme}://{user}{}/{path}", self.addr)
    }
}

/// `(scheme, authority, path and query)` of a URL.
fn split(url: &str) -> (&str, &str, &str) {
    let (scheme, rest) = url.split_once("://").expect("a URL with a scheme");
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    (scheme, authority, path)
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.cut();
    }
}
