//! Exports run as background jobs with progress and a download link, only
//! for their owner, only over the owner's region.

use std::time::Duration;

use fieldsync::config::BlobBackend;
use fieldsync_tests::{Backend, BlobEnv, Reply, TestApp, db_tests};
use serde_json::json;

use crate::notices_common::{Tokens, act, draft_on, notice_in};

async fn finished(app: &TestApp, token: &str, id: &str) -> Reply {
    for _ in 0..200 {
        let reply = app.get(&format!("/v1/reports/exports/{id}"), token).await;
        if matches!(reply.body["state"].as_str(), Some("done" | "failed")) {
            return reply;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("export {id} did not finish");
}

db_tests! {
    async fn an_export_runs_in_the_background_and_is_downloaded_by_its_owner(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["admin", "inspector", "inspector2", "supervisor1", "contractor"]).await;
        let mut numbers = Vec::new();
        for _ in 0..3 {
            let id = notice_in(&app, &tokens, &places, "issued").await;
            numbers.push(app.get(&format!("/v1/notices/{id}"), tokens.get("admin")).await.body["number"].as_str().unwrap().to_owned());
        }
        let elsewhere = draft_on(&app, "inspector2", places.site_b, "rectification").await;
        act(&app, tokens.get("inspector2"), elsewhere, "issue").await.expect(200);
        let today = app.state.calendar.today(chrono::Utc::now());
        let ask = json!({"what": "notices", "from": today, "to": today});

        let created = app.post("/v1/reports/exports", tokens.get("supervisor1"), &ask).await;
        let id = created.expect(202)["id"].as_str().unwrap().to_owned();
        let done = finished(&app, tokens.get("supervisor1"), &id).await;
        assert_eq!(done.body["state"], "done", "{}", done.text);
        assert_eq!((done.body["rows_done"].as_i64(), done.body["rows_total"].as_i64()), (Some(3), Some(3)));
        assert_eq!(done.body["progress"], 1.0);
        let url = done.body["download_url"].as_str().unwrap();
        let csv = app.get(url, tokens.get("supervisor1")).await;
        assert_eq!(csv.status, 200);
        let lines: Vec<&str> = csv.text.lines().collect();
        assert_eq!(lines.len(), 4, "header and township 1's three notices: {}", csv.text);
        assert!(lines[0].starts_with("id,number,kind,state"));
        for number in &numbers {
            assert!(csv.text.contains(number.as_str()));
        }
        // Only the owner sees it.
        app.get(&format!("/v1/reports/exports/{id}"), tokens.get("inspector")).await.expect_error(404, "not_found");
        app.get(url, tokens.get("inspector2")).await.expect_error(404, "not_found");
    }

    async fn exports_refuse_contractors_and_bad_periods(app) {
        app.seed().await;
        let tokens = Tokens::of(&app, &["supervisor1", "contractor"]).await;
        let ask = json!({"what": "notices", "from": "2026-01-01", "to": "2026-01-31"});
        app.post("/v1/reports/exports", tokens.get("contractor"), &ask).await.expect_error(403, "forbidden");
        let backwards = json!({"what": "notices", "from": "2026-02-01", "to": "2026-01-01"});
        app.post("/v1/reports/exports", tokens.get("supervisor1"), &backwards).await.expect_error(422, "validation_failed");
        let unknown = json!({"what": "photos", "from": "2026-01-01", "to": "2026-01-01"});
        let reply = app.post("/v1/reports/exports", tokens.get("supervisor1"), &unknown).await;
        assert_eq!(reply.status / 100, 4, "{}", reply.text);
    }
}

/// Several processes on one PostgreSQL and one S3 bucket: whichever process's
/// worker writes an export, every process serves its download.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_made_by_one_process_downloads_from_every_process() {
    let Some(backend) = Backend::postgres() else { return };
    let env = BlobEnv::spawn(backend, true).await;
    let app = &env.app;
    let store = env.s3.as_ref().unwrap().settings();
    let sibling = app
        .spawn_sibling_with(|settings| {
            settings.blobs.backend = BlobBackend::S3;
            settings.blobs.s3 = store;
        })
        .await;
    let seeded = app.seed().await;
    let places = app.seed_places(&seeded).await;
    let tokens = Tokens::of(app, &["admin", "inspector", "supervisor1", "contractor"]).await;
    let number = {
        let id = notice_in(app, &tokens, &places, "issued").await;
        app.get(&format!("/v1/notices/{id}"), tokens.get("supervisor1")).await.body["number"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let today = app.state.calendar.today(chrono::Utc::now());
    let ask = json!({"what": "notices", "from": today, "to": today});
    for (asked, other) in [(app, &sibling), (&sibling, app)] {
        let id = asked.post("/v1/reports/exports", tokens.get("supervisor1"), &ask).await.expect(202)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let done = finished(asked, tokens.get("supervisor1"), &id).await;
        assert_eq!(done.body["state"], "done", "{}", done.text);
        let url = done.body["download_url"].as_str().unwrap();
        let here = asked.get(url, tokens.get("supervisor1")).await;
        let there = other.get(url, tokens.get("supervisor1")).await;
        assert_eq!((here.status, there.status), (200, 200), "{} / {}", here.text, there.text);
        assert_eq!(here.text, there.text);
        assert!(there.text.contains(&number), "{}", there.text);
    }
    sibling.stop().await;
    env.stop().await;
}
