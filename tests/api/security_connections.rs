//! A connection cannot be held for nothing: headers sent a byte at a time,
//! or a socket opened and left silent, are closed after the header read
//! timeout; one user cannot open event streams without end. Before, the
//! server had no timer for hyper's header timeout (250 slow sockets were all
//! open after 40 s) and took 300 streams on one token.

use std::time::{Duration, Instant};

use fieldsync_tests::{closed_within, db_tests};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

const HEADER_READ_SECS: u64 = 1;
const MAX_STREAMS: usize = 3;

db_tests! {
    settings = |s| {
        s.http.header_read_timeout_secs = HEADER_READ_SECS;
        s.sync.max_streams_per_user = MAX_STREAMS;
    };

    async fn a_client_sending_its_headers_slowly_is_cut_off(app) {
        let mut socket = TcpStream::connect(app.addr).await.unwrap();
        let started = Instant::now();
        socket.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        // A header line now and then, never the blank line that ends them.
        let dripping = async {
            for i in 0.. {
                tokio::time::sleep(Duration::from_millis(300)).await;
                if socket.write_all(format!("X-Drip-{i}: y\r\n").as_bytes()).await.is_err() {
                    return;
                }
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(10), dripping).await;
        let held = started.elapsed();
        assert!(held < Duration::from_secs(8), "the slow client held its connection {held:?}");
        assert!(closed_within(&mut socket, Duration::from_secs(2)).await);
    }

    async fn an_idle_socket_and_an_idle_keep_alive_connection_are_closed(app) {
        // Opened and never written to.
        let mut silent = TcpStream::connect(app.addr).await.unwrap();
        assert!(closed_within(&mut silent, Duration::from_secs(HEADER_READ_SECS + 4)).await, "a silent socket stayed open");
        // One request answered, then nothing more.
        let mut kept = TcpStream::connect(app.addr).await.unwrap();
        kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        let mut answer = [0u8; 512];
        let read = kept.read(&mut answer).await.unwrap();
        assert!(String::from_utf8_lossy(&answer[..read]).starts_with("HTTP/1.1 200"));
        assert!(closed_within(&mut kept, Duration::from_secs(HEADER_READ_SECS + 4)).await, "an idle keep-alive connection stayed open");
        // The server still serves.
        let reply = app.send(reqwest::Method::GET, "/healthz", None, None).await;
        assert_eq!(reply.status, 200);
    }

    async fn a_client_that_stops_short_of_its_first_request_is_cut_off(app) {
        // The start of the HTTP/2 preface, and the whole preface: before,
        // hyper waited without a timeout for the bytes that tell HTTP/1
        // from HTTP/2, then for the client's settings.
        for sent in [&b"PRI * HTTP/2"[..], b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"] {
            let mut socket = TcpStream::connect(app.addr).await.unwrap();
            socket.write_all(sent).await.unwrap();
            let held = closed_within(&mut socket, Duration::from_secs(HEADER_READ_SECS + 4)).await;
            assert!(held, "a connection that sent {:?} stayed open", String::from_utf8_lossy(sent));
        }
        let reply = app.send(reqwest::Method::GET, "/healthz", None, None).await;
        assert_eq!(reply.status, 200);
    }

    async fn one_user_holds_no_more_event_streams_than_allowed(app) {
        app.seed().await;
        let token = app.token("inspector").await;
        let mut open = Vec::new();
        for _ in 0..MAX_STREAMS {
            open.push(app.events(&token, None).await);
        }
        let refused = app.try_events(&token).await;
        refused.expect_error(429, "too_many_streams");
        assert!(refused.headers.contains_key("retry-after"));
        // Another user is not held back by it.
        let other = app.token("inspector2").await;
        let theirs = app.events(&other, None).await;
        // A stream closed frees its place.
        drop(open.pop());
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let again = app.try_events(&token).await;
            if again.status == 200 {
                break;
            }
            assert!(Instant::now() < deadline, "a closed stream's place was never freed: {}", again.text);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        drop(theirs);
    }
}
