//! Live pokes over server-sent events: only for changes in the device's
//! scope, across server processes on one PostgreSQL.

use std::time::Duration;

use fieldsync::templates::seed::DUST_CONTROL_V1;
use fieldsync_tests::{Backend, TestApp, db_tests};
use serde_json::json;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

fn create_args(site: Uuid) -> serde_json::Value {
    json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": site})
}

db_tests! {
    async fn a_device_is_poked_for_changes_in_its_scope_and_only_those(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let mut events = app.events(&token, None).await;
        let ready = events.next(WAIT).await.unwrap();
        assert_eq!(ready.event, "ready");
        // A change in township 2 must not poke the township 1 inspector...
        let mut other = app.sync_client("inspector2").await;
        other.mutate("inspection.create", create_args(places.site_b));
        other.push().await.unwrap();
        // ...so the next poke it gets is for its own township's change.
        let mut mine = app.sync_client("supervisor").await;
        mine.mutate("inspection.create", create_args(places.site_a));
        mine.push().await.unwrap();
        let head = fieldsync::sync::pull::head(app.state.db.read()).await.unwrap().version;
        let poke = events.next(WAIT).await.unwrap();
        assert_eq!(poke.event, "poke");
        assert_eq!(poke.id.as_deref(), Some(head.to_string().as_str()), "poked for the township 1 change, not the township 2 one");
    }

    async fn a_reconnecting_device_behind_the_head_is_poked_at_once(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut client = app.sync_client("inspector").await;
        client.mutate("inspection.create", create_args(places.site_a));
        client.push().await.unwrap();
        let token = app.token("inspector").await;
        let mut events = app.events(&token, Some(0)).await;
        assert_eq!(events.next(WAIT).await.unwrap().event, "poke");
        let head = fieldsync::sync::pull::head(app.state.db.read()).await.unwrap().version;
        let mut events = app.events(&token, Some(head)).await;
        assert_eq!(events.next(WAIT).await.unwrap().event, "ready");
    }

    async fn a_contractor_is_not_poked_by_internal_records(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("contractor").await;
        let mut events = app.events(&token, None).await;
        assert_eq!(events.next(WAIT).await.unwrap().event, "ready");
        // An inspection of the contractor's own site is internal: no poke.
        let mut inspector = app.sync_client("inspector").await;
        inspector.mutate("inspection.create", create_args(places.site_a));
        inspector.push().await.unwrap();
        assert!(events.next(Duration::from_millis(500)).await.is_none());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_to_one_server_process_pokes_a_device_connected_to_another() {
    let Some(backend) = Backend::postgres() else { return };
    let first = TestApp::spawn(backend).await;
    let seeded = first.seed().await;
    let places = first.seed_places(&seeded).await;
    let second = first.spawn_sibling().await;
    let token = second.token("inspector").await;
    let mut events = second.events(&token, None).await;
    assert_eq!(events.next(WAIT).await.unwrap().event, "ready");
    let started = std::time::Instant::now();
    let mut writer = first.sync_client("inspector").await;
    writer.mutate("inspection.create", create_args(places.site_a));
    writer.push().await.unwrap();
    let poke = events.next(WAIT).await.expect("poke from the other process");
    assert_eq!(poke.event, "poke");
    assert!(started.elapsed() < WAIT);
    second.stop().await;
    first.stop().await;
}
