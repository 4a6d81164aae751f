//! Behind a trusted proxy the client's address is the rightmost
//! `X-Forwarded-For` entry, the one the proxy appended. Before, the first
//! entry was taken: a client wrote a new address there on each guess and
//! was never locked by address.

use fieldsync_tests::{Reply, TestApp, db_tests};
use serde_json::json;

const LIMIT: u32 = 4;

/// A failing sign-in as `user`, arriving with `forwarded_for` as the proxy
/// passes it on: what the client wrote, then what the proxy saw.
async fn guess(app: &TestApp, user: &str, forwarded_for: &str) -> Reply {
    let body = json!({"username": user, "password": "wrong-password", "device_id": "d"});
    let request = app.http.post(app.url("/v1/auth/login")).header("x-forwarded-for", forwarded_for).json(&body);
    TestApp::read(request).await
}

db_tests! {
    settings = |s| {
        s.auth.trust_forwarded_for = true;
        s.auth.max_failures_per_address = LIMIT;
    };

    async fn a_client_cannot_pick_its_address_by_writing_x_forwarded_for(app) {
        app.seed().await;
        // Each guess names another user and forges another leftmost entry;
        // the proxy's entry (the real client) is the same.
        for i in 0..LIMIT {
            guess(&app, &format!("nobody{i}"), &format!("10.9.{i}.1, 203.0.113.7")).await.expect_error(401, "invalid_credentials");
        }
        let locked = guess(&app, "nobody-else", "10.9.99.1, 203.0.113.7").await;
        locked.expect_error(429, "too_many_requests");
        // Another real client, behind the same proxy, is not locked.
        guess(&app, "nobody-else", "203.0.113.7, 198.51.100.20").await.expect_error(401, "invalid_credentials");
        // An entry that is not an address counts as the proxy itself (the peer), not as a new client each time.
        for i in 0..LIMIT {
            guess(&app, &format!("junk{i}"), &format!("203.0.113.7, junk-{i}")).await;
        }
        guess(&app, "junk-last", "junk-last").await.expect_error(429, "too_many_requests");
    }
}
