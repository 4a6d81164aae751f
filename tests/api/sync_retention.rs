//! Retention: the change log drops old deletions; a device whose checkpoint
//! is older is told to resync, keeps its unsent work, and ends up whole.

use fieldsync::sync::retention;
use fieldsync::templates::seed::DUST_CONTROL_V1;
use fieldsync_tests::db_tests;
use serde_json::json;
use uuid::Uuid;

db_tests! {
    async fn a_device_behind_the_retention_horizon_resyncs_and_keeps_its_unsent_mutations(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut stale = app.sync_client("inspector").await;
        let mut current = app.sync_client("supervisor").await;
        let mut busy = app.sync_client("inspector").await;
        let doomed = Uuid::new_v4();
        busy.mutate("inspection.create", json!({"id": doomed, "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": places.site_a}));
        busy.sync().await.unwrap();
        stale.pull_all().await.unwrap();
        assert!(stale.store.records.contains_key(&("inspection".to_string(), doomed)));
        busy.mutate("inspection.delete", json!({"id": doomed}));
        busy.mutate("inspection.create", json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": places.site_a}));
        busy.sync().await.unwrap();
        current.pull_all().await.unwrap();
        // Compaction drops every deletion made so far.
        let done = retention::compact(&app.state.db, chrono::Utc::now() + chrono::Duration::seconds(5)).await.unwrap();
        assert!(done.dropped >= 1 && done.purged_through > 0, "{done:?}");
        // The stale device has unsent work when it learns it must resync.
        let unsent = Uuid::new_v4();
        stale.mutate("inspection.create", json!({"id": unsent, "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": places.site_a}));
        let pulled = stale.pull().await.unwrap();
        assert!(pulled.resynced, "a checkpoint behind the horizon must get must_resync");
        assert_eq!(stale.store.pending.len(), 1, "unsent mutations survive a resync");
        stale.sync().await.unwrap();
        let mut fresh = app.sync_client("inspector").await;
        fresh.pull_all().await.unwrap();
        assert_eq!(stale.store.records, fresh.store.records, "after the resync the device equals a fresh one");
        assert!(!stale.store.records.contains_key(&("inspection".to_string(), doomed)));
        assert!(stale.store.records.contains_key(&("inspection".to_string(), unsent)));
        // A device that was up to date before the compaction carries on normally.
        let pulled = current.pull().await.unwrap();
        assert!(!pulled.resynced);
    }

    async fn a_first_sync_paused_past_compaction_is_told_to_start_again(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut writer = app.sync_client("inspector").await;
        let ids: Vec<Uuid> = (0..6).map(|_| Uuid::new_v4()).collect();
        for id in &ids {
            writer.mutate("inspection.create", json!({"id": id, "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": places.site_a}));
            writer.push().await.unwrap();
        }
        // A new device starts its first sync and pauses after a few small pages.
        let mut device = app.sync_client("inspector").await;
        while device.store.of_type("inspection").next().is_none() {
            assert!(device.pull_limit(2).await.unwrap().has_more, "the first sync must still be under way");
        }
        let received: Vec<Uuid> = device.store.of_type("inspection").map(|(id, _)| *id).collect();
        assert!(!received.is_empty());
        // A record it already has is deleted, and compaction drops that deletion.
        writer.mutate("inspection.delete", json!({"id": received[0]}));
        writer.push().await.unwrap();
        retention::compact(&app.state.db, chrono::Utc::now() + chrono::Duration::seconds(5)).await.unwrap();
        let mut resynced = false;
        loop {
            let pulled = device.pull_limit(2).await.unwrap();
            resynced |= pulled.resynced;
            if !pulled.has_more { break; }
        }
        assert!(resynced, "the paused first sync must be told to start again");
        assert!(!device.store.records.contains_key(&("inspection".to_string(), received[0])));
        let mut fresh = app.sync_client("inspector").await;
        fresh.pull_all().await.unwrap();
        assert_eq!(device.store.records, fresh.store.records);
    }

    async fn a_push_retried_after_its_answers_were_compacted_applies_nothing_twice(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let id = Uuid::new_v4();
        let create = json!({"id": id, "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": places.site_a});
        assert_eq!(phone.apply(&app, "inspection.create", create.clone()).await["rev"], 1);
        phone.reject(&app, "inspection.create", create.clone(), "validation_failed").await;
        retention::compact(&app.state.db, chrono::Utc::now() + chrono::Duration::seconds(5)).await.unwrap();
        let retry = json!({"client_id": phone.client_id, "mutations": [
            {"id": 1, "name": "inspection.create", "args": create}, {"id": 2, "name": "inspection.create", "args": create}]});
        let request = app.http.post(app.url("/v1/sync/push")).bearer_auth(&phone.token).header("fieldsync-protocol", "1").json(&retry);
        let reply = fieldsync_tests::TestApp::read(request).await;
        assert_eq!(reply.expect(200), &json!({"results": [{"id": 1, "status": "applied"}, {"id": 2, "status": "applied"}], "last_mutation_id": 2}));
    }
}
