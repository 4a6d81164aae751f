//! Helpers for the notice tests: write a notice on a device and walk it
//! through its lifecycle to a given state.

use fieldsync_tests::{Places, Reply, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

/// The document of a typical notice.
pub fn content() -> Value {
    json!({
        "findings": [{"text": "Bare soil not covered", "location": "North gate", "clause": "Art. 6"}],
        "legal_basis": "Air Pollution Prevention Law, Art. 69",
        "required_actions": "Cover all bare soil with dust nets.",
        "deadline_days": 3
    })
}

/// The official number `seq` of the test county's rectification notices
/// in `year`, in the default pattern (`Test County` is `T`).
pub fn rectification_number(year: impl std::fmt::Display, seq: u32) -> String {
    format!("T建整改〔{year}〕第{seq:03}号")
}

/// The sequence of an official number: `清建整改〔2026〕第012号` → 12.
pub fn seq_of(number: &str) -> u32 {
    let digits = number.rsplit_once('第').and_then(|(_, rest)| rest.strip_suffix('号'));
    digits.and_then(|d| d.parse().ok()).unwrap_or_else(|| panic!("not an official number: {number}"))
}

/// Writes a draft notice on site A through sync as `username`; returns its id.
pub async fn draft(app: &TestApp, username: &str, places: &Places, kind: &str) -> Uuid {
    draft_on(app, username, places.site_a, kind).await
}

/// Writes a draft notice on a site through sync as `username`; returns its id.
pub async fn draft_on(app: &TestApp, username: &str, site: Uuid, kind: &str) -> Uuid {
    let id = Uuid::new_v4();
    let mut args = content();
    args["id"] = json!(id);
    args["kind"] = json!(kind);
    args["site_id"] = json!(site);
    if kind == "case_filed" {
        args["penalty_amount"] = json!("20000.00");
    }
    let mut client = app.sync_client(username).await;
    client.mutate("notice.create", args);
    let results = client.push().await.unwrap();
    assert_eq!(results[0].status, sync_protocol::MutationStatus::Applied, "{:?}", results[0]);
    id
}

/// Performs an action through REST.
pub async fn act(app: &TestApp, token: &str, id: Uuid, action: &str) -> Reply {
    let body = json!({"comment": "checked on site", "text": "Nets laid over all bare soil."});
    app.post(&format!("/v1/notices/{id}/actions/{action}"), token, &body).await
}

/// The notice's state as an admin reads it.
pub async fn state_of(app: &TestApp, admin: &str, id: Uuid) -> String {
    let reply = app.get(&format!("/v1/notices/{id}"), admin).await;
    reply.expect(200)["state"].as_str().unwrap().to_owned()
}

/// Signed-in users, by name.
pub struct Tokens(pub Vec<(String, String)>);

impl Tokens {
    /// Signs in every user named.
    pub async fn of(app: &TestApp, names: &[&str]) -> Tokens {
        let mut tokens = Vec::new();
        for name in names {
            tokens.push(((*name).to_owned(), app.token(name).await));
        }
        Tokens(tokens)
    }

    /// The token of a user.
    pub fn get(&self, name: &str) -> &str {
        &self.0.iter().find(|(n, _)| n == name).unwrap().1
    }
}

/// A new notice on site A (company A, township 1) brought to `state`.
pub async fn notice_in(app: &TestApp, tokens: &Tokens, places: &Places, state: &str) -> Uuid {
    let kind = if state == "pending_approval" { "stop_work" } else { "rectification" };
    let id = draft(app, "inspector", places, kind).await;
    let steps: &[(&str, &str)] = match state {
        "draft" => &[],
        "pending_approval" | "issued" => &[("inspector", "issue")],
        "acknowledged" => &[("inspector", "issue"), ("contractor", "acknowledge")],
        "responded" => &[("inspector", "issue"), ("contractor", "acknowledge"), ("contractor", "respond")],
        "rejected" => {
            &[("inspector", "issue"), ("contractor", "acknowledge"), ("contractor", "respond"), ("inspector", "reject")]
        }
        "verified" => {
            &[("inspector", "issue"), ("contractor", "acknowledge"), ("contractor", "respond"), ("inspector", "verify")]
        }
        "revoked" => &[("inspector", "issue"), ("supervisor1", "revoke")],
        other => panic!("no walk to {other}"),
    };
    for (user, action) in steps {
        act(app, tokens.get(user), id, action).await.expect(200);
    }
    assert_eq!(state_of(app, tokens.get("admin"), id).await, state);
    id
}

/// A notice issued by inspector2 to company B (site B, township 2).
pub async fn other_company_notice(app: &TestApp, tokens: &Tokens, places: &Places) -> Uuid {
    let id = draft_on(app, "inspector2", places.site_b, "rectification").await;
    act(app, tokens.get("inspector2"), id, "issue").await.expect(200);
    id
}

/// The seeded directory with its places, and every user signed in.
pub async fn world(app: &TestApp) -> (Places, Tokens) {
    let seeded = app.seed().await;
    let places = app.seed_places(&seeded).await;
    let tokens = Tokens::of(
        app,
        &["admin", "inspector", "inspector2", "supervisor", "supervisor1", "contractor", "contractor2"],
    )
    .await;
    (places, tokens)
}
