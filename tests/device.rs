//! `Device`: one phone pushing mutations one at a time over HTTP and
//! reading each answer, for tests that check rejections by their codes.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::TestApp;

/// A device of one user: its client id, token and next mutation id.
#[derive(Debug, Clone)]
pub struct Device {
    /// The client id.
    pub client_id: Uuid,
    /// The user's access token.
    pub token: String,
    next: u64,
}

impl TestApp {
    /// A new device signed in as `username`.
    pub async fn device(&self, username: &str) -> Device {
        Device { client_id: Uuid::new_v4(), token: self.token(username).await, next: 1 }
    }
}

impl Device {
    /// Pushes one mutation and returns its result (`status`, `result` or `error`).
    pub async fn send(&mut self, app: &TestApp, name: &str, args: Value) -> Value {
        let body = json!({"client_id": self.client_id, "mutations": [{"id": self.next, "name": name, "args": args}]});
        self.next += 1;
        let request = app
            .http
            .post(app.url("/v1/sync/push"))
            .bearer_auth(&self.token)
            .header("fieldsync-protocol", "1")
            .json(&body);
        let reply = TestApp::read(request).await;
        reply.expect(200)["results"][0].clone()
    }

    /// Pushes one mutation that must be applied; returns its result.
    pub async fn apply(&mut self, app: &TestApp, name: &str, args: Value) -> Value {
        let result = self.send(app, name, args).await;
        assert_eq!(result["status"], "applied", "{name}: {result}");
        result["result"].clone()
    }

    /// Pushes one mutation that must be rejected with `code`; returns the
    /// `field code` pairs of its invalid fields.
    pub async fn reject(&mut self, app: &TestApp, name: &str, args: Value, code: &str) -> Vec<String> {
        let result = self.send(app, name, args).await;
        assert_eq!(
            (result["status"].as_str(), result["error"]["code"].as_str()),
            (Some("rejected"), Some(code)),
            "{name}: {result}"
        );
        let fields = result["error"]["details"]["fields"].as_array().cloned().unwrap_or_default();
        fields
            .iter()
            .map(|f| format!("{} {}", f["field"].as_str().unwrap_or(""), f["code"].as_str().unwrap_or("")))
            .collect()
    }
}
