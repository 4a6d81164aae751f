//! The notice state machine over HTTP: every action from every state by
//! every role, against a table written out here; and the same rules through
//! sync mutations.

use fieldsync_tests::db_tests;
use serde_json::json;

use crate::notices_common::{Tokens, act, draft, notice_in, state_of};

const ROLES: [&str; 7] = ["admin", "supervisor", "supervisor1", "inspector", "inspector2", "contractor", "contractor2"];
const STATES: [&str; 8] =
    ["draft", "pending_approval", "issued", "acknowledged", "responded", "rejected", "verified", "revoked"];
const ACTIONS: [&str; 10] = [
    "issue",
    "approve",
    "decline",
    "acknowledge",
    "respond",
    "verify",
    "reject",
    "revoke",
    "review_approve",
    "review_return",
];

/// The legal moves (action, from, to) and who may make them, for a notice
/// on site A: township 1, addressed to company A.
fn legal(action: &str, from: &str) -> Option<(&'static [&'static str], &'static str)> {
    const BUREAU: &[&str] = &["admin", "supervisor", "supervisor1", "inspector"];
    const SUPERVISORS: &[&str] = &["admin", "supervisor", "supervisor1"];
    const ADDRESSEE: &[&str] = &["contractor"];
    let open = ["draft", "pending_approval", "issued", "acknowledged", "responded", "rejected"];
    let reviewable = ["issued", "acknowledged", "responded", "rejected", "verified"];
    Some(match (action, from) {
        ("issue", "draft") => (BUREAU, "issued"),
        ("approve", "pending_approval") => (SUPERVISORS, "issued"),
        ("decline", "pending_approval") => (SUPERVISORS, "draft"),
        ("acknowledge", "issued") => (ADDRESSEE, "acknowledged"),
        ("respond", "acknowledged" | "rejected") => (ADDRESSEE, "responded"),
        ("verify", "responded") => (BUREAU, "verified"),
        ("reject", "responded") => (BUREAU, "rejected"),
        ("revoke", s) if open.contains(&s) => (SUPERVISORS, "revoked"),
        ("review_approve" | "review_return", s) if reviewable.contains(&s) => (SUPERVISORS, s_static(s)),
        _ => return None,
    })
}

fn s_static(state: &str) -> &'static str {
    STATES.into_iter().find(|s| *s == state).unwrap()
}

/// Who sees a notice in a state at all: outsiders and, before issue, the addressee get 404.
fn sees(role: &str, state: &str) -> bool {
    match role {
        "inspector2" | "contractor2" => false,
        "contractor" => !matches!(state, "draft" | "pending_approval"),
        _ => true,
    }
}

/// Whether the role is the party for the action at all (else 403).
fn party(role: &str, action: &str) -> bool {
    let any_state = STATES.iter().filter_map(|s| legal(action, s)).next();
    any_state.is_some_and(|(who, _)| who.contains(&role))
}

db_tests! {
    async fn every_action_from_every_state_by_every_role_follows_the_table(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &ROLES).await;
        for state in STATES {
            // One notice takes every refused attempt: none may change it.
            let base = notice_in(&app, &tokens, &places, state).await;
            for action in ACTIONS {
                for role in ROLES {
                    let allowed = legal(action, state).filter(|(who, _)| who.contains(&role));
                    if let Some((_, to)) = allowed {
                        let fresh = notice_in(&app, &tokens, &places, state).await;
                        let reply = act(&app, tokens.get(role), fresh, action).await;
                        assert_eq!(reply.status, 200, "{role} {action} from {state}: {}", reply.text);
                        assert_eq!(reply.body["state"], to, "{role} {action} from {state}");
                        continue;
                    }
                    let reply = act(&app, tokens.get(role), base, action).await;
                    let case = format!("{role} {action} from {state}: {}", reply.text);
                    if !sees(role, state) {
                        reply.expect_error(404, "not_found");
                    } else if !party(role, action) {
                        assert_eq!((reply.status, reply.code()), (403, "forbidden"), "{case}");
                    } else {
                        assert_eq!((reply.status, reply.code()), (409, "invalid_transition"), "{case}");
                        let named = reply.body["error"]["details"]["state"] == state
                            || reply.body["error"]["details"]["review_status"].is_string();
                        assert!(named, "the refusal names the current state: {case}");
                    }
                }
            }
            assert_eq!(state_of(&app, tokens.get("admin"), base).await, state, "refused attempts left {state} as it was");
        }
    }

    async fn issuing_gives_a_number_and_a_deadline_and_the_device_pulls_them(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let id = draft(&app, "inspector", &places, "rectification").await;
        let mut device = app.sync_client("inspector").await;
        let handed_over = json!({"method": "in_person", "receiver": "王建国"});
        device.mutate("notice.issue", json!({"id": id, "service": handed_over}));
        let results = device.push().await.unwrap();
        let result = results[0].result.clone().unwrap();
        let year = chrono::Utc::now().format("%Y").to_string();
        assert_eq!(result["number"], crate::notices_common::rectification_number(&year, 1), "{result}");
        assert!(result["deadline"].is_string(), "served on the spot, so its deadline runs: {result}");
        assert!(result["served_at"].is_string());
        device.pull_all().await.unwrap();
        let pulled = device.store.get("notice", &id).cloned().unwrap();
        assert_eq!(pulled["state"], "issued");
        assert_eq!(pulled["number"], result["number"]);
        let review = device.store.get("notice_review", &id).cloned().unwrap();
        assert_eq!(review["review_status"], "pending");
    }

    async fn a_strong_measure_waits_for_approval_and_is_numbered_when_approved(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["inspector", "supervisor1", "contractor", "admin"]).await;
        let id = draft(&app, "inspector", &places, "case_filed").await;
        let pending = act(&app, tokens.get("inspector"), id, "issue").await;
        assert_eq!(pending.expect(200)["state"], "pending_approval");
        assert!(pending.body["number"].is_null(), "no number before approval");
        app.get(&format!("/v1/notices/{id}"), tokens.get("contractor")).await.expect_error(404, "not_found");
        let approved = act(&app, tokens.get("supervisor1"), id, "approve").await;
        assert_eq!(approved.expect(200)["state"], "issued");
        assert!(approved.body["number"].is_string());
        assert_eq!(approved.body["penalty_amount"], "20000.00");
        let seen = app.get(&format!("/v1/notices/{id}"), tokens.get("contractor")).await;
        assert_eq!(seen.expect(200)["number"], approved.body["number"]);
    }

    async fn a_notice_cannot_be_issued_incomplete_or_responded_to_without_text(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["inspector", "contractor"]).await;
        let mut device = app.sync_client("inspector").await;
        let id = uuid::Uuid::new_v4();
        device.mutate("notice.create", json!({"id": id, "kind": "rectification", "site_id": places.site_a}));
        device.mutate("notice.issue", json!({"id": id}));
        let results = device.push().await.unwrap();
        assert_eq!(results[0].status, sync_protocol::MutationStatus::Applied);
        let error = results[1].error.clone().unwrap();
        assert_eq!(error.code, "validation_failed");
        let fields: Vec<String> = error.details.unwrap()["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect();
        assert_eq!(fields, ["findings", "required_actions", "deadline"]);
        // Fixed by an edit, then issued.
        let mut args = crate::notices_common::content();
        args["id"] = json!(id);
        device.mutate("notice.update", args);
        device.mutate("notice.issue", json!({"id": id}));
        let results = device.push().await.unwrap();
        assert!(results.iter().all(|r| r.status == sync_protocol::MutationStatus::Applied), "{results:?}");
        act(&app, tokens.get("contractor"), id, "acknowledge").await.expect(200);
        let reply = app.post(&format!("/v1/notices/{id}/actions/respond"), tokens.get("contractor"), &json!({"photos": ["nothex"]})).await;
        reply.expect_error(422, "validation_failed");
        let reply = app.post(&format!("/v1/notices/{id}/actions/fly"), tokens.get("contractor"), &json!({})).await;
        assert_eq!(reply.code(), "validation_failed");
    }
}
