//! Renovation rules that follow the county's settings: which grades open a
//! file (`rural.renovation_grades`), and the bureau's day (its time zone),
//! never the UTC day, for a file's default application date.

use chrono::{Timelike, Utc};
use fieldsync_tests::db_tests;
use serde_json::json;
use uuid::Uuid;

/// A zone whose day differs from the UTC day right now: twelve hours behind
/// in the UTC morning, fourteen ahead in the UTC afternoon.
fn zone_off_the_utc_day() -> &'static str {
    if Utc::now().hour() < 12 { "Etc/GMT+12" } else { "Etc/GMT-14" }
}

db_tests! {
    settings = |s| {
        s.rural.renovation_grades = vec!["B".into(), "C".into(), "D".into()];
        s.notices.time_zone = zone_off_the_utc_day().into();
    };

    async fn a_county_that_renovates_b_houses_opens_files_for_them(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let admin = app.token("admin").await;
        let path = format!("/v1/admin/households/{}", places.household);
        app.patch(&path, &admin, &json!({"grade": "A"})).await.expect(200);
        let mut phone = app.device("inspector").await;
        let args = |t: &str| json!({"id": Uuid::new_v4(), "household_id": places.household, "renovation_type": t, "build_mode": "unified"});
        let refused = phone.send(&app, "renovation.open", args("repair_reinforce")).await;
        let field = &refused["error"]["details"]["fields"][0];
        assert_eq!(field["code"], "grade_not_eligible", "{refused}");
        assert!(field["message"].as_str().unwrap().contains("B, C, D"), "{refused}");
        app.patch(&path, &admin, &json!({"grade": "B"})).await.expect(200);
        phone.apply(&app, "renovation.open", args("repair_reinforce")).await;
    }

    async fn a_file_opened_without_a_date_is_dated_today_in_the_bureaus_time_zone(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let admin = app.token("admin").await;
        app.patch(&format!("/v1/admin/households/{}", places.household), &admin, &json!({"grade": "D"})).await.expect(200);
        let mut phone = app.device("inspector").await;
        let file = Uuid::new_v4();
        phone.apply(&app, "renovation.open", json!({"id": file, "household_id": places.household, "renovation_type": "demolish_rebuild", "build_mode": "unified"})).await;
        let mut client = app.sync_client("inspector").await;
        client.pull_all().await.unwrap();
        let applied = client.store.get("renovation", &file).unwrap()["steps"]["apply"]["on"].clone();
        let now = Utc::now();
        assert_eq!(applied, json!(app.state.calendar.today(now)));
        assert_ne!(applied, json!(now.date_naive()), "the bureau's day, not the UTC day");
    }
}
