//! An answer the inspector rejects is not lost when the next one arrives:
//! its text and photos stay in the notice's history, its photos stay
//! referenced (so the cleanup job keeps them past the grace period and the
//! parties may still download them), and both the contractor's order page
//! and the supervisor's notice page show it with why it was not accepted.

use chrono::Utc;
use fieldsync::blobs::cleanup;
use fieldsync_tests::{Browser, TestApp, db_tests, fake_jpeg, sha_hex};
use migrations::{Migrator, MigratorTrait};
use serde_json::json;
use uuid::Uuid;

use crate::notices_common::{Tokens, notice_in, world};

/// The contractor answers `text` with one new photo; returns its hash.
async fn answer(app: &TestApp, tokens: &Tokens, id: Uuid, text: &str, seed: u64) -> String {
    let photo = fake_jpeg(4_000, seed);
    app.upload(tokens.get("contractor"), &photo, photo.len()).await.expect(201);
    let body = json!({"text": text, "photos": [sha_hex(&photo)]});
    app.post(&format!("/v1/notices/{id}/actions/respond"), tokens.get("contractor"), &body).await.expect(200);
    sha_hex(&photo)
}

/// A notice answered twice, the first answer rejected; the two photos' hashes.
async fn answered_twice(app: &TestApp) -> (Tokens, Uuid, String, String) {
    let (places, tokens) = world(app).await;
    let id = notice_in(app, &tokens, &places, "acknowledged").await;
    let first = answer(app, &tokens, id, "第一次：已覆盖北门土方。", 61).await;
    let reject = json!({"comment": "东侧仍有裸土未覆盖。"});
    app.post(&format!("/v1/notices/{id}/actions/reject"), tokens.get("inspector"), &reject).await.expect(200);
    let second = answer(app, &tokens, id, "第二次：东侧也已覆盖。", 62).await;
    (tokens, id, first, second)
}

db_tests! {
    async fn a_rejected_answer_keeps_its_text_and_photos_after_the_next_answer(app) {
        let (tokens, id, first, second) = answered_twice(&app).await;
        let notice = app.get(&format!("/v1/notices/{id}"), tokens.get("contractor")).await;
        assert_eq!(notice.expect(200)["response"]["photos"], json!([second]), "the notice holds the latest answer");
        let answers: Vec<serde_json::Value> = notice.body["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e.get("response").cloned())
            .collect();
        assert_eq!(answers.len(), 2, "both answers are in the history: {answers:?}");
        assert_eq!(answers[0], json!({"text": "第一次：已覆盖北门土方。", "photos": [first]}));
        assert_eq!(answers[1]["photos"], json!([second]));

        // Long past the grace period, the cleanup job keeps both photos.
        let later = Utc::now() + chrono::Duration::days(60);
        let swept = cleanup::sweep(&app.state.db, &app.state.blobs, later).await.unwrap();
        assert_eq!(swept.orphans, 0, "no photo of an answer is an orphan");
        for who in ["contractor", "supervisor", "inspector"] {
            for sha in [&first, &second] {
                let (status, _, body) = app.fetch(&format!("/v1/blobs/{sha}"), tokens.get(who), &[]).await;
                assert_eq!((status, sha_hex(&body)), (200, sha.clone()), "{who} downloads {sha}");
            }
        }
    }

    async fn the_order_and_notice_pages_show_the_answer_that_was_not_accepted(app) {
        let (_tokens, id, first, second) = answered_twice(&app).await;
        let contractor = Browser::signed_in(&app, "contractor").await;
        let order = contractor.get(&format!("/app/orders/{id}")).await;
        assert_eq!(order.status, 200);
        for shown in ["第一次：已覆盖北门土方。", "东侧仍有裸土未覆盖。", "class=\"earlier-answer\"", &first, "第二次：东侧也已覆盖。", &second] {
            assert!(order.text.contains(shown), "the order page shows {shown}");
        }
        let supervisor = Browser::signed_in(&app, "supervisor").await;
        let page = supervisor.get(&format!("/app/notices/{id}")).await;
        assert_eq!(page.status, 200);
        for shown in ["第一次：已覆盖北门土方。", "东侧仍有裸土未覆盖。", &first, &second] {
            assert!(page.text.contains(shown), "the notice page shows {shown}");
        }
    }

    async fn the_migration_copies_each_notices_last_answer_into_its_history(app) {
        let (tokens, id, _first, second) = answered_twice(&app).await;
        let db = app.state.db.write();
        // As before the column (and what came after): the answers in the
        // history are gone, the notice has its last.
        let after = Migrator::migrations().iter().rev().take_while(|m| m.name() != "m20261207_000021_notice_answers").count();
        Migrator::down(db, Some(after as u32 + 1)).await.unwrap();
        Migrator::up(db, None).await.unwrap();
        let notice = app.get(&format!("/v1/notices/{id}"), tokens.get("admin")).await;
        let answers: Vec<serde_json::Value> = notice.expect(200)["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "respond")
            .map(|e| e.get("response").cloned().unwrap_or_default())
            .collect();
        assert_eq!(answers.len(), 2);
        assert_eq!(answers[0], serde_json::Value::Null, "an answer already overwritten cannot come back");
        assert_eq!(answers[1]["photos"], json!([second]), "the last answer is copied from the notice");
    }
}
