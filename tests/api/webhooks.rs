//! Webhooks: events leave signed from an outbox, survive a receiver that is
//! down, keep their order per record, go once per `webhook-id` (also with
//! two server processes), respect each endpoint's filter and region, and
//! are managed by administrators only.

use std::collections::HashMap;

use fieldsync::{config::Settings, templates::seed::DUST_CONTROL_V1};
use fieldsync_tests::{Arrival, Backend, Receiver, Seeded, TestApp, db_tests};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    inspections::dust_answers,
    notices_common::{Tokens, act, draft},
};

/// Retries within milliseconds, so a test waits only for arrivals; the test
/// receivers on 127.0.0.1 allowed, as an administrator allows a real internal one.
pub fn quick(settings: &mut Settings) {
    settings.webhooks.backoff_base_secs = 0.01;
    settings.webhooks.backoff_cap_secs = 0.05;
    settings.webhooks.max_attempts = 1_000;
    settings.webhooks.allow_networks = vec!["127.0.0.1/32".parse().unwrap()];
}

/// An address of the allowed 127.0.0.1 where nothing listens (the discard port):
/// for endpoints that are registered but never sent to.
const NOWHERE: &str = "http://127.0.0.1:9";

/// [`quick`], and a delivery fails for good after three attempts.
fn three_attempts(settings: &mut Settings) {
    quick(settings);
    settings.webhooks.max_attempts = 3;
}

/// Registers an endpoint as `token`; returns (id, secret).
pub async fn register(app: &TestApp, token: &str, body: Value) -> (String, String) {
    let reply = app.post("/v1/admin/webhooks", token, &body).await;
    let created = reply.expect(201);
    (created["id"].as_str().unwrap().to_owned(), created["secret"].as_str().unwrap().to_owned())
}

/// An endpoint at `receiver/name` for every event of the whole tree; its secret set on the receiver.
async fn listen_all(app: &TestApp, admin: &str, receiver: &Receiver, name: &str) -> String {
    let (id, secret) = register(app, admin, json!({"url": format!("{}/{name}", receiver.url), "events": ["*"]})).await;
    receiver.set_secret(&secret);
    id
}

pub async fn deliveries(app: &TestApp, token: &str, endpoint: &str) -> Vec<Value> {
    let reply = app.get(&format!("/v1/admin/webhooks/{endpoint}/deliveries?limit=500"), token).await;
    reply.expect(200)["items"].as_array().unwrap().clone()
}

/// Waits until every delivery of the endpoint is in `state` (bounded; the
/// worker records the outcome just after the receiver answered).
pub async fn settled(app: &TestApp, token: &str, endpoint: &str, state: &str) -> Vec<Value> {
    for _ in 0..3_000 {
        let items = deliveries(app, token, endpoint).await;
        if !items.is_empty() && items.iter().all(|d| d["state"] == state) {
            return items;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("deliveries never all {state}: {:#?}", deliveries(app, token, endpoint).await);
}

/// A notice on site A taken through create, issue, acknowledge, respond: four events.
async fn walked_notice(app: &TestApp, tokens: &Tokens, places: &fieldsync_tests::Places) -> Uuid {
    let id = draft(app, "inspector", places, "rectification").await;
    act(app, tokens.get("inspector"), id, "issue").await.expect(200);
    act(app, tokens.get("contractor"), id, "acknowledge").await.expect(200);
    act(app, tokens.get("contractor"), id, "respond").await.expect(200);
    id
}

const WALK: [(&str, Option<&str>); 4] = [
    ("notice.created", None),
    ("notice.issued", Some("issue")),
    ("notice.updated", Some("acknowledge")),
    ("notice.updated", Some("respond")),
];

fn walk_of(arrivals: &[Arrival], record: Uuid) -> Vec<(String, Option<String>)> {
    arrivals
        .iter()
        .filter(|a| a.record_id() == record.to_string())
        .map(|a| (a.event_type().to_owned(), a.body["action"].as_str().map(str::to_owned)))
        .collect()
}

fn expected_walk() -> Vec<(String, Option<String>)> {
    WALK.iter().map(|(t, a)| ((*t).to_owned(), a.map(str::to_owned))).collect()
}

/// How many times each `webhook-id` was delivered successfully.
fn successes(arrivals: &[Arrival]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for a in arrivals.iter().filter(|a| a.accepted) {
        *counts.entry(a.id.clone()).or_default() += 1;
    }
    counts
}

pub async fn world(app: &TestApp) -> (Seeded, fieldsync_tests::Places, Tokens) {
    let seeded = app.seed().await;
    let places = app.seed_places(&seeded).await;
    let tokens = Tokens::of(app, &["admin", "supervisor1", "inspector", "contractor"]).await;
    (seeded, places, tokens)
}

db_tests! {
    settings = quick;

    async fn events_arrive_signed_so_a_standard_webhooks_library_verifies_them_and_a_wrong_secret_does_not(app) {
        let (_, places, tokens) = world(&app).await;
        let receiver = Receiver::start().await;
        let endpoint = listen_all(&app, tokens.get("admin"), &receiver, "in").await;
        let shown = app.get(&format!("/v1/admin/webhooks/{endpoint}"), tokens.get("admin")).await;
        assert!(shown.expect(200).get("secret").is_none(), "the secret is shown only at creation");

        let id = draft(&app, "inspector", &places, "rectification").await;
        let arrivals = receiver.wait_until("notice.created", |a| !a.is_empty()).await;
        let got = &arrivals[0];
        assert!(got.verified, "signed with the endpoint's secret");
        assert_eq!((got.event_type(), got.record_id()), ("notice.created", id.to_string().as_str()));
        assert_eq!(got.body["data"]["state"], "draft", "the record as the API shows it");
        assert!(got.headers["webhook-signature"].to_str().unwrap().starts_with("v1,"));

        let raw = serde_json::to_vec(&got.body).unwrap();
        let wrong = standardwebhooks::Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert!(wrong.verify(&raw, &got.headers).is_err(), "a receiver with another secret sees a bad signature");
        receiver.set_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        act(&app, tokens.get("inspector"), id, "issue").await.expect(200);
        let arrivals = receiver.wait_until("notice.issued", |a| a.len() >= 2).await;
        assert!(!arrivals[1].verified, "the receiver with the wrong secret can tell");
    }

    async fn a_receiver_down_for_a_while_gets_every_event_in_order_per_record_exactly_once(app) {
        let (_, places, tokens) = world(&app).await;
        let receiver = Receiver::start().await;
        receiver.set_up(false);
        let endpoint = listen_all(&app, tokens.get("admin"), &receiver, "in").await;
        let first = walked_notice(&app, &tokens, &places).await;
        let second = walked_notice(&app, &tokens, &places).await;
        receiver.wait_until("refused attempts", |a| a.iter().filter(|a| !a.accepted).count() >= 6).await;

        receiver.set_up(true);
        let arrivals = receiver.wait_until("all eight events", |a| successes(a).len() == 8).await;
        let items = settled(&app, tokens.get("admin"), &endpoint, "delivered").await;
        assert_eq!(items.len(), 8);
        let accepted: Vec<Arrival> = receiver.accepted();
        assert_eq!(walk_of(&accepted, first), expected_walk(), "in order per record");
        assert_eq!(walk_of(&accepted, second), expected_walk());
        assert!(successes(&accepted).values().all(|n| *n == 1), "{:?}", successes(&accepted));
        assert!(arrivals.iter().all(|a| a.verified));
        let refusals = items.iter().flat_map(|d| d["log"].as_array().unwrap()).filter(|a| a["status"].is_null());
        assert!(refusals.count() >= 6, "the log keeps the refusals");
    }

    async fn an_endpoint_hears_only_its_event_types_and_its_region(app) {
        let (seeded, places, tokens) = world(&app).await;
        let receiver = Receiver::start().await;
        let admin = tokens.get("admin");
        let everything = listen_all(&app, admin, &receiver, "all").await;
        let (issued_only, _) = register(&app, admin, json!({
            "url": format!("{}/issued", receiver.url), "events": ["notice.issued"], "region_id": seeded.township1,
        })).await;
        let (elsewhere, _) = register(&app, admin, json!({
            "url": format!("{}/elsewhere", receiver.url), "events": ["*"], "region_id": seeded.township2,
        })).await;

        let notice = walked_notice(&app, &tokens, &places).await;
        let mut phone = app.device("inspector").await;
        let inspection = Uuid::new_v4();
        phone.apply(&app, "inspection.create", json!({"id": inspection, "template_id": DUST_CONTROL_V1, "site_id": places.site_a})).await;
        phone.apply(&app, "inspection.update", json!({"id": inspection, "base_rev": 1, "answers": dust_answers()})).await;
        phone.apply(&app, "inspection.finish", json!({"id": inspection})).await;

        let arrivals = receiver.wait_until("every event", |a| a.iter().filter(|a| a.path == "all").count() == 7 && a.iter().any(|a| a.path == "issued")).await;
        let types: Vec<&str> = arrivals.iter().filter(|a| a.path == "all" && a.body["data"]["id"] == inspection.to_string()).map(Arrival::event_type).collect();
        assert_eq!(types, ["inspection.created", "inspection.updated", "inspection.finished"], "updates are sent, not only creates");
        let issued: Vec<Value> = deliveries(&app, admin, &issued_only).await;
        assert_eq!(issued.iter().map(|d| d["event_type"].as_str().unwrap()).collect::<Vec<_>>(), ["notice.issued"]);
        assert_eq!(issued[0]["record_id"], notice.to_string());
        assert!(deliveries(&app, admin, &elsewhere).await.is_empty(), "an endpoint of another township gets nothing");
        assert_eq!(deliveries(&app, admin, &everything).await.len(), 7);
    }

    async fn manual_redelivery_sends_the_same_webhook_id_again(app) {
        let (_, places, tokens) = world(&app).await;
        let receiver = Receiver::start().await;
        let endpoint = listen_all(&app, tokens.get("admin"), &receiver, "in").await;
        draft(&app, "inspector", &places, "rectification").await;
        receiver.wait_until("the event", |a| successes(a).len() == 1).await;
        let delivered = settled(&app, tokens.get("admin"), &endpoint, "delivered").await;

        let path = format!("/v1/admin/webhooks/deliveries/{}/redeliver", delivered[0]["id"].as_str().unwrap());
        app.post(&path, tokens.get("inspector"), &json!({})).await.expect_error(403, "forbidden");
        app.post(&path, tokens.get("admin"), &json!({})).await.expect(202);
        let arrivals = receiver.wait_until("the redelivery", |a| a.len() == 2).await;
        assert_eq!(arrivals[0].id, arrivals[1].id);
        assert_eq!(arrivals[1].id, delivered[0]["event_id"].as_str().unwrap());
        let again = settled(&app, tokens.get("admin"), &endpoint, "delivered").await;
        assert_eq!(again[0]["log"].as_array().unwrap().len(), 2, "both sends are in the log");
    }

    async fn only_administrators_manage_webhooks_within_their_region_and_bad_input_is_named(app) {
        let (seeded, _, tokens) = world(&app).await;
        let admin = tokens.get("admin");
        let body = json!({"url": format!("{NOWHERE}/in"), "events": ["notice.issued"]});
        for user in ["inspector", "contractor"] {
            app.post("/v1/admin/webhooks", tokens.get(user), &body).await.expect_error(403, "forbidden");
            app.get("/v1/admin/webhooks", tokens.get(user)).await.expect_error(403, "forbidden");
        }
        let (county_wide, _) = register(&app, admin, body.clone()).await;
        let supervisor = tokens.get("supervisor1");
        app.get(&format!("/v1/admin/webhooks/{county_wide}"), supervisor).await.expect_error(404, "not_found");
        let other = json!({"url": format!("{NOWHERE}/in"), "events": ["*"], "region_id": seeded.township2});
        let refused = app.post("/v1/admin/webhooks", supervisor, &other).await;
        refused.expect_error(422, "validation_failed");
        assert_eq!(refused.body["error"]["details"]["fields"][0]["field"], "region_id");
        let (own, _) = register(&app, supervisor, json!({"url": format!("{NOWHERE}/t1"), "events": ["*"]})).await;
        let listed = app.get("/v1/admin/webhooks", supervisor).await;
        assert_eq!(listed.expect(200)["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect::<Vec<_>>(), [own.as_str()]);

        let bad = app.post("/v1/admin/webhooks", admin, &json!({"url": "ftp://hooks.example/", "events": ["notice.exploded"]})).await;
        bad.expect_error(422, "validation_failed");
        let codes: Vec<(&str, &str)> = bad.body["error"]["details"]["fields"].as_array().unwrap().iter().map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap())).collect();
        assert_eq!(codes, [("url", "url_scheme"), ("events", "not_allowed")]);

        let rotated = app.patch(&format!("/v1/admin/webhooks/{own}"), supervisor, &json!({"rotate_secret": true, "enabled": false})).await;
        assert!(rotated.expect(200)["secret"].as_str().unwrap().starts_with("whsec_"));
        assert_eq!(rotated.body["enabled"], false);
        let removed = app.send(Method::DELETE, &format!("/v1/admin/webhooks/{own}"), Some(supervisor), None).await;
        assert_eq!(removed.status, 204);
        app.get(&format!("/v1/admin/webhooks/{own}"), supervisor).await.expect_error(404, "not_found");
    }

    async fn finished_deliveries_are_forgotten_after_the_keep_days_and_pending_ones_are_kept(app) {
        let (_, places, tokens) = world(&app).await;
        let admin = tokens.get("admin");
        let (up, down) = (Receiver::start().await, Receiver::start().await);
        down.set_up(false);
        let delivered = listen_all(&app, admin, &up, "in").await;
        let waiting = listen_all(&app, admin, &down, "in").await;
        draft(&app, "inspector", &places, "rectification").await;
        up.wait_until("the event", |a| successes(a).len() == 1).await;
        settled(&app, admin, &delivered, "delivered").await;

        let later = chrono::Utc::now() + chrono::Duration::days(i64::from(app.state.settings.webhooks.keep_days) + 1);
        assert_eq!(fieldsync::webhooks::retention::purge(&app.state, later).await.unwrap(), 1);
        assert!(deliveries(&app, admin, &delivered).await.is_empty());
        let pending = deliveries(&app, admin, &waiting).await;
        assert_eq!(pending.iter().map(|d| d["state"].as_str().unwrap()).collect::<Vec<_>>(), ["pending"]);
        down.set_up(true);
        settled(&app, admin, &waiting, "delivered").await;
    }

    async fn a_test_event_reaches_the_endpoint_it_is_sent_to(app) {
        let (_, _, tokens) = world(&app).await;
        let receiver = Receiver::start().await;
        let endpoint = listen_all(&app, tokens.get("admin"), &receiver, "in").await;
        app.post(&format!("/v1/admin/webhooks/{endpoint}/test"), tokens.get("admin"), &json!({})).await.expect(202);
        let arrivals = receiver.wait_until("the ping", |a| !a.is_empty()).await;
        assert_eq!(arrivals[0].event_type(), "webhook.ping");
        assert!(arrivals[0].verified);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_server_processes_deliver_each_event_once() {
    let Some(backend) = Backend::postgres() else { return };
    let first = TestApp::spawn_with(backend, quick).await;
    let second = first.spawn_sibling_with(quick).await;
    let (_, places, tokens) = world(&first).await;
    let receiver = Receiver::start().await;
    let endpoint = listen_all(&first, tokens.get("admin"), &receiver, "in").await;
    let mut notices = Vec::new();
    for _ in 0..10 {
        notices.push(walked_notice(&first, &tokens, &places).await);
    }
    receiver.wait_until("forty events", |a| successes(a).len() == 40).await;
    settled(&first, tokens.get("admin"), &endpoint, "delivered").await;
    second.stop().await;
    first.stop().await;
    let accepted = receiver.accepted();
    assert!(successes(&accepted).values().all(|n| *n == 1), "{:?}", successes(&accepted));
    for notice in notices {
        assert_eq!(walk_of(&accepted, notice), expected_walk());
    }
}

/// With few attempts, so that running out of them is quick.
mod failing {
    use super::*;

    db_tests! {
        settings = three_attempts;

        async fn a_delivery_fails_after_the_last_attempt_and_stays_in_the_log(app) {
            let (_, places, tokens) = world(&app).await;
            let receiver = Receiver::start().await;
            receiver.set_up(false);
            let endpoint = listen_all(&app, tokens.get("admin"), &receiver, "in").await;
            draft(&app, "inspector", &places, "rectification").await;
            receiver.wait_until("three attempts", |a| a.len() == 3).await;
            let failed = settled(&app, tokens.get("admin"), &endpoint, "failed").await;
            let log = failed[0]["log"].as_array().unwrap();
            assert_eq!(log.len(), 3);
            assert!(log.iter().all(|a| a["status"].is_null() && a["error"] == failed[0]["last_error"]), "{log:?}");
            assert_eq!(failed[0]["attempts"], 3);
            let listed = app.get(&format!("/v1/admin/webhooks/{endpoint}/deliveries?state=failed"), tokens.get("admin")).await;
            assert_eq!(listed.expect(200)["items"].as_array().unwrap().len(), 1);

            receiver.set_up(true);
            let path = format!("/v1/admin/webhooks/deliveries/{}/redeliver", failed[0]["id"].as_str().unwrap());
            app.post(&path, tokens.get("admin"), &json!({})).await.expect(202);
            receiver.wait_until("the redelivery", |a| successes(a).len() == 1).await;
            settled(&app, tokens.get("admin"), &endpoint, "delivered").await;
        }
    }
}
