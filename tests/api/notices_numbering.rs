//! Official numbers: issued concurrently by many devices, they are distinct
//! and consecutive, without gaps, on both databases.

use fieldsync_tests::db_tests;
use serde_json::json;
use sync_protocol::{MutationStatus, client::Client};

use crate::notices_common::{content, rectification_number, seq_of};

db_tests! {
    async fn fifty_notices_issued_at_once_by_different_devices_get_fifty_consecutive_numbers(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut writer = app.sync_client("inspector").await;
        let mut ids = Vec::new();
        for _ in 0..50 {
            let id = uuid::Uuid::new_v4();
            let mut args = content();
            args["id"] = json!(id);
            args["kind"] = json!("rectification");
            args["site_id"] = json!(places.site_a);
            writer.mutate("notice.create", args);
            ids.push(id);
        }
        assert!(writer.push().await.unwrap().iter().all(|r| r.status == MutationStatus::Applied));
        let mut tokens = Vec::new();
        for name in ["inspector", "supervisor1", "supervisor", "admin"] {
            tokens.push(app.token(name).await);
        }
        let tasks: Vec<_> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let mut device = Client::new(app.url(""), tokens[i % tokens.len()].clone());
                device.mutate("notice.issue", json!({"id": id}));
                tokio::spawn(async move { device.push().await })
            })
            .collect();
        let mut numbers = Vec::new();
        for task in tasks {
            let results = task.await.unwrap().unwrap();
            assert_eq!(results[0].status, MutationStatus::Applied, "{:?}", results[0]);
            numbers.push(results[0].result.as_ref().unwrap()["number"].as_str().unwrap().to_owned());
        }
        let mut seqs: Vec<u32> = numbers.iter().map(|n| seq_of(n)).collect();
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=50).collect::<Vec<_>>(), "distinct and consecutive: {numbers:?}");
    }

    async fn a_rejected_issue_leaves_no_gap_in_the_numbers(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut device = app.sync_client("inspector").await;
        let mut ids = Vec::new();
        for _ in 0..2 {
            let id = uuid::Uuid::new_v4();
            let mut args = content();
            args["id"] = json!(id);
            args["kind"] = json!("rectification");
            args["site_id"] = json!(places.site_a);
            device.mutate("notice.create", args);
            ids.push(id);
        }
        device.mutate("notice.issue", json!({"id": ids[0]}));
        // Issued twice: the second is refused after the lifecycle check, and takes no number.
        device.mutate("notice.issue", json!({"id": ids[0]}));
        device.mutate("notice.issue", json!({"id": ids[1]}));
        let results = device.push().await.unwrap();
        let numbers: Vec<_> = results.iter().filter_map(|r| r.result.as_ref().and_then(|v| v["number"].as_str())).collect();
        assert_eq!(results[3].error.as_ref().unwrap().code, "invalid_transition");
        let year = chrono::Utc::now().format("%Y");
        assert_eq!(numbers, [rectification_number(&year, 1), rectification_number(&year, 2)]);
    }
}
