//! Cross-origin calls: none by default; with `[http] allowed_origins`, the
//! listed origins (and only they) may call the API under `/v1/` from a
//! browser, errors included, and never the cookie-session pages.

use fieldsync::config::AllowedOrigins;
use fieldsync_tests::{Backend, Reply, TestApp};
use reqwest::Method;
use serde_json::json;

const SHELL: &str = "capacitor://localhost";

async fn with_origins(origins: &[&str]) -> TestApp {
    let list: Vec<String> = origins.iter().map(|o| (*o).to_owned()).collect();
    TestApp::spawn_with(Backend::Sqlite, |s| s.http.allowed_origins = AllowedOrigins::parse(&list).unwrap()).await
}

/// A browser's preflight for a `method` call to `path` from `origin`.
async fn preflight(app: &TestApp, path: &str, origin: &str, method: &str) -> Reply {
    let request = app
        .http
        .request(Method::OPTIONS, app.url(path))
        .header("origin", origin)
        .header("access-control-request-method", method)
        .header("access-control-request-headers", "authorization, content-type, fieldsync-protocol");
    TestApp::read(request).await
}

fn allowed(reply: &Reply) -> Option<&str> {
    reply.headers.get("access-control-allow-origin").map(|v| v.to_str().unwrap())
}

async fn sign_in_from(app: &TestApp, origin: &str, password: &str) -> Reply {
    let body = json!({"username": "inspector", "password": password, "device_id": "shell"});
    TestApp::read(app.http.post(app.url("/v1/auth/login")).header("origin", origin).json(&body)).await
}

#[tokio::test]
async fn a_listed_origin_may_call_the_api_and_read_its_answers_and_refusals() {
    let app = with_origins(&[SHELL, "https://app.example.org"]).await;
    app.seed().await;
    let answer = preflight(&app, "/v1/sync/push", SHELL, "POST").await;
    assert_eq!(allowed(&answer), Some(SHELL), "{:?}", answer.headers);
    let methods = answer.headers["access-control-allow-methods"].to_str().unwrap().to_owned();
    assert!(methods.contains("POST") && methods.contains("PUT"), "{methods}");
    let headers = answer.headers["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
    for name in ["authorization", "content-type", "fieldsync-protocol", "content-range"] {
        assert!(headers.contains(name), "{name} not allowed: {headers}");
    }
    assert_eq!(answer.headers["access-control-max-age"], "3600");
    assert!(answer.headers.get("access-control-allow-credentials").is_none(), "tokens, never cookies");

    let signed_in = sign_in_from(&app, SHELL, fieldsync_tests::DEMO_PASSWORD).await;
    assert_eq!((signed_in.status, allowed(&signed_in)), (200, Some(SHELL)));
    let exposed = signed_in.headers["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(exposed.contains("x-request-id") && exposed.contains("retry-after"), "{exposed}");
    let refused = sign_in_from(&app, "https://app.example.org", "wrong password").await;
    assert_eq!((refused.code(), allowed(&refused)), ("invalid_credentials", Some("https://app.example.org")));
    app.stop().await;
}

#[tokio::test]
async fn another_origin_and_the_cookie_pages_get_no_cors_answer() {
    let app = with_origins(&[SHELL]).await;
    app.seed().await;
    let stranger = preflight(&app, "/v1/sync/push", "https://evil.example", "POST").await;
    assert_eq!(allowed(&stranger), None);
    let stranger = sign_in_from(&app, "https://evil.example", fieldsync_tests::DEMO_PASSWORD).await;
    assert_eq!(allowed(&stranger), None, "the browser keeps the answer from the page");
    // The web pages sign in with cookies: never readable from another origin, listed or not.
    let page = preflight(&app, "/app/login", SHELL, "POST").await;
    assert_eq!(allowed(&page), None);
    let page = TestApp::read(app.http.get(app.url("/app/login")).header("origin", SHELL)).await;
    assert_eq!((page.status, allowed(&page)), (200, None));
    app.stop().await;
}

#[tokio::test]
async fn by_default_no_origin_is_allowed_and_options_is_not_answered() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.seed().await;
    let answer = preflight(&app, "/v1/sync/push", SHELL, "POST").await;
    assert_eq!(allowed(&answer), None);
    assert_eq!(answer.code(), "method_not_allowed", "no CORS layer at all: {}", answer.text);
    let signed_in = sign_in_from(&app, SHELL, fieldsync_tests::DEMO_PASSWORD).await;
    assert_eq!((signed_in.status, allowed(&signed_in)), (200, None));
    app.stop().await;
}

#[tokio::test]
async fn any_origin_when_the_list_is_a_star() {
    let app = with_origins(&["*"]).await;
    let answer = preflight(&app, "/v1/sync/pull", "http://localhost:5173", "GET").await;
    assert_eq!(allowed(&answer), Some("http://localhost:5173"));
    app.stop().await;
}
