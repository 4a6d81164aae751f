//! Service (送达): a notice's deadline counts from the day it reached its
//! addressee. Handed over on site it is served at issue; a strong measure
//! is served after its approval; one posted is served when the receipt is
//! recorded, or when the company acknowledges it in its app.

use chrono::{Duration, Utc};
use fieldsync_tests::{Browser, db_tests};
use serde_json::{Value, json};

use crate::notices_common::{act, draft, world};

fn served(method: &str, receiver: &str) -> Value {
    json!({"method": method, "receiver": receiver})
}

fn fields(reply: &fieldsync_tests::Reply) -> Vec<(String, String)> {
    reply.body["error"]["details"]["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no fields in {}", reply.body))
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect()
}

db_tests! {
    async fn an_issued_notice_not_handed_over_has_no_deadline_until_it_is_served(app) {
        let (places, tokens) = world(&app).await;
        let id = draft(&app, "inspector", &places, "rectification").await;
        let posted = json!({"at": Utc::now() - Duration::days(2)});
        let issued = app.post(&format!("/v1/notices/{id}/actions/issue"), tokens.get("inspector"), &posted).await;
        assert_eq!(issued.expect(200)["state"], "issued");
        assert_eq!(issued.body["served_at"], Value::Null, "{}", issued.body);
        assert_eq!(issued.body["deadline"], Value::Null, "the deadline waits for the service");

        // The receipt of the registered letter comes back two days later.
        let when = Utc::now() - Duration::hours(1);
        let post = json!({"at": when, "service": {"method": "by_post", "receiver": "甲公司收发室", "note": "XA1234567"}});
        let url = format!("/v1/notices/{id}/actions/serve");
        let reply = app.post(&url, tokens.get("inspector"), &post).await;
        assert_eq!(reply.expect(200)["service"]["method"], "by_post", "{}", reply.body);
        let calendar = app.state.calendar;
        let expected = calendar.deadline(calendar.today(when), 3);
        assert_eq!(reply.body["deadline"], json!(expected), "three days from the day of service");
        assert_eq!(reply.body["service"]["note"], "XA1234567");

        // Served once: a second receipt is refused and changes nothing.
        let again = app.post(&url, tokens.get("inspector"), &json!({"service": served("in_person", "王建国")})).await;
        again.expect_error(409, "invalid_transition");
        assert_eq!(again.body["error"]["details"]["served"], true);
        let seen = app.get(&format!("/v1/notices/{id}"), tokens.get("contractor")).await;
        assert_eq!(seen.expect(200)["service"]["receiver"], "甲公司收发室", "the company sees the 送达回证");
        assert_eq!(seen.body["deadline"], json!(expected));
    }

    async fn acknowledging_in_the_app_serves_a_notice_not_yet_served(app) {
        let (places, tokens) = world(&app).await;
        let id = draft(&app, "inspector", &places, "rectification").await;
        act(&app, tokens.get("inspector"), id, "issue").await.expect(200);
        let acknowledged = act(&app, tokens.get("contractor"), id, "acknowledge").await;
        let body = acknowledged.expect(200);
        assert_eq!(body["service"]["method"], "electronic", "{body}");
        assert_eq!(body["service"]["receiver"], "contractor");
        assert!(body["deadline"].is_string(), "its deadline runs from the acknowledgement: {body}");

        // One handed over on site keeps its service when acknowledged.
        let other = draft(&app, "inspector", &places, "rectification").await;
        let url = format!("/v1/notices/{other}/actions/issue");
        let handed = app.post(&url, tokens.get("inspector"), &json!({"service": served("in_person", "王建国")})).await;
        let deadline = handed.expect(200)["deadline"].clone();
        assert!(deadline.is_string());
        let later = act(&app, tokens.get("contractor"), other, "acknowledge").await;
        assert_eq!(later.expect(200)["service"]["method"], "in_person");
        assert_eq!(later.body["deadline"], deadline);
    }

    async fn a_strong_measure_is_served_after_its_approval(app) {
        let (places, tokens) = world(&app).await;
        let id = draft(&app, "inspector", &places, "stop_work").await;
        let url = format!("/v1/notices/{id}/actions/issue");
        let early = app.post(&url, tokens.get("inspector"), &json!({"service": served("in_person", "王建国")})).await;
        early.expect_error(422, "validation_failed");
        assert_eq!(fields(&early), [("service".to_owned(), "served_once_approved".to_owned())]);
        act(&app, tokens.get("inspector"), id, "issue").await.expect(200);
        let approved = act(&app, tokens.get("supervisor1"), id, "approve").await;
        assert_eq!(approved.expect(200)["deadline"], Value::Null, "approved is not yet served");
        // The manager refuses to sign: left at the site, which needs a witness.
        let serve = format!("/v1/notices/{id}/actions/serve");
        let unwitnessed = app.post(&serve, tokens.get("inspector"), &json!({"service": served("left_at_site", "王建国")})).await;
        unwitnessed.expect_error(422, "validation_failed");
        assert_eq!(fields(&unwitnessed), [("service.witness".to_owned(), "witness_required".to_owned())]);
        let witnessed = json!({"service": {"method": "left_at_site", "receiver": "王建国", "witness": "李建华（村委会主任）"}});
        let left = app.post(&serve, tokens.get("inspector"), &witnessed).await;
        assert_eq!(left.expect(200)["service"]["witness"], "李建华（村委会主任）");
        assert!(left.body["deadline"].is_string());
    }

    async fn a_service_is_recorded_by_the_bureau_and_not_before_the_issue(app) {
        let (places, tokens) = world(&app).await;
        let id = draft(&app, "inspector", &places, "rectification").await;
        act(&app, tokens.get("inspector"), id, "issue").await.expect(200);
        let url = format!("/v1/notices/{id}/actions/serve");
        let by_contractor = app.post(&url, tokens.get("contractor"), &json!({"service": served("in_person", "me")})).await;
        by_contractor.expect_error(403, "forbidden");
        let before = json!({"at": Utc::now() - Duration::days(2), "service": served("in_person", "王建国")});
        let early = app.post(&url, tokens.get("inspector"), &before).await;
        early.expect_error(422, "validation_failed");
        assert_eq!(fields(&early), [("at".to_owned(), "before_issue".to_owned())]);
        let missing = app.post(&url, tokens.get("inspector"), &json!({})).await;
        missing.expect_error(422, "validation_failed");
        assert_eq!(fields(&missing), [("service".to_owned(), "required".to_owned())]);
        let claimed = json!({"service": {"method": "electronic", "receiver": "x"}});
        let electronic = app.post(&url, tokens.get("inspector"), &claimed).await;
        electronic.expect_error(422, "validation_failed");
        assert_eq!(fields(&electronic), [("service.method".to_owned(), "electronic_by_acknowledgement".to_owned())]);
        let seen = app.get(&format!("/v1/notices/{id}"), tokens.get("admin")).await;
        assert_eq!(seen.expect(200)["served_at"], Value::Null, "nothing refused was stored");
    }

    async fn a_service_recorded_offline_reaches_the_server_and_the_device(app) {
        let (places, _tokens) = world(&app).await;
        let id = draft(&app, "inspector", &places, "stop_work").await;
        let mut phone = app.sync_client("inspector").await;
        phone.mutate("notice.issue", json!({"id": id, "at": Utc::now() - Duration::hours(1)}));
        assert!(phone.push().await.unwrap().iter().all(|r| r.status == sync_protocol::MutationStatus::Applied));
        let mut supervisor = app.sync_client("supervisor1").await;
        supervisor.mutate("notice.approve", json!({"id": id, "comment": "同意"}));
        assert!(supervisor.push().await.unwrap().iter().all(|r| r.status == sync_protocol::MutationStatus::Applied));
        let at = Utc::now();
        phone.mutate("notice.serve", json!({"id": id, "at": at, "service": served("in_person", "王建国")}));
        let results = phone.push().await.unwrap();
        assert_eq!(results[0].status, sync_protocol::MutationStatus::Applied, "{:?}", results[0]);
        let result = results[0].result.clone().unwrap();
        let served_at: chrono::DateTime<Utc> = serde_json::from_value(result["served_at"].clone()).unwrap();
        assert!((served_at - at).num_milliseconds().abs() < 1, "served when the device says");
        phone.pull_all().await.unwrap();
        let pulled = phone.store.get("notice", &id).cloned().unwrap();
        assert_eq!(pulled["service"]["receiver"], "王建国");
        assert_eq!(pulled["deadline"], result["deadline"]);
    }

    async fn the_notice_page_records_a_service_by_post_and_both_pages_show_it(app) {
        let (places, tokens) = world(&app).await;
        let id = draft(&app, "inspector", &places, "rectification").await;
        let posted = json!({"at": Utc::now() - Duration::days(1)});
        app.post(&format!("/v1/notices/{id}/actions/issue"), tokens.get("inspector"), &posted).await.expect(200);
        let inspector = Browser::signed_in(&app, "inspector").await;
        let page = format!("/app/notices/{id}");
        let before = inspector.get(&page).await;
        assert!(before.text.contains("data-test=\"serve-form\""), "the form is offered while not served");
        assert!(before.text.contains("尚未送达") || before.text.contains("Not yet served"), "{}", before.text);
        // Without its postal number the form comes back with why, and nothing is stored.
        let action = format!("/app/notices/{id}/actions/serve");
        let refused = inspector.post(&page, &action, &[("method", "by_post"), ("receiver", "收发室")]).await;
        assert_eq!(refused.status, 303);
        let seen = app.get(&format!("/v1/notices/{id}"), tokens.get("admin")).await;
        assert_eq!(seen.expect(200)["served_at"], Value::Null);
        let local = (Utc::now() + Duration::hours(8) - Duration::hours(2)).format("%Y-%m-%dT%H:%M").to_string();
        let form = [("method", "by_post"), ("receiver", "收发室"), ("note", "XA1234567"), ("at", local.as_str())];
        assert_eq!(inspector.post(&page, &action, &form).await.status, 303);
        let seen = app.get(&format!("/v1/notices/{id}"), tokens.get("admin")).await;
        assert_eq!(seen.expect(200)["service"]["note"], "XA1234567", "{}", seen.body);
        let served_at: chrono::DateTime<Utc> = serde_json::from_value(seen.body["served_at"].clone()).unwrap();
        assert!((served_at - (Utc::now() - Duration::hours(2))).num_minutes().abs() <= 1, "the form's time, in the bureau's zone");
        let after = inspector.get(&page).await;
        assert!(!after.text.contains("data-test=\"serve-form\""), "served once");
        assert!(after.text.contains("XA1234567"));
        let contractor = Browser::signed_in(&app, "contractor").await;
        let order = contractor.get(&format!("/app/orders/{id}")).await;
        assert_eq!(order.status, 200);
        assert!(order.text.contains("收发室"), "the company sees who received it");
    }
}
