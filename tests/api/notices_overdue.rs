//! The overdue job: deadlines passed without verification are marked once,
//! the devices concerned are poked, the formal reminder follows the grace
//! period, and several processes never mark twice.

use std::time::Duration;

use chrono::{Days, Utc};
use fieldsync::notices::overdue::sweep;
use fieldsync_tests::{Backend, TestApp, db_tests};
use serde_json::json;
use sync_protocol::MutationStatus;
use uuid::Uuid;

use crate::notices_common::{Tokens, act, content};

/// Issues a notice on site A, served on site four days ago by a device
/// that synced only now, whose deadline was yesterday in the bureau.
async fn issued_past_deadline(app: &TestApp, site: Uuid) -> Uuid {
    let id = Uuid::new_v4();
    let yesterday = app.state.calendar.today(Utc::now()).checked_sub_days(Days::new(1)).unwrap();
    let mut args = content();
    args["id"] = json!(id);
    args["kind"] = json!("rectification");
    args["site_id"] = json!(site);
    args["deadline"] = json!(yesterday);
    let mut device = app.sync_client("inspector").await;
    device.mutate("notice.create", args);
    device.mutate("notice.issue", json!({"id": id, "at": Utc::now() - chrono::Duration::days(4)}));
    assert!(device.push().await.unwrap().iter().all(|r| r.status == MutationStatus::Applied));
    id
}

async fn history(app: &TestApp, token: &str, id: Uuid, action: &str) -> usize {
    let reply = app.get(&format!("/v1/notices/{id}"), token).await;
    reply.expect(200)["history"].as_array().unwrap().iter().filter(|e| e["action"] == action).count()
}

db_tests! {
    async fn a_passed_deadline_is_marked_once_pokes_the_region_and_is_reminded_after_the_grace(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["supervisor1", "contractor", "inspector"]).await;
        let late = issued_past_deadline(&app, places.site_a).await;
        let closed = issued_past_deadline(&app, places.site_a).await;
        for (user, action) in [("contractor", "acknowledge"), ("contractor", "respond"), ("inspector", "verify")] {
            act(&app, tokens.get(user), closed, action).await.expect(200);
        }
        let mut events = app.events(tokens.get("supervisor1"), None).await;
        assert_eq!(events.next(Duration::from_secs(10)).await.unwrap().event, "ready");

        let now = Utc::now();
        let swept = sweep(&app.state, now).await.unwrap();
        assert_eq!((swept.overdue, swept.reminded), (1, 0), "only the open notice is overdue");
        assert_eq!(events.next(Duration::from_secs(10)).await.unwrap().event, "poke");
        let seen = app.get(&format!("/v1/notices/{late}"), tokens.get("contractor")).await;
        assert_eq!(seen.expect(200)["overdue"], true);
        assert_eq!(app.get(&format!("/v1/notices/{closed}"), tokens.get("contractor")).await.body["overdue"], false);
        assert_eq!(sweep(&app.state, now).await.unwrap().overdue, 0, "marked once");

        let grace = u64::from(app.state.settings.notices.escalation_grace_days);
        let within_grace = now + chrono::Duration::days(grace as i64 - 1);
        assert_eq!(sweep(&app.state, within_grace).await.unwrap().reminded, 0);
        let after_grace = now + chrono::Duration::days(grace as i64 + 1);
        assert_eq!(sweep(&app.state, after_grace).await.unwrap().reminded, 1);
        assert_eq!(sweep(&app.state, after_grace).await.unwrap().reminded, 0, "reminded once");
        assert_eq!(history(&app, tokens.get("supervisor1"), late, "reminder").await, 1);
        let listed = app.get("/v1/notices?overdue=true", tokens.get("supervisor1")).await;
        let ids: Vec<&str> = listed.expect(200)["items"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [late.to_string()]);

        // The Chinese page names the reminder 督办, with no English text in the entry.
        let browser = fieldsync_tests::Browser::signed_in(&app, "supervisor1").await;
        assert_eq!(browser.get("/app/lang/zh?next=/app/notices").await.status, 303);
        let page = browser.get(&format!("/app/notices/{late}")).await;
        assert!(page.text.contains("督办"), "{}", page.text);
        assert!(!page.text.contains("follows it up"), "{}", page.text);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_sweeping_at_once_mark_each_notice_once() {
    let Some(backend) = Backend::postgres() else { return };
    let first = TestApp::spawn(backend).await;
    let second = first.spawn_sibling().await;
    let seeded = first.seed().await;
    let places = first.seed_places(&seeded).await;
    let mut ids = Vec::new();
    for _ in 0..20 {
        ids.push(issued_past_deadline(&first, places.site_a).await);
    }
    let later = Utc::now() + chrono::Duration::days(30);
    let (a, b) = tokio::join!(sweep(&first.state, later), sweep(&second.state, later));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.overdue + b.overdue, 20, "{a:?} {b:?}");
    // Thirty days late: the 督办单 and the three default steps after it, once each.
    assert_eq!(a.reminded + b.reminded, 80, "{a:?} {b:?}");
    let token = first.token("supervisor1").await;
    for id in &ids {
        assert_eq!(history(&first, &token, *id, "overdue").await, 1);
        assert_eq!(history(&first, &token, *id, "reminder").await, 1);
    }
    use fieldsync::notices::escalation::entity as escalation;
    use sea_orm::EntityTrait;
    let steps = escalation::Entity::find().all(first.state.db.read()).await.unwrap();
    assert_eq!(steps.len(), 80);
    let mut numbers: Vec<u32> = steps.iter().map(|e| crate::notices_common::seq_of(&e.number)).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=80).collect::<Vec<u32>>(), "one gap-free series of 督办 numbers");
    second.stop().await;
    first.stop().await;
}
