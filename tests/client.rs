//! `TestApp`: one running server with its own database, and request helpers.

use std::{net::SocketAddr, sync::Mutex};

use fieldsync::{
    app::{App, AppState},
    config::{DatabaseUrl, Settings},
    server,
    tls::Tls,
};
use reqwest::{Method, header::HeaderMap};
use serde_json::Value;
use tokio::{sync::oneshot, task::JoinHandle};

use crate::backend::{self, Backend};

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: HeaderMap,
    /// Body as JSON (`Null` when empty or not JSON).
    pub body: Value,
    /// Body as text.
    pub text: String,
}

impl Reply {
    /// The `error.code` of an error body.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    /// Asserts the status and returns the body.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "unexpected status; body: {}", self.text);
        &self.body
    }

    /// Asserts an error status and code.
    #[track_caller]
    pub fn expect_error(&self, status: u16, code: &str) {
        assert_eq!((self.status, self.code()), (status, code), "body: {}", self.text);
        assert!(self.body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "no message: {}", self.text);
    }
}

/// A running fieldsync server for one test.
pub struct TestApp {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The application state (database, keys), for arranging and checking.
    pub state: AppState,
    /// HTTP client (trusting the server's certificate when it serves HTTPS).
    pub http: reqwest::Client,
    /// The server's TLS, when it serves HTTPS (`settings.tls`).
    pub tls: Option<Tls>,
    /// The backend it runs on.
    pub backend: Backend,
    database_url: String,
    settings: Settings,
    shutdown: Mutex<Option<oneshot::Sender<()>>>,
    task: Mutex<Option<JoinHandle<std::io::Result<()>>>>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// Starts a server on a fresh database of `backend`.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Starts a server after letting `tweak` change its settings.
    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Settings)) -> TestApp {
        if std::env::var_os("TEST_LOG").is_some() {
            let _ = tracing_subscriber::fmt().with_env_filter("info,fieldsync=debug").with_test_writer().try_init();
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let database_url = match &backend {
            Backend::Sqlite => backend::sqlite_database(dir.path()).await,
            Backend::Postgres(url) => backend::create_postgres_database(url).await,
        };
        let tweak = |settings: &mut Settings| {
            settings.http.shutdown_grace_secs = 5;
            tweak(settings);
        };
        Self::start(backend, database_url, dir, tweak).await
    }

    /// Starts a server on `database_url`, its data in `dir`, with the test
    /// settings changed by `tweak`; stopping it drops the database of `backend`.
    async fn start(
        backend: Backend,
        database_url: String,
        dir: tempfile::TempDir,
        tweak: impl FnOnce(&mut Settings),
    ) -> TestApp {
        let mut settings = Settings {
            listen: "127.0.0.1:0".parse().expect("addr"),
            database_url: DatabaseUrl::new(database_url.clone()),
            data_dir: dir.path().join("data"),
            ..Settings::default()
        };
        settings.database.max_connections = 4;
        tweak(&mut settings);
        // As `fieldsync serve` does: TLS first, then the app.
        let tls = Tls::from_settings(&settings).expect("TLS settings");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let (state, addr, tx, task) = Self::serve(settings.clone(), listener, tls.clone()).await;
        TestApp {
            addr,
            state,
            http: client_for(tls.as_ref()).build().expect("client"),
            tls,
            backend,
            database_url,
            settings,
            shutdown: Mutex::new(Some(tx)),
            task: Mutex::new(Some(task)),
            _dir: dir,
        }
    }

    /// Builds the app from `settings` and serves it on `listener`.
    async fn serve(
        settings: Settings,
        listener: tokio::net::TcpListener,
        tls: Option<Tls>,
    ) -> (AppState, SocketAddr, oneshot::Sender<()>, JoinHandle<std::io::Result<()>>) {
        let app = App::build(settings).await.expect("build app");
        let state = app.start();
        let addr = listener.local_addr().expect("local addr");
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(server::serve(state.clone(), listener, tls, async move {
            let _ = rx.await;
        }));
        (state, addr, tx, task)
    }

    /// Starts the server again after [`TestApp::shut_down`]: a new process
    /// in all but name, on the same address, database and data folder (a
    /// real outage ended, as a browser on that address sees it).
    pub async fn start_again(&mut self) {
        self.shut_down().await;
        self.state.background.cancel();
        self.state.db.clone().close().await;
        let listener = tokio::net::TcpListener::bind(self.addr).await.expect("bind the same address again");
        let (state, _, tx, task) = Self::serve(self.settings.clone(), listener, self.tls.clone()).await;
        self.state = state;
        *self.shutdown.lock().unwrap() = Some(tx);
        *self.task.lock().unwrap() = Some(task);
    }

    /// Asks the server to shut down, as SIGTERM does, and waits until it has
    /// stopped serving (its database stays, for checking). Once only.
    pub async fn shut_down(&self) {
        let tx = self.shutdown.lock().unwrap().take();
        if let Some(tx) = tx {
            let _ = tx.send(());
        }
        let task = self.task.lock().unwrap().take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }

    /// Stops the server and drops its database.
    pub async fn stop(self) {
        self.shut_down().await;
        self.state.background.cancel();
        self.state.db.clone().close().await;
        if matches!(self.backend, Backend::Postgres(_)) {
            backend::drop_postgres_database(&self.database_url).await;
        }
    }

    /// The URL of this server's database.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// The URL of a path (`https://` when the server serves HTTPS).
    pub fn url(&self, path: &str) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}{}", self.addr, path)
    }

    /// A client for this server: over HTTPS it trusts the server's
    /// certificate (its local authority when self-signed), and nothing else.
    pub fn client_builder(&self) -> reqwest::ClientBuilder {
        client_for(self.tls.as_ref())
    }

    /// Sends a request with an optional bearer token and JSON body.
    pub async fn send(&self, method: Method, path: &str, token: Option<&str>, body: Option<&Value>) -> Reply {
        let mut request = self.http.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        Self::read(request).await
    }

    /// Sends a prepared request and reads the reply.
    pub async fn read(request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, headers, body, text }
    }

    /// `GET` with a token.
    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.send(Method::GET, path, Some(token), None).await
    }

    /// `POST` JSON with a token.
    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.send(Method::POST, path, Some(token), Some(body)).await
    }

    /// `PATCH` JSON with a token.
    pub async fn patch(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.send(Method::PATCH, path, Some(token), Some(body)).await
    }

    /// Signs in; returns the whole login answer.
    pub async fn login_reply(&self, username: &str, password: &str) -> Reply {
        let body =
            serde_json::json!({"username": username, "password": password, "device_id": format!("test-{username}")});
        self.send(Method::POST, "/v1/auth/login", None, Some(&body)).await
    }

    /// Signs in and returns the access token.
    pub async fn token(&self, username: &str) -> String {
        let reply = self.login_reply(username, crate::DEMO_PASSWORD).await;
        reply.expect(200)["access_token"].as_str().expect("access token").to_owned()
    }

    /// The stored account of `username` (which must exist).
    pub async fn user(&self, username: &str) -> fieldsync::directory::users::entity::Model {
        use fieldsync::directory::users::entity as user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let found = user::Entity::find().filter(user::Column::Username.eq(username)).one(self.state.db.read()).await;
        found.expect("read the account").unwrap_or_else(|| panic!("no account {username}"))
    }
}

fn client_for(tls: Option<&Tls>) -> reqwest::ClientBuilder {
    let builder = reqwest::Client::builder();
    let Some(tls) = tls else { return builder };
    let root = tls.authority().unwrap_or(tls.certificate());
    builder.tls_certs_only([reqwest::Certificate::from_der(root).expect("a certificate")])
}

/// A server-sent-events connection, read event by event.
pub struct Events {
    response: reqwest::Response,
    buffer: String,
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
pub struct SseEvent {
    /// `event:` field.
    pub event: String,
    /// `id:` field.
    pub id: Option<String>,
    /// `data:` field.
    pub data: String,
}

impl Events {
    /// The next event (heartbeat comments skipped), or `None` after `within`.
    pub async fn next(&mut self, within: std::time::Duration) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = SseEvent { event: "message".into(), id: None, data: String::new() };
                let mut real = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event.event = v.trim().into();
                        real = true;
                    }
                    if let Some(v) = line.strip_prefix("id:") {
                        event.id = Some(v.trim().into());
                    }
                    if let Some(v) = line.strip_prefix("data:") {
                        event.data = v.trim().into();
                        real = true;
                    }
                }
                if real {
                    return Some(event);
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk()).await.ok()?.ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Whether the server ends the stream within `within` (events before
    /// the end are skipped); `false` if it is still open then.
    pub async fn ends_within(&mut self, within: std::time::Duration) -> bool {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Err(_) => return false,
                Ok(Ok(Some(_))) => continue,
                Ok(Ok(None) | Err(_)) => return true,
            }
        }
    }
}

impl TestApp {
    /// Opens `GET /v1/sync/events` as a user.
    pub async fn events(&self, token: &str, last_event_id: Option<u64>) -> Events {
        let mut request =
            self.http.get(self.url("/v1/sync/events")).bearer_auth(token).header("fieldsync-protocol", "1");
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id.to_string());
        }
        let response = request.send().await.expect("events");
        assert_eq!(response.status(), 200);
        Events { response, buffer: String::new() }
    }

    /// Tries to open `GET /v1/sync/events`: a refusal is read whole; an
    /// opened stream is dropped unread (status 200, empty body).
    pub async fn try_events(&self, token: &str) -> Reply {
        let request = self.http.get(self.url("/v1/sync/events")).bearer_auth(token).header("fieldsync-protocol", "1");
        let response = request.send().await.expect("events");
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        if status == 200 {
            return Reply { status, headers, body: Value::Null, text: String::new() };
        }
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, headers, body, text }
    }

    /// A second server process on the same database (PostgreSQL only makes sense).
    pub async fn spawn_sibling(&self) -> TestApp {
        self.spawn_sibling_with(|_| {}).await
    }

    /// A second server process on the same database, its settings changed by `tweak`.
    pub async fn spawn_sibling_with(&self, tweak: impl FnOnce(&mut Settings)) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        // The sibling shares the database: stopping it must not drop it.
        Self::start(Backend::Sqlite, self.database_url.clone(), dir, tweak).await
    }
}
