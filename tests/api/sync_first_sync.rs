//! A large first sync, interrupted and resumed, delivers every record exactly once.

use std::collections::HashMap;

use fieldsync::sync::{Placement, Write};
use fieldsync_tests::db_tests;
use serde_json::json;
use sync_protocol::{PullRequest, PullResponse};
use uuid::Uuid;

const RECORDS: usize = 100_000;
const PER_COMMIT: usize = 10_000;

db_tests! {
    async fn a_first_sync_of_100k_records_interrupted_and_resumed_gets_each_exactly_once(app) {
        app.seed().await;
        let path = "/";
        for _ in 0..RECORDS / PER_COMMIT {
            let write = Write::begin(&app.state.db).await.unwrap();
            for i in 0..PER_COMMIT {
                write.upsert("probe", Uuid::new_v4(), Placement::region(path), &json!({"n": i, "text": "a record of moderate size"}));
            }
            write.commit().await.unwrap();
        }
        let token = app.token("admin").await;
        let client_id = Uuid::new_v4();
        let pull = async |checkpoint: Option<String>| -> PullResponse {
            let body = PullRequest { client_id, checkpoint, limit: Some(5_000) };
            let request = app.http.post(app.url("/v1/sync/pull")).bearer_auth(&token).header("fieldsync-protocol", "1").json(&body);
            serde_json::from_value(fieldsync_tests::TestApp::read(request).await.expect(200).clone()).unwrap()
        };
        let mut delivered: HashMap<Uuid, u32> = HashMap::new();
        let mut checkpoint: Option<String> = None;
        let mut pages = 0;
        loop {
            let page = pull(checkpoint.clone()).await;
            pages += 1;
            if pages == 7 {
                // The response is lost (the app was killed before it stored the page): pull again.
                continue;
            }
            if pages == 12 {
                // The app restarts: it resumes from the checkpoint it stored with its last page.
                let resumed = pull(checkpoint.clone()).await;
                assert_eq!(resumed.changes, page.changes, "the same checkpoint gives the same page");
            }
            for change in page.changes.iter().filter(|c| c.record_type == "probe") {
                *delivered.entry(change.id).or_default() += 1;
            }
            checkpoint = Some(page.checkpoint);
            if !page.has_more { break; }
        }
        assert_eq!(delivered.len(), RECORDS);
        assert!(delivered.values().all(|&n| n == 1), "a record was delivered twice");
        assert!(pages >= RECORDS / 5_000, "{pages} pages");
    }
}
