//! Webhooks cannot be turned on the inside (SSRF): a supervisor cannot
//! register, and the worker does not contact, the server itself, loopback
//! in any spelling, private or link-local networks or the cloud's metadata
//! address; only networks the administrator allowed. The delivery log says
//! delivered or not, and nothing about open and closed ports.
//!
//! The server here allows 127.0.0.2 only, the receiver that plays a real
//! internal one; 127.0.0.1, where the server and a "victim" listen, stays
//! forbidden.

use fieldsync::{
    config::Settings,
    webhooks::entity::endpoint::{Column, Entity},
};
use fieldsync_tests::{Receiver, TestApp, db_tests};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

use crate::webhooks::{deliveries, register, settled, world};

/// One attempt, at once; 127.0.0.2 allowed.
fn guarded(settings: &mut Settings) {
    settings.webhooks.backoff_base_secs = 0.01;
    settings.webhooks.backoff_cap_secs = 0.05;
    settings.webhooks.max_attempts = 1;
    settings.webhooks.allow_networks = vec!["127.0.0.2/32".parse().unwrap()];
}

/// The `(field, code)` pairs of a refusal.
fn fields(reply: &Value) -> Vec<(String, String)> {
    reply["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect()
}

/// Asserts `url` is refused on `url` with `code`, at registration and as a change.
async fn refused(app: &TestApp, token: &str, existing: &str, url: &str, code: &str) {
    let reply = app.post("/v1/admin/webhooks", token, &json!({"url": url, "events": ["*"]})).await;
    reply.expect_error(422, "validation_failed");
    assert_eq!(fields(&reply.body), [("url".to_owned(), code.to_owned())], "{url}");
    let reply = app.patch(&format!("/v1/admin/webhooks/{existing}"), token, &json!({"url": url})).await;
    reply.expect_error(422, "validation_failed");
    assert_eq!(fields(&reply.body), [("url".to_owned(), code.to_owned())], "{url} as a change");
}

/// Points a registered endpoint at `url` in the database, as if it had got
/// past registration (registered under other settings, or by a name that
/// resolved elsewhere then).
async fn repoint(app: &TestApp, endpoint: &str, url: &str) {
    let id: uuid::Uuid = endpoint.parse().unwrap();
    Entity::update_many()
        .col_expr(Column::Url, Expr::value(url))
        .filter(Column::Id.eq(id))
        .exec(app.state.db.write())
        .await
        .unwrap();
}

/// Sends a test event to `endpoint` and waits until its delivery is `state`.
async fn ping(app: &TestApp, token: &str, endpoint: &str, state: &str) -> Value {
    app.post(&format!("/v1/admin/webhooks/{endpoint}/test"), token, &json!({})).await.expect(202);
    settled(app, token, endpoint, state).await.remove(0)
}

/// A port on 127.0.0.2 where nothing listens (bound, then let go).
async fn closed_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.2:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

db_tests! {
    settings = guarded;

    async fn every_spelling_of_an_internal_address_is_refused_at_registration(app) {
        let (_, _, tokens) = world(&app).await;
        let supervisor = tokens.get("supervisor1");
        let allowed = Receiver::start_at("127.0.0.2").await;
        let (existing, _) = register(&app, supervisor, json!({"url": format!("{}/in", allowed.url), "events": ["*"]})).await;
        let own_api = format!("http://127.0.0.1:{}/v1/admin/webhooks", app.addr.port());
        for url in [
            own_api.as_str(),
            "http://127.0.0.1:8080/",
            "http://localhost:8080/",
            "http://LocalHost/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://127.1/",
            "http://0177.0.0.1/",
            "http://0.0.0.0:8080/",
            "http://0/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::127.0.0.1]/",
            "http://[::1]/",
            "http://[::]/",
            "http://[64:ff9b::7f00:1]/",
            "http://[2002:7f00:1::]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::ffff:169.254.169.254]/",
            "http://10.0.0.1/",
            "http://172.16.5.4/",
            "http://192.168.1.1/",
            "http://100.64.0.1/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://224.0.0.1/",
            "http://255.255.255.255/",
            "http://192.0.2.1/",
            "http://127.0.0.3/",
        ] {
            refused(&app, supervisor, &existing, url, "forbidden_address").await;
        }
        refused(&app, supervisor, &existing, "https://hooks.invalid/in", "unresolvable_host").await;
        assert_eq!(app.get(&format!("/v1/admin/webhooks/{existing}"), supervisor).await.expect(200)["url"], format!("{}/in", allowed.url), "unchanged");
    }

    async fn a_receiver_on_an_allowed_internal_network_is_registered_and_delivered_to(app) {
        let (_, _, tokens) = world(&app).await;
        let admin = tokens.get("admin");
        let receiver = Receiver::start_at("127.0.0.2").await;
        let (endpoint, secret) = register(&app, admin, json!({"url": format!("{}/in", receiver.url), "events": ["*"]})).await;
        receiver.set_secret(&secret);
        let delivered = ping(&app, admin, &endpoint, "delivered").await;
        let arrivals = receiver.arrivals();
        assert_eq!((arrivals.len(), arrivals[0].verified), (1, true));
        let attempt = &delivered["log"][0];
        assert_eq!(attempt["status"], 204, "a delivering attempt shows its status");
        assert!(attempt["duration_ms"].is_i64() && attempt.get("error").is_none(), "{attempt}");
    }

    async fn an_endpoint_at_a_forbidden_address_that_got_past_registration_is_not_contacted(app) {
        let (_, _, tokens) = world(&app).await;
        let admin = tokens.get("admin");
        let allowed = Receiver::start_at("127.0.0.2").await;
        let victim = Receiver::start().await;
        let port = victim.url.rsplit(':').next().unwrap();
        for url in [
            format!("http://localhost:{port}/in"),
            format!("http://127.0.0.1:{port}/in"),
            format!("http://2130706433:{port}/in"),
            format!("http://[::ffff:127.0.0.1]:{port}/in"),
        ] {
            let (endpoint, _) = register(&app, admin, json!({"url": format!("{}/in", allowed.url), "events": ["*"]})).await;
            repoint(&app, &endpoint, &url).await;
            let failed = ping(&app, admin, &endpoint, "failed").await;
            assert!(failed["log"][0]["status"].is_null(), "{url}: {failed}");
            assert!(victim.arrivals().is_empty(), "{url} was contacted: {:?}", victim.arrivals());
        }
        assert!(allowed.arrivals().is_empty());
    }

    async fn a_redirect_to_the_loopback_is_not_followed(app) {
        let (_, _, tokens) = world(&app).await;
        let admin = tokens.get("admin");
        let allowed = Receiver::start_at("127.0.0.2").await;
        let victim = Receiver::start().await;
        for status in [302, 307, 308] {
            allowed.set_reply(status, Some(&format!("{}/in", victim.url)));
            let (endpoint, _) = register(&app, admin, json!({"url": format!("{}/in", allowed.url), "events": ["*"]})).await;
            let failed = ping(&app, admin, &endpoint, "failed").await;
            assert!(failed["log"][0]["status"].is_null(), "a redirect is not a delivery: {failed}");
        }
        assert_eq!(allowed.arrivals().len(), 3);
        assert!(victim.arrivals().is_empty(), "the redirect was followed: {:?}", victim.arrivals());
    }

    async fn the_log_does_not_tell_an_open_port_from_a_closed_one(app) {
        let (_, _, tokens) = world(&app).await;
        let admin = tokens.get("admin");
        let open = Receiver::start_at("127.0.0.2").await;
        open.set_reply(418, None);
        let (to_open, _) = register(&app, admin, json!({"url": format!("{}/in", open.url), "events": ["*"]})).await;
        let closed = format!("http://127.0.0.2:{}/in", closed_port().await);
        let (to_closed, _) = register(&app, admin, json!({"url": closed, "events": ["*"]})).await;
        let (to_forbidden, _) = register(&app, admin, json!({"url": format!("{}/in", open.url), "events": ["*"]})).await;
        repoint(&app, &to_forbidden, &format!("http://127.0.0.1:{}/", app.addr.port())).await;

        let seen: Vec<Value> = futures::future::join_all([&to_open, &to_closed, &to_forbidden].map(|e| ping(&app, admin, e, "failed"))).await;
        assert_eq!(open.arrivals().len(), 1, "the open port was tried");
        // Apart from ids and times, the three logs read the same.
        let blank = |mut d: Value| {
            for key in ["id", "event_id", "record_id", "created_at"] {
                d[key] = Value::Null;
            }
            for attempt in d["log"].as_array_mut().unwrap() {
                attempt["at"] = Value::Null;
            }
            d
        };
        let [a, b, c] = <[Value; 3]>::try_from(seen.into_iter().map(blank).collect::<Vec<_>>()).unwrap();
        assert_eq!(a, b, "open and closed ports read alike");
        assert_eq!(a, c, "a forbidden address reads like any failure");
        assert!(!a.to_string().contains("418") && !a.to_string().to_lowercase().contains("refused"), "{a}");
        let listed = deliveries(&app, admin, &to_closed).await;
        assert_eq!(listed[0]["last_status"], Value::Null);
    }
}
