//! When a notice is on time, and from when its deadline counts: the
//! contractor is judged by their answer, the bureau's late re-inspection is
//! its own figure, a notice served offline counts from the day it was
//! served, a deadline already past is refused, and every county numbers its
//! notices from one (issue 16 items 4, 5, 6, 11).

use chrono::{Days, Duration, Utc};
use fieldsync::notices::{entity::notice, overdue::sweep};
use fieldsync_tests::{TestApp, db_tests};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};
use sync_protocol::MutationStatus;
use uuid::Uuid;

use crate::notices_common::{act, content, draft, rectification_number, world};

/// Pushes `mutations` from a device of `username`; the results.
async fn push(app: &TestApp, username: &str, mutations: Vec<(&str, Value)>) -> Vec<sync_protocol::MutationResult> {
    let mut device = app.sync_client(username).await;
    for (name, args) in mutations {
        device.mutate(name, args);
    }
    device.push().await.unwrap()
}

/// The daily report's total, as an admin reads it.
async fn today_total(app: &TestApp, admin: &str) -> Value {
    let reply = app.get("/v1/reports/daily", admin).await;
    reply.expect(200)["total"].clone()
}

db_tests! {
    async fn a_contractor_who_answered_by_the_deadline_is_on_time_however_late_the_reinspection(app) {
        let (places, tokens) = world(&app).await;
        let id = draft(&app, "inspector", &places, "rectification").await;
        for (user, action) in [("inspector", "issue"), ("contractor", "acknowledge"), ("contractor", "respond")] {
            act(&app, tokens.get(user), id, action).await.expect(200);
        }
        // Time passes: the answer came two days ago, the deadline was yesterday,
        // and the inspector has not been back yet.
        let stored = notice::Entity::find_by_id(id).one(app.state.db.read()).await.unwrap().unwrap();
        let today = app.state.calendar.today(Utc::now());
        let mut aged: notice::ActiveModel = stored.into();
        aged.deadline = Set(Some(today.checked_sub_days(Days::new(1)).unwrap()));
        aged.responded_at = Set(Some(Utc::now() - Duration::days(2)));
        aged.update(app.state.db.write()).await.unwrap();

        let swept = sweep(&app.state, Utc::now()).await.unwrap();
        assert_eq!(swept.overdue, 0, "an answered notice waits for the bureau, not the contractor");
        let seen = app.get(&format!("/v1/notices/{id}"), tokens.get("contractor")).await;
        assert_eq!(seen.expect(200)["overdue"], false);
        act(&app, tokens.get("inspector"), id, "verify").await.expect(200);
        let total = today_total(&app, tokens.get("admin")).await;
        assert_eq!(total["rectified"], 1);
        assert_eq!(total["rectified_on_time"], 1, "on time by the contractor's answer");
        assert_eq!(total["reinspected_late"], 1, "the late re-inspection is the bureau's own figure");
        assert_eq!(total["overdue"], 0);
    }

    async fn a_notice_served_offline_counts_its_deadline_from_the_day_it_was_served(app) {
        let (places, tokens) = world(&app).await;
        let id = draft(&app, "inspector", &places, "rectification").await;
        let served = Utc::now() - Duration::days(2);
        let service = json!({"method": "in_person", "receiver": "王建国"});
        let results =
            push(&app, "inspector", vec![("notice.issue", json!({"id": id, "at": served, "service": service}))]).await;
        assert_eq!(results[0].status, MutationStatus::Applied, "{:?}", results[0]);
        let calendar = app.state.calendar;
        let expected = calendar.deadline(calendar.today(served), 3);
        let result = results[0].result.clone().unwrap();
        assert_eq!(result["deadline"], json!(expected), "three days from the day it was served, not from the sync");
        assert_eq!(result["number"], rectification_number(calendar.year(Utc::now()), 1), "the number is the server's");
        let seen = app.get(&format!("/v1/notices/{id}"), tokens.get("admin")).await;
        let issued_at: chrono::DateTime<Utc> = serde_json::from_value(seen.expect(200)["issued_at"].clone()).unwrap();
        assert!((issued_at - served).num_milliseconds().abs() < 1, "served at the device's time: {issued_at}");
        // A time the device cannot have: refused, the notice stays a draft.
        let other = draft(&app, "inspector", &places, "rectification").await;
        let ahead = push(&app, "inspector", vec![("notice.issue", json!({"id": other, "at": Utc::now() + Duration::days(40)}))]).await;
        assert_eq!(ahead[0].status, MutationStatus::Rejected);
        assert_eq!(ahead[0].error.as_ref().unwrap().details.as_ref().unwrap()["fields"][0]["code"], "in_future");
        assert_eq!(app.get(&format!("/v1/notices/{other}"), tokens.get("admin")).await.body["state"], "draft");
    }

    async fn a_deadline_before_the_day_of_serving_is_refused_at_issue(app) {
        let (places, tokens) = world(&app).await;
        let id = Uuid::new_v4();
        let mut args = content();
        args["id"] = json!(id);
        args["kind"] = json!("rectification");
        args["site_id"] = json!(places.site_a);
        args["deadline"] = json!(app.state.calendar.today(Utc::now()).checked_sub_days(Days::new(1)).unwrap());
        let results = push(&app, "inspector", vec![("notice.create", args), ("notice.issue", json!({"id": id}))]).await;
        assert_eq!(results[0].status, MutationStatus::Applied);
        assert_eq!(results[1].status, MutationStatus::Rejected, "{:?}", results[1]);
        let fields = &results[1].error.as_ref().unwrap().details.as_ref().unwrap()["fields"];
        assert_eq!((fields[0]["field"].as_str(), fields[0]["code"].as_str()), (Some("deadline"), Some("in_the_past")));
        let seen = app.get(&format!("/v1/notices/{id}"), tokens.get("admin")).await;
        assert_eq!(seen.expect(200)["state"], "draft");
        assert_eq!(seen.body["number"], Value::Null, "no number taken");
    }

    async fn every_county_numbers_its_notices_from_one(app) {
        let (places, tokens) = world(&app).await;
        let admin = tokens.get("admin");
        let mut inspectors = vec![("inspector".to_owned(), places.site_a)];
        for n in 1..=2 {
            let region = |parent: Option<Uuid>, level: &str, code: String| json!({"parent_id": parent, "level": level, "code": code, "name": format!("{level} {n}")});
            let county = app.post("/v1/admin/regions", admin, &region(None, "county", format!("2{n}0100"))).await;
            let county: Uuid = serde_json::from_value(county.expect(201)["id"].clone()).unwrap();
            let town = app.post("/v1/admin/regions", admin, &region(Some(county), "township", format!("2{n}0100001"))).await;
            let town: Uuid = serde_json::from_value(town.expect(201)["id"].clone()).unwrap();
            let site = app.post("/v1/admin/sites", admin, &json!({"name": format!("Site {n}"), "address": "Road", "project_type": "housing", "region_id": town})).await;
            let site: Uuid = serde_json::from_value(site.expect(201)["id"].clone()).unwrap();
            let username = format!("inspector.county{n}");
            app.post("/v1/admin/users", admin, &json!({"username": username, "display_name": "Inspector", "password": "long-enough-1", "role": "inspector", "region_id": town})).await.expect(201);
            inspectors.push((username, site));
        }
        let mut drafts = Vec::new();
        for (username, site) in &inspectors {
            let token = if username == "inspector" { tokens.get("inspector").to_owned() } else {
                let reply = app.login_reply(username, "long-enough-1").await;
                reply.expect(200)["access_token"].as_str().unwrap().to_owned()
            };
            let id = Uuid::new_v4();
            let mut args = content();
            args["id"] = json!(id);
            args["kind"] = json!("rectification");
            args["site_id"] = json!(site);
            let create = json!([{"id": 1, "name": "notice.create", "args": args}]);
            assert_eq!(app.push_as(&token, Uuid::new_v4(), create).await.expect(200)["results"][0]["status"], "applied");
            drafts.push((token, id));
        }
        // The three counties issue their first notices at once.
        let empty = json!({});
        let paths: Vec<String> = drafts.iter().map(|(_, id)| format!("/v1/notices/{id}/actions/issue")).collect();
        let issues = drafts.iter().zip(&paths).map(|((token, _), path)| app.post(path, token, &empty));
        let replies = futures::future::join_all(issues).await;
        let year = app.state.calendar.year(Utc::now());
        for reply in &replies {
            let number = reply.expect(200)["number"].as_str().unwrap_or_default().to_owned();
            assert!(number.ends_with(&format!("〔{year}〕第001号")), "each county's first: {}", reply.text);
        }
    }

    async fn a_site_inspected_for_dust_and_for_jgj59_is_one_place_inspected(app) {
        let (places, tokens) = world(&app).await;
        let mut ids = Vec::new();
        for site in [places.site_a, places.site_a, places.site_b] {
            let id = Uuid::new_v4();
            let results = push(&app, "admin", vec![
                ("inspection.create", json!({"id": id, "template_id": fieldsync::templates::seed::DUST_CONTROL_V1, "site_id": site, "answers": crate::inspections::dust_answers()})),
                ("inspection.finish", json!({"id": id})),
            ]).await;
            assert!(results.iter().all(|r| r.status == MutationStatus::Applied), "{results:?}");
            ids.push(id);
        }
        // The second inspection of site A is stored as a JGJ 59 one would be.
        let stored = fieldsync::inspections::entity::Entity::find_by_id(ids[1]).one(app.state.db.read()).await.unwrap().unwrap();
        let mut other: fieldsync::inspections::entity::ActiveModel = stored.into();
        other.kind = Set("quality_safety".into());
        other.update(app.state.db.write()).await.unwrap();

        let reply = app.get("/v1/reports/daily", tokens.get("admin")).await;
        let report = reply.expect(200);
        assert_eq!(report["total"]["inspections"], 3);
        assert_eq!(report["total"]["sites_inspected"], 2, "two places, not one per kind: {}", reply.text);
        let township1 = report["townships"].as_array().unwrap().iter().find(|t| t["total"]["inspections"] == 2).unwrap();
        assert_eq!(township1["total"]["sites_inspected"], 1);
        assert_eq!(report["by_kind"]["dust_control"]["sites_inspected"], 2);
        assert_eq!(report["by_kind"]["quality_safety"]["sites_inspected"], 1);
    }
}
