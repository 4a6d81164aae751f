//! HTTPS on the main listener (`[tls]`): a self-signed certificate made
//! once and kept, a certificate from files, clear errors for bad files, the
//! handshake bounded like the headers, and `Secure` cookies. TLS touches no
//! storage: these run on SQLite only.

use std::{
    path::Path,
    sync::Arc,
    time::{Duration, Instant},
};

use fieldsync::{config::Settings, tls::Tls};
use fieldsync_tests::{Backend, Browser, DEMO_PASSWORD, TestApp, closed_within, csrf_of};
use reqwest::{Method, Version};
use tokio::{io::AsyncWriteExt, net::TcpStream};
use tokio_rustls::{
    TlsConnector,
    client::TlsStream,
    rustls::{
        ClientConfig, RootCertStore,
        crypto::ring,
        pki_types::{CertificateDer, ServerName},
    },
};

const HEADER_READ_SECS: u64 = 1;

async fn self_signed_in(data_dir: &Path) -> TestApp {
    let data_dir = data_dir.to_owned();
    TestApp::spawn_with(Backend::Sqlite, move |s| {
        s.tls.self_signed = true;
        s.data_dir = data_dir;
    })
    .await
}

async fn health(http: &reqwest::Client, app: &TestApp) -> reqwest::Result<reqwest::Response> {
    http.get(app.url("/healthz")).send().await
}

/// A TLS handshake with the server, trusting `root` only.
async fn handshake(app: &TestApp, root: &CertificateDer<'static>) -> std::io::Result<TlsStream<TcpStream>> {
    let mut roots = RootCertStore::empty();
    roots.add(root.clone()).unwrap();
    let config = ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let socket = TcpStream::connect(app.addr).await?;
    TlsConnector::from(Arc::new(config)).connect(ServerName::IpAddress(app.addr.ip().into()), socket).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_self_signed_server_answers_over_https_only() {
    let data = tempfile::tempdir().unwrap();
    let app = self_signed_in(data.path()).await;
    let tls = app.tls.clone().unwrap();
    assert!(app.url("/").starts_with("https://"));
    // Browsers ask for HTTP/2 and get it; HTTP/1.1 works too.
    let reply = health(&app.http, &app).await.unwrap();
    assert_eq!((reply.status().as_u16(), reply.version()), (200, Version::HTTP_2));
    let http1 = app.client_builder().http1_only().build().unwrap();
    let reply = health(&http1, &app).await.unwrap();
    assert_eq!((reply.status().as_u16(), reply.version()), (200, Version::HTTP_11));
    // The certificate served is the one whose fingerprint is logged, signed by the authority in the data directory.
    let stream = handshake(&app, tls.authority().unwrap()).await.unwrap();
    assert_eq!(stream.get_ref().1.peer_certificates().unwrap()[0], *tls.certificate());
    let on_disk = std::fs::read_to_string(data.path().join("tls/ca.pem")).unwrap();
    let from_disk = reqwest::Certificate::from_pem(on_disk.as_bytes()).unwrap();
    let trusting_the_file = reqwest::Client::builder().tls_certs_only([from_disk]).build().unwrap();
    assert_eq!(health(&trusting_the_file, &app).await.unwrap().status(), 200);
    assert_eq!(tls.fingerprint().len(), 95);
    // Plain HTTP to the TLS port gets no answer; a client trusting nothing else refuses the certificate.
    let plain = reqwest::Client::new();
    assert!(plain.get(format!("http://{}/healthz", app.addr)).send().await.is_err());
    let untrusting = reqwest::Client::builder().tls_certs_only([]).build().unwrap();
    assert!(health(&untrusting, &app).await.is_err());
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_self_signed_certificate_is_kept_across_starts_and_made_anew_when_missing() {
    let data = tempfile::tempdir().unwrap();
    let first = self_signed_in(data.path()).await;
    let first_tls = first.tls.clone().unwrap();
    // What a phone that installed the first authority holds.
    let phone = first.http.clone();
    first.stop().await;

    let again = self_signed_in(data.path()).await;
    let tls = again.tls.clone().unwrap();
    assert_eq!(tls.fingerprint(), first_tls.fingerprint(), "the same certificate");
    assert_eq!(tls.authority_fingerprint(), first_tls.authority_fingerprint());
    assert_eq!(health(&phone, &again).await.unwrap().status(), 200);
    again.stop().await;

    // The server certificate gone: a new one, from the same authority, still trusted.
    std::fs::remove_file(data.path().join("tls/cert.pem")).unwrap();
    let renewed = self_signed_in(data.path()).await;
    let tls = renewed.tls.clone().unwrap();
    assert_ne!(tls.fingerprint(), first_tls.fingerprint());
    assert_eq!(tls.authority_fingerprint(), first_tls.authority_fingerprint());
    assert_eq!(health(&phone, &renewed).await.unwrap().status(), 200);
    renewed.stop().await;

    // Everything gone: a new authority, which the phone does not trust.
    std::fs::remove_dir_all(data.path().join("tls")).unwrap();
    let fresh = self_signed_in(data.path()).await;
    let tls = fresh.tls.clone().unwrap();
    assert_ne!(tls.authority_fingerprint(), first_tls.authority_fingerprint());
    assert!(health(&phone, &fresh).await.is_err());
    assert_eq!(health(&fresh.http, &fresh).await.unwrap().status(), 200);
    #[cfg(unix)]
    for (file, mode) in [("tls/key.pem", 0o600), ("tls/ca-key.pem", 0o600), ("tls", 0o700)] {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(data.path().join(file)).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, mode, "{file}");
    }
    fresh.stop().await;
}

/// A certificate for `localhost` and 127.0.0.1 and its key, written to `dir`.
fn certificate_files(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, CertificateDer<'static>) {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    (cert, key, made.cert.der().clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_and_key_from_files_are_served() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, der) = certificate_files(dir.path());
    let app = TestApp::spawn_with(Backend::Sqlite, move |s| s.tls.use_files(cert, key)).await;
    let tls = app.tls.clone().unwrap();
    assert_eq!(*tls.certificate(), der);
    assert!(tls.authority().is_none());
    assert_eq!(health(&app.http, &app).await.unwrap().status(), 200);
    let stream = handshake(&app, &der).await.unwrap();
    assert_eq!(stream.get_ref().1.peer_certificates().unwrap()[0], der);
    app.stop().await;
}

#[test]
fn bad_tls_settings_are_startup_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, _) = certificate_files(dir.path());
    let (_, other_key, _) =
        certificate_files(&std::fs::create_dir(dir.path().join("other")).map(|()| dir.path().join("other")).unwrap());
    let garbage = dir.path().join("garbage.pem");
    std::fs::write(&garbage, "not a PEM file").unwrap();
    let missing = dir.path().join("missing.pem");
    let error = |tweak: &dyn Fn(&mut Settings)| {
        let mut settings = Settings { data_dir: dir.path().join("data"), ..Settings::default() };
        tweak(&mut settings);
        format!("{:#}", Tls::from_settings(&settings).expect_err("an error"))
    };
    for (err, says) in [
        (
            error(&|s| s.tls.use_files(missing.clone(), key.clone())),
            vec![missing.display().to_string(), "No such file".into()],
        ),
        (
            error(&|s| s.tls.use_files(garbage.clone(), key.clone())),
            vec![garbage.display().to_string(), "no PEM certificate".into()],
        ),
        (
            error(&|s| s.tls.use_files(cert.clone(), garbage.clone())),
            vec![garbage.display().to_string(), "no PEM private key".into()],
        ),
        (
            error(&|s| s.tls.use_files(cert.clone(), other_key.clone())),
            vec![other_key.display().to_string(), "is not the key of".into()],
        ),
        (error(&|s| s.tls.cert = Some(cert.clone())), vec!["tls.cert is set without tls.key".into()]),
        (
            error(&|s| {
                s.tls.use_files(cert.clone(), key.clone());
                s.tls.self_signed = true;
            }),
            vec!["cannot be combined".into()],
        ),
    ] {
        for part in says {
            assert!(err.contains(&part), "{part:?} not in: {err}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_never_finishes_its_handshake_or_sends_no_request_is_dropped() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_owned();
    let app = TestApp::spawn_with(Backend::Sqlite, move |s| {
        s.tls.self_signed = true;
        s.data_dir = data_dir;
        s.http.header_read_timeout_secs = HEADER_READ_SECS;
    })
    .await;
    let within = Duration::from_secs(HEADER_READ_SECS + 4);
    // No ClientHello at all.
    let mut silent = TcpStream::connect(app.addr).await.unwrap();
    assert!(closed_within(&mut silent, within).await, "a socket that never said hello stayed open");
    // Part of a ClientHello (a TLS record header), then nothing.
    let mut halting = TcpStream::connect(app.addr).await.unwrap();
    halting.write_all(&[0x16, 0x03, 0x01, 0x02, 0x00, 0x01]).await.unwrap();
    assert!(closed_within(&mut halting, within).await, "a half-sent handshake stayed open");
    // A finished handshake, then no request.
    let mut idle = handshake(&app, app.tls.as_ref().unwrap().authority().unwrap()).await.unwrap();
    assert!(closed_within(&mut idle, within).await, "a connection with no request stayed open");
    // The server still serves.
    assert_eq!(health(&app.http, &app).await.unwrap().status(), 200);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutting_down_drops_connections_that_have_not_sent_a_request() {
    let data = tempfile::tempdir().unwrap();
    let app = self_signed_in(data.path()).await;
    let _silent = TcpStream::connect(app.addr).await.unwrap();
    let _idle = handshake(&app, app.tls.as_ref().unwrap().authority().unwrap()).await.unwrap();
    assert_eq!(health(&app.http, &app).await.unwrap().status(), 200);
    // The header read timeout is 20 s and the grace period 5 s.
    let started = Instant::now();
    app.shut_down().await;
    assert!(started.elapsed() < Duration::from_secs(3), "the shutdown waited {:?}", started.elapsed());
    app.stop().await;
}

/// The web pages over HTTPS: cookies are `Secure` whatever
/// `web.secure_cookies` says, and a form posted over HTTP/2 (no `Host`
/// header, the authority in the URI) passes the same-origin check.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_https_cookies_are_secure_and_forms_post_over_http2() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_owned();
    let app = TestApp::spawn_with(Backend::Sqlite, move |s| {
        s.tls.self_signed = true;
        s.data_dir = data_dir;
        s.web.secure_cookies = Some(false);
    })
    .await;
    app.seed().await;
    let browser = Browser::new(&app);
    let page = browser.get("/app/login").await;
    let secure = |reply: &fieldsync_tests::Reply, name: &str| {
        reply
            .headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.starts_with(&format!("{name}=")) && v.contains("Secure"))
    };
    assert!(secure(&page, "fs_login"), "{:?}", page.headers);
    let token = csrf_of(&page.text).unwrap();
    let request = browser
        .http
        .request(Method::POST, app.url("/app/login"))
        .version(Version::HTTP_2)
        .header("origin", app.url(""))
        .header("sec-fetch-site", "same-origin")
        .form(&[("csrf", token.as_str()), ("username", "supervisor"), ("password", DEMO_PASSWORD), ("next", "/app")]);
    let reply = TestApp::read(request).await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    assert!(secure(&reply, "fs_session"), "{:?}", reply.headers);
    // Signed in: the Secure cookie comes back over HTTPS.
    let home = browser.get("/app").await;
    assert!(home.status == 200 || home.status == 303, "{}", home.status);
    assert_ne!(home.headers.get("location").and_then(|v| v.to_str().ok()), Some("/app/login"));
    app.stop().await;
}
