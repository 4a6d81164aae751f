//! The escalation ladder of an overdue notice: the 督办单 after the grace
//! days, addressed to the company (or the township), with its number and a
//! new day to rectify by; then the county's steps (通报批评, 约谈,
//! 记入不良行为记录 by default) while the notice stays unrectified; an
//! answer stops the climb; a county may set its own ladder.

use chrono::{Duration, Utc};
use fieldsync::notices::{
    escalation::ladder::{Rung, Step},
    overdue::sweep,
};
use fieldsync_tests::{Browser, TestApp, db_tests};
use serde_json::{Value, json};
use sync_protocol::MutationStatus;
use uuid::Uuid;

use crate::notices_common::{act, content, world};

/// A notice on `place` (`site_id` or `household_id`) whose deadline was yesterday.
async fn overdue_on(app: &TestApp, place: (&str, Uuid), inspector: &str) -> Uuid {
    let id = Uuid::new_v4();
    let yesterday = app.state.calendar.today(Utc::now()).pred_opt().unwrap();
    let mut args = content();
    args["id"] = json!(id);
    args["kind"] = json!("rectification");
    args[place.0] = json!(place.1);
    args["deadline"] = json!(yesterday);
    let mut device = app.sync_client(inspector).await;
    device.mutate("notice.create", args);
    device.mutate("notice.issue", json!({"id": id, "at": Utc::now() - Duration::days(4)}));
    assert!(device.push().await.unwrap().iter().all(|r| r.status == MutationStatus::Applied));
    id
}

/// The escalation records of notice `id` as `username`'s phone pulls them, by level.
async fn steps_seen(app: &TestApp, username: &str, id: Uuid) -> Vec<Value> {
    let mut phone = app.sync_client(username).await;
    phone.pull_all().await.unwrap();
    let mut steps: Vec<Value> =
        phone.store.of_type("escalation").map(|(_, e)| e.clone()).filter(|e| e["notice_id"] == json!(id)).collect();
    steps.sort_by_key(|e| e["level"].as_i64());
    steps
}

fn year() -> String {
    (Utc::now() + Duration::hours(8)).format("%Y").to_string()
}

db_tests! {
    async fn an_overdue_notice_climbs_the_ladder_one_numbered_step_at_a_time(app) {
        let (places, tokens) = world(&app).await;
        let id = overdue_on(&app, ("site_id", places.site_a), "inspector").await;
        let now = Utc::now();
        assert_eq!(sweep(&app.state, now).await.unwrap().reminded, 0, "within the grace days");
        assert_eq!(sweep(&app.state, now + Duration::days(4)).await.unwrap().reminded, 1);
        let steps = steps_seen(&app, "contractor", id).await;
        assert_eq!(steps.len(), 1, "the company sees its 督办单: {steps:?}");
        assert_eq!(steps[0]["step"], "supervision");
        assert_eq!(steps[0]["number"], format!("T建督办〔{}〕第001号", year()));
        assert_eq!(steps[0]["addressee_name"], "Company A");
        let calendar = app.state.calendar;
        let expected = calendar.deadline(calendar.today(now + Duration::days(4)), 5);
        assert_eq!(steps[0]["respond_by"], json!(expected), "five days more, counted as deadlines are");

        for (days, step) in [(11, "public_criticism"), (21, "interview"), (31, "bad_record")] {
            assert_eq!(sweep(&app.state, now + Duration::days(days)).await.unwrap().reminded, 1, "{step}");
            assert_eq!(sweep(&app.state, now + Duration::days(days)).await.unwrap().reminded, 0, "{step} once");
        }
        assert_eq!(sweep(&app.state, now + Duration::days(60)).await.unwrap().reminded, 0, "the top of the ladder");
        let steps = steps_seen(&app, "supervisor1", id).await;
        let names: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
        assert_eq!(names, ["supervision", "public_criticism", "interview", "bad_record"]);
        // One gap-free series per year: a step taken in the new year starts it again.
        let mut expected = Vec::new();
        let mut years = Vec::new();
        for days in [4, 11, 21, 31] {
            let year = app.state.calendar.year(now + Duration::days(days));
            let seq = years.iter().filter(|y| **y == year).count() + 1;
            years.push(year);
            expected.push(format!("T建督办〔{year}〕第{seq:03}号"));
        }
        let numbers: Vec<&str> = steps.iter().map(|s| s["number"].as_str().unwrap()).collect();
        assert_eq!(numbers, expected);
        let history = app.get(&format!("/v1/notices/{id}"), tokens.get("supervisor1")).await;
        let actions: Vec<&str> = history.expect(200)["history"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert!(actions.ends_with(&["overdue", "reminder", "public_criticism", "interview", "bad_record"]), "{actions:?}");
    }

    async fn an_answer_stops_the_climb_and_a_households_step_goes_to_the_township(app) {
        let (places, tokens) = world(&app).await;
        let answered = overdue_on(&app, ("site_id", places.site_a), "inspector").await;
        let house = overdue_on(&app, ("household_id", places.household), "inspector").await;
        let now = Utc::now();
        sweep(&app.state, now + Duration::days(4)).await.unwrap();
        act(&app, tokens.get("contractor"), answered, "acknowledge").await.expect(200);
        act(&app, tokens.get("contractor"), answered, "respond").await.expect(200);
        sweep(&app.state, now + Duration::days(40)).await.unwrap();
        assert_eq!(steps_seen(&app, "supervisor1", answered).await.len(), 1, "answered: the bureau's turn, no more steps");
        let steps = steps_seen(&app, "supervisor1", house).await;
        assert_eq!(steps.len(), 4);
        assert_eq!(steps[0]["addressee_name"], "Township One人民政府", "a household's notice is the township's to see to");
    }

    async fn the_supervision_order_prints_for_the_bureau_and_the_company(app) {
        let (places, _tokens) = world(&app).await;
        let id = overdue_on(&app, ("site_id", places.site_a), "inspector").await;
        sweep(&app.state, Utc::now() + Duration::days(4)).await.unwrap();
        let step = steps_seen(&app, "supervisor1", id).await.remove(0);
        let path = format!("/app/notices/{id}/escalations/{}/print", step["id"].as_str().unwrap());
        for user in ["supervisor1", "contractor"] {
            let browser = Browser::signed_in(&app, user).await;
            let page = browser.get(&path).await;
            assert_eq!(page.status, 200, "{user}: {}", page.text);
            assert!(page.text.contains("督办单"), "{}", page.text);
            assert!(page.text.contains(step["number"].as_str().unwrap()));
            assert!(page.text.contains("Company A"));
            assert!(page.text.contains("通报批评"), "it names the steps that follow");
        }
        let other = Browser::signed_in(&app, "contractor2").await;
        assert_eq!(other.get(&path).await.status, 404, "another company's 督办单 is not there");
    }
}

/// A county whose only step after the 督办单 is the interview.
mod county_ladder {
    use super::*;

    fieldsync_tests::db_tests! {
        settings = |s: &mut fieldsync::config::Settings| {
            s.notices.escalation_ladder = vec![Rung { step: Step::Interview, after_days: 7 }];
        };

        async fn a_county_sets_its_own_ladder(app) {
            let (places, _tokens) = world(&app).await;
            let id = overdue_on(&app, ("site_id", places.site_a), "inspector").await;
            sweep(&app.state, Utc::now() + Duration::days(40)).await.unwrap();
            let steps = steps_seen(&app, "supervisor1", id).await;
            let names: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
            assert_eq!(names, ["supervision", "interview"]);
        }
    }
}
