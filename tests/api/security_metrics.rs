//! `/metrics` (routes, volumes, sizes of the deployment) is served only
//! where the settings say: behind a bearer token on the main address, or on
//! a listen address of its own. Before, anyone could read it.

use fieldsync_tests::{Backend, TestApp};
use reqwest::Method;

const TOKEN: &str = "scraper-secret-1";

const COUNTED: &str = "fieldsync_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_token_metrics_are_served_on_the_main_address_to_its_holder_only() {
    let app = TestApp::spawn_with(Backend::Sqlite, |s| s.metrics.token = Some(TOKEN.into())).await;
    app.send(Method::GET, "/healthz", None, None).await.expect(200);
    app.send(Method::GET, "/metrics", None, None).await.expect_error(401, "unauthenticated");
    app.get("/metrics", "not-the-token").await.expect_error(401, "unauthenticated");
    let reply = app.get("/metrics", TOKEN).await;
    assert_eq!(reply.status, 200);
    assert!(reply.text.contains(COUNTED), "{}", reply.text);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_listen_address_metrics_are_served_there_and_not_on_the_main_address() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics_addr = listener.local_addr().unwrap();
    let app = TestApp::spawn_with(Backend::Sqlite, |s| {
        s.metrics.listen = Some(metrics_addr);
        // A token set as well guards the main address no more: metrics live elsewhere.
        s.metrics.token = None;
    })
    .await;
    fieldsync::server::spawn_metrics(&app.state, listener);
    app.send(Method::GET, "/healthz", None, None).await.expect(200);

    app.send(Method::GET, "/metrics", None, None).await.expect_error(404, "not_found");
    let there = app.http.get(format!("http://{metrics_addr}/metrics")).send().await.unwrap();
    assert_eq!(there.status(), 200);
    assert!(there.text().await.unwrap().contains(COUNTED));
    // Nothing else is served on the metrics address.
    let other = app.http.get(format!("http://{metrics_addr}/v1/templates")).send().await.unwrap();
    assert_eq!(other.status(), 404);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_with_a_listen_address_guards_that_address() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics_addr = listener.local_addr().unwrap();
    let app = TestApp::spawn_with(Backend::Sqlite, |s| {
        s.metrics.listen = Some(metrics_addr);
        s.metrics.token = Some(TOKEN.into());
    })
    .await;
    fieldsync::server::spawn_metrics(&app.state, listener);
    let url = format!("http://{metrics_addr}/metrics");
    assert_eq!(app.http.get(&url).send().await.unwrap().status(), 401);
    assert_eq!(app.http.get(&url).bearer_auth(TOKEN).send().await.unwrap().status(), 200);
    app.get("/metrics", TOKEN).await.expect_error(404, "not_found");
    app.stop().await;
}
