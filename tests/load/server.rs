//! The server under load: the real release binary in a process of its own,
//! so that its memory can be read from /proc.

use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// A running fieldsync process.
pub struct Server {
    child: Option<Child>,
    /// How to start it again after [`Server::stop`].
    command: Option<Command>,
    /// Base URL.
    pub url: String,
    /// Its database.
    pub database_url: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    /// Starts `binary serve --demo` on a free port, on SQLite in a temporary
    /// directory or on the PostgreSQL database `database_url` (which must be empty).
    pub async fn start(
        binary: &PathBuf,
        database_url: Option<&str>,
        env: &[(String, String)],
    ) -> anyhow::Result<Server> {
        let dir = tempfile::tempdir()?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        // Absolute: the child runs in the temporary directory.
        let binary = std::fs::canonicalize(binary)?;
        let mut command = Command::new(binary);
        command
            .current_dir(dir.path())
            .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
            .env("RUST_LOG", "warn")
            .env("FIELDSYNC_DATABASE__MAX_CONNECTIONS", "32")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(url) = database_url {
            command.env("FIELDSYNC_DATABASE_URL", url);
        }
        command.envs(env.iter().map(|(k, v)| (k, v)));
        let child = command.spawn()?;
        let database_url = database_url
            .map(str::to_owned)
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", dir.path().join("fieldsync.db").display()));
        let mut server = Server {
            child: Some(child),
            command: Some(command),
            url: format!("http://127.0.0.1:{port}"),
            database_url: Some(database_url),
            _dir: Some(dir),
        };
        server.ready().await?;
        Ok(server)
    }

    /// Waits until the server answers `/readyz`.
    async fn ready(&mut self) -> anyhow::Result<()> {
        let started = Instant::now();
        let client = reqwest::Client::new();
        loop {
            if let Ok(reply) = client.get(format!("{}/readyz", self.url)).send().await
                && reply.status() == 200
            {
                return Ok(());
            }
            anyhow::ensure!(started.elapsed() < Duration::from_secs(60), "server did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Kills the server (an outage: no goodbye to its clients).
    pub fn stop(&mut self) -> anyhow::Result<()> {
        if let Some(mut child) = self.child.take() {
            child.kill()?;
            child.wait()?;
        }
        Ok(())
    }

    /// Starts a server this tool started and stopped again, on the same
    /// port, database and folder; answers once it is ready.
    pub async fn start_again(&mut self) -> anyhow::Result<()> {
        let command = self.command.as_mut().ok_or_else(|| anyhow::anyhow!("an attached server cannot be restarted"))?;
        self.child = Some(command.spawn()?);
        self.ready().await
    }

    /// A server started elsewhere (its memory is not read), on `database_url` if known.
    pub fn attach(url: &str, database_url: Option<&str>) -> Server {
        let database_url = database_url.map(str::to_owned);
        Server { child: None, command: None, url: url.trim_end_matches('/').to_owned(), database_url, _dir: None }
    }

    /// The server's resident memory, in MiB (NaN for an attached server).
    pub fn rss_mib(&self) -> f64 {
        self.rss_reader()()
    }

    /// A function that reads the server's resident memory, in MiB.
    pub fn rss_reader(&self) -> impl Fn() -> f64 + Send + 'static {
        let pid = self.child.as_ref().map(Child::id);
        move || {
            let Some(pid) = pid else { return f64::NAN };
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .map(|kib| kib / 1024.0)
                .unwrap_or(f64::NAN)
        }
    }

    /// The URL of the server's SQLite database (a server this tool started on SQLite).
    pub fn sqlite_url(&self) -> Option<String> {
        let dir = self._dir.as_ref()?;
        Some(format!("sqlite://{}?mode=rwc", dir.path().join("fieldsync.db").display()))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
