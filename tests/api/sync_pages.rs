//! Page boundaries: a page split inside one commit never leaves a device
//! without a record that is live.

use fieldsync::sync::{Placement, Write};
use fieldsync_tests::db_tests;
use serde_json::json;
use uuid::Uuid;

db_tests! {
    async fn a_record_moving_back_inside_a_large_commit_survives_any_page_split(app) {
        app.seed().await;
        let (o1, o2, record) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let at = |org: Uuid| Placement::region("/").with_org(Some(org));
        let write = Write::begin(&app.state.db).await.unwrap();
        write.upsert("probe", record, at(o1), &json!({"v": 1}));
        write.commit().await.unwrap();
        let write = Write::begin(&app.state.db).await.unwrap();
        write.upsert("probe", record, at(o2), &json!({"v": 2}));
        write.commit().await.unwrap();
        for limit in [1u32, 2, 3, 5] {
            // A device of the admin, who sees both placements, is up to date here.
            let mut device = app.sync_client("admin").await;
            device.pull_all().await.unwrap();
            // One commit larger than a page moves the record back where it was first.
            let write = Write::begin(&app.state.db).await.unwrap();
            write.upsert("probe", record, at(o1), &json!({"v": limit}));
            for _ in 0..8 {
                write.upsert("probe", Uuid::new_v4(), Placement::region("/"), &json!({}));
            }
            write.commit().await.unwrap();
            loop {
                if !device.pull_limit(limit).await.unwrap().has_more { break; }
            }
            let held = device.store.records.get(&("probe".to_string(), record));
            assert_eq!(held, Some(&json!({"v": limit})), "limit {limit}: the live record must survive the split");
            // Move it away again for the next round.
            let write = Write::begin(&app.state.db).await.unwrap();
            write.upsert("probe", record, at(o2), &json!({"v": 0}));
            write.commit().await.unwrap();
        }
    }

    async fn live_events_require_the_protocol_version_in_a_header_or_the_query(app) {
        app.seed().await;
        let token = app.token("inspector").await;
        let reply = fieldsync_tests::TestApp::read(app.http.get(app.url("/v1/sync/events")).bearer_auth(&token)).await;
        reply.expect_error(426, "unsupported_protocol_version");
        let response = app.http.get(app.url("/v1/sync/events?protocol=1")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), 200);
    }
}
