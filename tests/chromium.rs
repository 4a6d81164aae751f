//! `Chromium`: a headless Chromium driven through WebDriver (chromedriver and
//! fantoccini) for the browser tests: what a person sees on the pages, with
//! one screenshot per page kept under `target/browser-artifacts/` (or
//! `$FIELDSYNC_ARTIFACTS_DIR`). Debian's `chromium` and `chromium-driver`
//! must be installed (`scripts/test` installs them); without them the tests
//! fail and say how to install them.

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::Stdio,
    time::Duration,
};

use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
};

use crate::TestApp;

/// Where Debian installs the browser.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Where Debian installs its WebDriver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Chromium's narrowest window; narrower viewports are emulated phones.
const MIN_WINDOW_WIDTH: u32 = 500;
/// How long to wait for something to appear on a page (a WebDriver wait, not a timed assertion).
const APPEAR_WITHIN: Duration = Duration::from_secs(30);

/// A headless Chromium on a page of one server.
pub struct Chromium {
    /// The WebDriver session.
    pub client: Client,
    driver: Child,
    base: String,
    _profile: tempfile::TempDir,
}

/// Panics, naming the install command, if the browser or its driver is missing.
fn require(path: &str) {
    assert!(
        Path::new(path).exists(),
        "{path} is missing: the browser tests need Debian's Chromium and its WebDriver. \
         Install them with `apt-get install chromium chromium-driver` (or run scripts/test, which does)."
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// The folder screenshots are kept in.
pub fn artifacts_dir() -> PathBuf {
    std::env::var_os("FIELDSYNC_ARTIFACTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/browser-artifacts"))
}

impl Chromium {
    /// Starts chromedriver on a free port and a headless Chromium with a
    /// fresh profile, a viewport of `width` × `height` pixels (a phone's
    /// screen below 500), on the server `app`.
    pub async fn start(app: &TestApp, width: u32, height: u32) -> Chromium {
        Self::start_at(&app.url(""), width, height).await
    }

    /// As [`Chromium::start`], on the server at `base` (e.g. `http://127.0.0.1:8080`).
    pub async fn start_at(base: &str, width: u32, height: u32) -> Chromium {
        require(CHROMIUM);
        require(CHROMEDRIVER);
        let port = free_port();
        let mut driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        // chromedriver says when it listens: read until then instead of polling.
        let stdout = driver.stdout.take().expect("chromedriver stdout");
        let mut lines = BufReader::new(stdout).lines();
        loop {
            match lines.next_line().await.expect("read chromedriver") {
                Some(line) if line.contains("started successfully") => break,
                Some(_) => {}
                None => panic!("chromedriver stopped before it listened"),
            }
        }
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let profile = tempfile::tempdir().expect("profile dir");
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--lang=en-US".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut caps = serde_json::Map::new();
        let mut options = json!({"binary": CHROMIUM, "args": args});
        if width < MIN_WINDOW_WIDTH {
            // A window is never narrower than this: a phone's screen is emulated instead.
            options["mobileEmulation"] =
                json!({"deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0}});
        }
        caps.insert("goog:chromeOptions".into(), options);
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with Chromium");
        Chromium { client, driver, base: base.trim_end_matches('/').to_owned(), _profile: profile }
    }

    /// Ends the browser session and chromedriver.
    pub async fn stop(mut self) {
        let _ = self.client.close().await;
        let _ = self.driver.kill().await;
    }

    /// Opens a path of the server.
    pub async fn open(&self, path: &str) {
        self.client.goto(&format!("{}{path}", self.base)).await.expect("open page");
    }

    /// The path (and query) of the page shown.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The element `css` once it is on the page.
    pub async fn find(&self, css: &str) -> Element {
        match self.client.wait().at_most(APPEAR_WITHIN).for_element(Locator::Css(css)).await {
            Ok(element) => element,
            Err(err) => panic!("no {css} on {}: {err}", self.path().await),
        }
    }

    /// Whether an element matches `css` now.
    pub async fn has(&self, css: &str) -> bool {
        !self.client.find_all(Locator::Css(css)).await.expect("find").is_empty()
    }

    /// The visible text of the element `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.expect("text")
    }

    /// The visible texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.expect("find") {
            out.push(element.text().await.expect("text"));
        }
        out
    }

    /// Types into the field `css`.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clear");
        field.send_keys(value).await.expect("type");
    }

    /// Clicks the element `css`.
    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.expect("click");
    }

    /// Clicks the element `css`, which submits a form, and waits until the
    /// browser shows the answer: the old page's root element goes stale.
    pub async fn submit(&self, css: &str) {
        let old = self.client.find(Locator::Css("html")).await.expect("page");
        self.click(css).await;
        let deadline = tokio::time::Instant::now() + APPEAR_WITHIN;
        while old.tag_name().await.is_ok() {
            assert!(tokio::time::Instant::now() < deadline, "{css} led to no new page");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.wait_for("body").await;
    }

    /// Waits until `css` matches something.
    pub async fn wait_for(&self, css: &str) {
        self.find(css).await;
    }

    /// Keeps a screenshot of the page as `<name>.png`; returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir).expect("artifacts dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Runs a script on the page and returns its value.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, Vec::new()).await.expect("script")
    }

    /// Runs `body`, the body of an async JavaScript function, on the page:
    /// `lib` is the client library (`/field/lib/index.js`) and `args` the
    /// values given. Answers what the function returns; panics with the
    /// script's error if it throws.
    pub async fn run(&self, body: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        let script = format!(
            "const done = arguments[arguments.length - 1];\n\
             const args = Array.from(arguments).slice(0, -1);\n\
             (async (args) => {{ const lib = await import('/field/lib/index.js');\n{body}\n}})(args)\n\
             .then((value) => done({{ ok: value === undefined ? null : value }}), \
             (error) => done({{ error: String((error && error.stack) || error) }}));"
        );
        let answer = self.client.execute_async(&script, args).await.expect("script");
        match answer.get("error") {
            Some(error) => panic!("the script failed on {}: {}", self.path().await, error.as_str().unwrap_or_default()),
            None => answer["ok"].clone(),
        }
    }
}
