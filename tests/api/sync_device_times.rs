//! Times from devices are claims: bounded by the server's clock, a window,
//! and the months whose reports are final (issue 16 item 7). Here months
//! close at once (`month_open_days = 0`), so the month before this one is
//! final.

use chrono::{Duration, Utc};
use fieldsync_tests::db_tests;
use serde_json::{Value, json};
use sync_protocol::MutationStatus;
use uuid::Uuid;

/// Creates an inspection on site A and tries to finish it at `finished_at`;
/// the finishing's status and error field code.
async fn finish_at(
    app: &fieldsync_tests::TestApp,
    site: Uuid,
    finished_at: Value,
) -> (Uuid, MutationStatus, Option<String>) {
    let id = Uuid::new_v4();
    let mut device = app.sync_client("inspector").await;
    device.mutate("inspection.create", json!({"id": id, "template_id": fieldsync::templates::seed::DUST_CONTROL_V1, "site_id": site, "answers": crate::inspections::dust_answers()}));
    device.mutate("inspection.finish", json!({"id": id, "finished_at": finished_at}));
    let results = device.push().await.unwrap();
    assert_eq!(results[0].status, MutationStatus::Applied);
    let code = results[1]
        .error
        .as_ref()
        .and_then(|e| e.details.as_ref())
        .map(|d| d["fields"][0]["code"].as_str().unwrap_or_default().to_owned());
    (id, results[1].status, code)
}

db_tests! {
    settings = |s| s.sync.month_open_days = 0;

    async fn a_device_time_ahead_of_the_server_too_old_or_in_a_final_month_is_refused_and_the_record_stays(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let admin = app.token("admin").await;
        let before = app.get("/v1/reports/monthly", &admin).await.expect(200)["total"]["inspections"].clone();

        let (id, status, code) = finish_at(&app, places.site_a, json!("2099-01-15T09:00:00Z")).await;
        assert_eq!((status, code.as_deref()), (MutationStatus::Rejected, Some("in_future")));
        use sea_orm::EntityTrait;
        let stored = fieldsync::inspections::entity::Entity::find_by_id(id).one(app.state.db.read()).await.unwrap().unwrap();
        assert_eq!((stored.status.as_str(), stored.finished_at), ("draft", None), "nothing of the finish is stored");

        let (_, status, code) = finish_at(&app, places.site_a, json!(Utc::now() - Duration::days(45))).await;
        assert_eq!((status, code.as_deref()), (MutationStatus::Rejected, Some("too_old")));

        let last_month = app.state.clock.open_since(Utc::now()) - Duration::hours(1);
        let (_, status, code) = finish_at(&app, places.site_a, json!(last_month)).await;
        assert_eq!((status, code.as_deref()), (MutationStatus::Rejected, Some("period_closed")), "a final month is not rewritten");

        let (_, status, _) = finish_at(&app, places.site_a, json!(Utc::now() - Duration::minutes(30))).await;
        assert_eq!(status, MutationStatus::Applied, "a time within bounds is kept");
        let after = app.get("/v1/reports/monthly", &admin).await.expect(200)["total"]["inspections"].clone();
        assert_eq!((before, after), (json!(0), json!(1)));
    }
}
