//! Numbers for issuing without a network: an inspector reserves a few of a
//! kind while online, prints one on each notice issued offline, gives back
//! or voids the rest; the supervisor's register accounts for every number
//! of the series (issued, reserved, free, voided), also when numbers are
//! reserved, issued and given back at once, on both databases.

use std::collections::BTreeSet;

use fieldsync_tests::{Reply, TestApp, db_tests};
use serde_json::{Value, json};
use sync_protocol::{MutationStatus, client::Client};
use uuid::Uuid;

use crate::notices_common::{content, draft, rectification_number, seq_of, world};

/// Reserves `count` numbers of `kind` as the holder of `token`.
async fn reserve(app: &TestApp, token: &str, kind: &str, count: u32) -> Reply {
    app.post("/v1/numbers/reservations", token, &json!({"kind": kind, "count": count})).await
}

/// The numbers of a reply's list.
fn numbers(reply: &Reply) -> Vec<String> {
    reply.body["numbers"].as_array().unwrap().iter().map(|n| n["number"].as_str().unwrap().to_owned()).collect()
}

/// The field error code of a refusal.
fn field_code(error: &Value) -> &str {
    error["details"]["fields"][0]["code"].as_str().unwrap_or_default()
}

/// Issues notice `id` through sync as `username`, with `number` if given.
async fn issue(app: &TestApp, username: &str, id: Uuid, number: Option<&str>) -> sync_protocol::MutationResult {
    let mut device = app.sync_client(username).await;
    let mut args = json!({"id": id});
    if let Some(number) = number {
        args["number"] = json!(number);
    }
    device.mutate("notice.issue", args);
    device.push().await.unwrap().remove(0)
}

/// The register as `token` reads it: (seq, number, status, reason) in series order.
async fn register(app: &TestApp, token: &str) -> Vec<(u32, String, String, String)> {
    let reply = app.get("/v1/numbers/register?kind=rectification", token).await;
    reply.expect(200)["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let text = |k: &str| n[k].as_str().unwrap_or_default().to_owned();
            (n["seq"].as_u64().unwrap() as u32, text("number"), text("status"), text("void_reason"))
        })
        .collect()
}

/// `count` draft rectification notices on site A by the inspector.
async fn drafts(app: &TestApp, site: Uuid, count: usize) -> Vec<Uuid> {
    let mut writer = app.sync_client("inspector").await;
    let ids: Vec<Uuid> = (0..count).map(|_| Uuid::new_v4()).collect();
    for id in &ids {
        let mut args = content();
        args["id"] = json!(id);
        args["kind"] = json!("rectification");
        args["site_id"] = json!(site);
        writer.mutate("notice.create", args);
    }
    assert!(writer.push().await.unwrap().iter().all(|r| r.status == MutationStatus::Applied));
    ids
}

fn year() -> String {
    chrono::Utc::now().format("%Y").to_string()
}

db_tests! {
    async fn reservations_made_at_once_never_hold_more_than_the_limit(app) {
        let (_places, tokens) = world(&app).await;
        let asks = (0..4).map(|_| reserve(&app, tokens.get("inspector"), "rectification", 8));
        let replies = futures::future::join_all(asks).await;
        let granted = replies.iter().filter(|r| r.status == 201).count();
        assert_eq!(granted, 2, "two of 8 fit under 20, a third does not: {:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
        for refused in replies.iter().filter(|r| r.status != 201) {
            assert_eq!(field_code(&refused.body["error"]), "too_many_reserved");
        }
        assert_eq!(numbers(&app.get("/v1/numbers/reserved", tokens.get("inspector")).await).len(), 16);
        let shown = register(&app, tokens.get("supervisor")).await;
        assert_eq!(shown.iter().map(|(seq, ..)| *seq).collect::<Vec<_>>(), (1..=16).collect::<Vec<_>>(), "a refused reservation takes no number");
    }

    async fn a_reserved_number_is_printed_offline_and_the_register_accounts_for_every_number(app) {
        let (places, tokens) = world(&app).await;
        let inspector = tokens.get("inspector");
        let held = reserve(&app, inspector, "rectification", 3).await;
        let held = numbers(&{ held.expect(201); held });
        let year = year();
        assert_eq!(held, (1..=3).map(|n| rectification_number(&year, n)).collect::<Vec<_>>());
        assert_eq!(numbers(&app.get("/v1/numbers/reserved", inspector).await), held);

        // What may not be reserved, said plainly.
        let strong = reserve(&app, inspector, "stop_work", 1).await;
        strong.expect_error(422, "validation_failed");
        assert_eq!(field_code(&strong.body["error"]), "numbered_at_approval");
        reserve(&app, inspector, "rectification", 0).await.expect_error(422, "validation_failed");
        let over = reserve(&app, inspector, "rectification", 18).await;
        over.expect_error(422, "validation_failed");
        assert_eq!(field_code(&over.body["error"]), "too_many_reserved", "3 held and 18 more is over 20");
        reserve(&app, tokens.get("contractor"), "rectification", 1).await.expect_error(403, "forbidden");

        // Issued offline with the second number: the notice prints it.
        let offline = draft(&app, "inspector", &places, "rectification").await;
        let done = issue(&app, "inspector", offline, Some(&held[1])).await;
        assert_eq!(done.status, MutationStatus::Applied, "{done:?}");
        assert_eq!(done.result.unwrap()["number"], json!(held[1]));
        // Nobody else may print the inspector's number, nor may it be printed twice.
        let theirs = draft(&app, "inspector", &places, "rectification").await;
        for number in [&held[0], &held[1]] {
            let refused = issue(&app, "supervisor1", theirs, Some(number)).await;
            let error = serde_json::to_value(refused.error.unwrap()).unwrap();
            assert_eq!((error["code"].as_str(), field_code(&error)), (Some("validation_failed"), "not_held"));
        }
        let again = issue(&app, "inspector", theirs, Some(&held[1])).await;
        assert_eq!(field_code(&serde_json::to_value(again.error.unwrap()).unwrap()), "not_held");
        // Issued online without a number: a new one, after those reserved.
        let online = issue(&app, "inspector", theirs, None).await;
        assert_eq!(online.result.unwrap()["number"], json!(rectification_number(&year, 4)));

        // The first is given back, so the next notice takes it; the third is voided.
        let given = app.post("/v1/numbers/give-back", inspector, &json!({"numbers": [held[0]]})).await;
        assert_eq!(given.expect(200)["given_back"], 1);
        let back = app.post("/v1/numbers/give-back", inspector, &json!({"numbers": [held[0]]})).await;
        back.expect_error(422, "validation_failed");
        let next = draft(&app, "inspector", &places, "rectification").await;
        assert_eq!(issue(&app, "inspector", next, None).await.result.unwrap()["number"], json!(held[0]));
        let unexplained = app.post("/v1/numbers/void", inspector, &json!({"number": held[2], "reason": " "})).await;
        unexplained.expect_error(422, "validation_failed");
        let voided = app.post("/v1/numbers/void", inspector, &json!({"number": held[2], "reason": "表格污损"})).await;
        assert_eq!(voided.status, 204, "{}", voided.text);
        let twice = app.post("/v1/numbers/void", inspector, &json!({"number": held[2], "reason": "again"})).await;
        twice.expect_error(422, "validation_failed");
        assert!(numbers(&app.get("/v1/numbers/reserved", inspector).await).is_empty());

        // The supervisor's register: every number, once, with where it stands.
        let shown = register(&app, tokens.get("supervisor")).await;
        let expected = vec![
            (1, held[0].clone(), "issued".to_owned(), String::new()),
            (2, held[1].clone(), "issued".to_owned(), String::new()),
            (3, held[2].clone(), "voided".to_owned(), "表格污损".to_owned()),
            (4, rectification_number(&year, 4), "issued".to_owned(), String::new()),
        ];
        assert_eq!(shown, expected);
        app.get("/v1/numbers/register", inspector).await.expect_error(403, "forbidden");
        assert_eq!(register(&app, tokens.get("admin")).await, expected, "an admin reads every county's");
    }

    async fn numbers_reserved_issued_and_given_back_at_once_are_each_accounted_for_once(app) {
        let (places, tokens) = world(&app).await;
        let ids = drafts(&app, places.site_a, 24).await;
        let issuers = ["inspector", "supervisor1", "supervisor", "admin"];
        let issuing: Vec<String> = futures::future::join_all(issuers.iter().map(|u| app.token(u))).await;
        // Phase one: 16 notices issued and 8 reservations of two numbers, all at once.
        let reserving = ["inspector", "inspector2", "supervisor1", "supervisor"];
        let mut tasks = Vec::new();
        for (i, id) in ids[..16].iter().enumerate() {
            let mut device = Client::new(app.url(""), issuing[i % issuing.len()].clone());
            device.mutate("notice.issue", json!({"id": id}));
            tasks.push(tokio::spawn(async move {
                let result = device.push().await.unwrap().remove(0);
                assert_eq!(result.status, MutationStatus::Applied, "{result:?}");
                vec![result.result.unwrap()["number"].as_str().unwrap().to_owned()]
            }));
        }
        for i in 0..8 {
            let (url, token) = (app.url("/v1/numbers/reservations"), tokens.get(reserving[i % 4]).to_owned());
            let http = app.client_builder().build().unwrap();
            tasks.push(tokio::spawn(async move {
                let reply = http.post(url).bearer_auth(token).json(&json!({"kind": "rectification", "count": 2})).send().await.unwrap();
                assert_eq!(reply.status(), 201);
                let body: Value = reply.json().await.unwrap();
                body["numbers"].as_array().unwrap().iter().map(|n| n["number"].as_str().unwrap().to_owned()).collect()
            }));
        }
        let mut taken: Vec<String> = Vec::new();
        for task in tasks {
            taken.extend(task.await.unwrap());
        }
        let mut seqs: Vec<u32> = taken.iter().map(|n| seq_of(n)).collect();
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=32).collect::<Vec<_>>(), "16 issued and 16 reserved, each once: {taken:?}");

        // Phase two: the inspector gives back both of one reservation while
        // eight more notices are issued at once: two of them take the
        // numbers given back, the others new ones, and nothing is taken twice.
        let mine: Vec<String> = numbers(&app.get("/v1/numbers/reserved", tokens.get("inspector")).await);
        assert_eq!(mine.len(), 4, "two reservations of two");
        let given = app.post("/v1/numbers/give-back", tokens.get("inspector"), &json!({"numbers": mine[..2]})).await;
        assert_eq!(given.expect(200)["given_back"], 2);
        let tasks: Vec<_> = ids[16..]
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let mut device = Client::new(app.url(""), issuing[i % issuing.len()].clone());
                device.mutate("notice.issue", json!({"id": id}));
                tokio::spawn(async move { device.push().await.unwrap().remove(0) })
            })
            .collect();
        let mut issued_now = BTreeSet::new();
        for task in tasks {
            let result = task.await.unwrap();
            assert_eq!(result.status, MutationStatus::Applied, "{result:?}");
            issued_now.insert(result.result.unwrap()["number"].as_str().unwrap().to_owned());
        }
        assert_eq!(issued_now.len(), 8);
        assert!(mine[..2].iter().all(|n| issued_now.contains(n)), "the numbers given back are taken first: {issued_now:?}");

        let shown = register(&app, tokens.get("supervisor")).await;
        let seqs: Vec<u32> = shown.iter().map(|(seq, ..)| *seq).collect();
        assert_eq!(seqs, (1..=38).collect::<Vec<_>>(), "32 and six new ones, no gap and no repeat");
        let count = |status: &str| shown.iter().filter(|(_, _, s, _)| s == status).count();
        assert_eq!((count("issued"), count("reserved"), count("free")), (24, 14, 0));
        // Each issued number is on exactly one notice, and each notice has its own.
        let mut on_notices = BTreeSet::new();
        for id in &ids {
            let notice = app.get(&format!("/v1/notices/{id}"), tokens.get("admin")).await;
            assert!(on_notices.insert(notice.expect(200)["number"].as_str().unwrap().to_owned()));
        }
        let issued: BTreeSet<String> = shown.iter().filter(|(_, _, s, _)| s == "issued").map(|(_, n, ..)| n.clone()).collect();
        assert_eq!(on_notices, issued);
    }
}
