//! A real S3-protocol server for tests and the benchmark: `s3s-fs` (an S3
//! implementation over a directory) served in-process on a free port. It can
//! be stopped (every connection cut) and started again on the same port, to
//! play an object-store outage.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use fieldsync::config::{S3Settings, Secret};
use hyper_util::{
    rt::{TokioExecutor, TokioIo},
    server::conn::auto::Builder as ConnBuilder,
};
use s3s::{auth::SimpleAuth, service::S3ServiceBuilder};
use tokio::{net::TcpListener, task::JoinHandle};

/// Access key of the test server.
pub const ACCESS_KEY: &str = "fieldsync-test";
/// Secret key of the test server.
pub const SECRET_KEY: &str = "fieldsync-test-secret";
/// The bucket it holds.
pub const BUCKET: &str = "fieldsync";

/// A running (or stopped) S3 test server.
pub struct S3Server {
    /// Where it listens.
    pub addr: SocketAddr,
    root: tempfile::TempDir,
    task: Option<JoinHandle<()>>,
}

impl S3Server {
    /// Starts a server with an empty bucket on a free port.
    pub async fn start() -> S3Server {
        let root = tempfile::tempdir().expect("s3 root");
        std::fs::create_dir_all(root.path().join(BUCKET)).expect("bucket dir");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind s3");
        let addr = listener.local_addr().expect("s3 addr");
        let task = Some(serve(listener, root.path().to_owned()));
        S3Server { addr, root, task }
    }

    /// Stops it: the listener closes and every open connection is cut.
    pub async fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    /// Starts it again on the same port, with the same data.
    pub async fn restart(&mut self) {
        self.stop().await;
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(self.addr).await {
                Ok(listener) => break listener,
                Err(err) if tries < 50 => {
                    tries += 1;
                    let _ = err;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(err) => panic!("cannot bind the S3 port again: {err}"),
            }
        };
        self.task = Some(serve(listener, self.root.path().to_owned()));
    }

    /// Settings for fieldsync to use it.
    pub fn settings(&self) -> S3Settings {
        S3Settings {
            endpoint: format!("http://{}", self.addr),
            region: "us-east-1".into(),
            bucket: BUCKET.into(),
            path_style: true,
            access_key_id: ACCESS_KEY.into(),
            secret_access_key: Secret::new(SECRET_KEY),
            presign_downloads: false,
            presign_ttl_secs: 300,
        }
    }

    /// The directory holding the bucket (to check what is stored).
    pub fn root(&self) -> PathBuf {
        self.root.path().to_owned()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Accepts connections until aborted; aborting drops the connection set, which cuts them all.
fn serve(listener: TcpListener, root: PathBuf) -> JoinHandle<()> {
    tokio::spawn(async move {
        let fs = s3s_fs::FileSystem::new(&root).expect("s3s-fs root");
        let mut builder = S3ServiceBuilder::new(fs);
        builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        let service = builder.build();
        let http = ConnBuilder::new(TokioExecutor::new());
        let mut connections = tokio::task::JoinSet::new();
        loop {
            let Ok((socket, _)) = listener.accept().await else { continue };
            let connection = http.serve_connection(TokioIo::new(socket), service.clone()).into_owned();
            connections.spawn(async move {
                let _ = connection.await;
            });
            while connections.try_join_next().is_some() {}
        }
    })
}
