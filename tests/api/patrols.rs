//! Patrol plans: made by supervisors within their region, due rounds for
//! inspectors, missed rounds for supervisors, synced to bureau devices.

use chrono::{DateTime, Days, Utc};
use fieldsync_tests::{DEMO_PASSWORD, TestApp, db_tests};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::notices_common::Tokens;

async fn user_id(app: &TestApp, name: &str) -> Value {
    app.login_reply(name, DEMO_PASSWORD).await.expect(200)["user"]["id"].clone()
}

/// Creates and finishes a dust inspection of `site` (at `finished_at`, by the device's clock).
async fn finish_inspection(device: &mut sync_protocol::client::Client, site: Uuid, finished_at: Option<DateTime<Utc>>) {
    let id = Uuid::new_v4();
    device.mutate("inspection.create", json!({"id": id, "template_id": fieldsync::templates::seed::DUST_CONTROL_V1, "site_id": site, "answers": crate::inspections::dust_answers()}));
    device.mutate("inspection.finish", json!({"id": id, "finished_at": finished_at}));
    let results = device.push().await.unwrap();
    assert!(results.iter().all(|r| r.status == sync_protocol::MutationStatus::Applied), "{results:?}");
}

db_tests! {
    async fn only_a_finished_inspection_completes_a_round_and_a_late_one_leaves_a_missed_round_missed(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["supervisor1", "inspector"]).await;
        let calendar = app.state.calendar;
        let today = calendar.today(Utc::now());
        let daily = json!({"name": "Site A daily", "kind": "dust_control", "site_id": places.site_a, "every_days": 1,
            "starts_on": today - Days::new(2), "assignee_id": user_id(&app, "inspector").await});
        app.post("/v1/admin/patrol-plans", tokens.get("supervisor1"), &daily).await.expect(201);
        let mut device = app.sync_client("inspector").await;
        device.mutate("inspection.create", json!({"id": Uuid::new_v4(), "template_id": fieldsync::templates::seed::DUST_CONTROL_V1, "site_id": places.site_a}));
        device.push().await.unwrap();
        let due = app.get("/v1/patrols/due", tokens.get("inspector")).await;
        assert_eq!(due.expect(200)[0]["done"], false, "a draft is not an inspection made");
        finish_inspection(&mut device, places.site_a, None).await;
        assert_eq!(app.get("/v1/patrols/due", tokens.get("inspector")).await.expect(200)[0]["done"], true);

        // An inspection back-dated into yesterday's round, received today.
        let yesterday_noon = calendar.midnight(today - Days::new(1)) + chrono::Duration::hours(12);
        finish_inspection(&mut device, places.site_a, Some(yesterday_noon)).await;
        let missed = app.get("/v1/patrols/missed", tokens.get("supervisor1")).await;
        let missed = missed.expect(200).as_array().unwrap().clone();
        assert_eq!(missed.len(), 2, "both past rounds stay missed: {missed:?}");
        let yesterday = missed.iter().find(|m| m["due"] == json!(today - Days::new(1))).unwrap();
        let late: DateTime<Utc> = serde_json::from_value(yesterday["late_inspection_at"].clone()).unwrap();
        assert_eq!(late, yesterday_noon, "the late inspection is shown against the round");
        assert!(yesterday["late_received_at"].is_string());
        let before = missed.iter().find(|m| m["due"] == json!(today - Days::new(2))).unwrap();
        assert_eq!(before["late_inspection_at"], Value::Null);
    }

    async fn inspectors_see_what_is_due_and_supervisors_what_was_missed(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["supervisor1", "inspector", "inspector2", "contractor"]).await;
        let today = app.state.calendar.today(Utc::now());
        let weekly = json!({"name": "Site A weekly", "kind": "dust_control", "site_id": places.site_a, "every_days": 7,
            "starts_on": today - Days::new(14), "assignee_id": user_id(&app, "inspector").await});
        app.post("/v1/admin/patrol-plans", tokens.get("supervisor1"), &weekly).await.expect(201);
        let daily = json!({"name": "Township One daily patrol", "kind": "dust_control", "region_id": seeded.township1,
            "every_days": 1, "starts_on": today - Days::new(3)});
        app.post("/v1/admin/patrol-plans", tokens.get("supervisor1"), &daily).await.expect(201);

        let due = app.get("/v1/patrols/due", tokens.get("inspector")).await;
        let due = due.expect(200).as_array().unwrap().clone();
        assert_eq!(due.len(), 2);
        assert!(due.iter().all(|d| d["done"] == false));
        assert_eq!(due[0]["due"], json!(today), "the daily round is due today, first");

        let mut device = app.sync_client("inspector").await;
        finish_inspection(&mut device, places.site_a, None).await;
        let due = app.get("/v1/patrols/due", tokens.get("inspector")).await;
        assert!(due.expect(200).as_array().unwrap().iter().all(|d| d["done"] == true), "{}", due.text);

        let missed = app.get("/v1/patrols/missed", tokens.get("supervisor1")).await;
        let missed = missed.expect(200).as_array().unwrap().clone();
        let count = |name: &str| missed.iter().filter(|m| m["plan"]["name"] == name).count();
        assert_eq!((count("Site A weekly"), count("Township One daily patrol")), (2, 3), "{missed:?}");

        assert_eq!(app.get("/v1/patrols/due", tokens.get("inspector2")).await.expect(200), &json!([]));
        app.get("/v1/patrols/due", tokens.get("contractor")).await.expect_error(403, "forbidden");
        device.pull_all().await.unwrap();
        assert_eq!(device.store.of_type("patrol_plan").count(), 2);
        let mut contractor = app.sync_client("contractor").await;
        contractor.pull_all().await.unwrap();
        assert_eq!(contractor.store.of_type("patrol_plan").count(), 0);
    }

    async fn a_plan_needs_an_assignee_of_its_region_and_a_sane_round(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["supervisor1", "inspector"]).await;
        let elsewhere = json!({"name": "x", "kind": "dust_control", "site_id": places.site_a, "every_days": 7,
            "assignee_id": user_id(&app, "inspector2").await});
        let reply = app.post("/v1/admin/patrol-plans", tokens.get("supervisor1"), &elsewhere).await;
        reply.expect_error(422, "validation_failed");
        assert_eq!(reply.body["error"]["details"]["fields"][0]["code"], "not_an_inspector_of_the_region");
        let zero = json!({"name": "x", "kind": "dust_control", "site_id": places.site_a, "every_days": 0});
        app.post("/v1/admin/patrol-plans", tokens.get("supervisor1"), &zero).await.expect_error(422, "validation_failed");
        let outside = json!({"name": "x", "kind": "dust_control", "site_id": places.site_b, "every_days": 7});
        app.post("/v1/admin/patrol-plans", tokens.get("supervisor1"), &outside).await.expect_error(422, "validation_failed");
        app.post("/v1/admin/patrol-plans", tokens.get("inspector"), &zero).await.expect_error(403, "forbidden");
    }
}
