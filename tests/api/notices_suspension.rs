//! Stop-work and sealing orders act on the site: approved, a stop-work order
//! suspends its site for every device; the company's answer applies to
//! resume; the verifying re-inspection lifts it with a numbered 复工通知书
//! (a sealing order with a 解封决定书); revoking the order ends it; a site
//! stopped twice resumes when the last order ends, also when both end at once.

use fieldsync_tests::{Places, TestApp, db_tests};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::notices_common::{Tokens, act, content, draft, world};

async fn site_status(app: &TestApp, tokens: &Tokens, site: Uuid) -> String {
    let seen = app.get(&format!("/v1/admin/sites/{site}"), tokens.get("admin")).await;
    seen.expect(200)["status"].as_str().unwrap().to_owned()
}

/// A stop-work order on site A, approved.
async fn stopped(app: &TestApp, tokens: &Tokens, places: &Places) -> Uuid {
    let id = draft(app, "inspector", places, "stop_work").await;
    act(app, tokens.get("inspector"), id, "issue").await.expect(200);
    act(app, tokens.get("supervisor1"), id, "approve").await.expect(200);
    id
}

/// The suspension record of order `id` as the contractor's phone pulls it.
async fn pulled(app: &TestApp, id: Uuid) -> Value {
    let mut phone = app.sync_client("contractor").await;
    phone.pull_all().await.unwrap();
    phone.store.get("suspension", &id).cloned().unwrap_or(Value::Null)
}

fn year() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y").to_string()
}

db_tests! {
    async fn an_approved_stop_work_order_suspends_the_site_until_the_reinspection_lifts_it(app) {
        let (places, tokens) = world(&app).await;
        let id = draft(&app, "inspector", &places, "stop_work").await;
        act(&app, tokens.get("inspector"), id, "issue").await.expect(200);
        assert_eq!(site_status(&app, &tokens, places.site_a).await, "active", "awaiting approval, nothing stops");
        act(&app, tokens.get("supervisor1"), id, "approve").await.expect(200);
        assert_eq!(site_status(&app, &tokens, places.site_a).await, "suspended");
        let held = pulled(&app, id).await;
        assert_eq!((held["kind"].as_str(), held["standing"].as_str()), (Some("stop_work"), Some("in_force")), "{held}");
        let mut phone = app.sync_client("inspector").await;
        phone.pull_all().await.unwrap();
        assert_eq!(phone.store.get("site", &places.site_a).unwrap()["status"], "suspended", "every device sees it");

        // The answer is the application to resume; a refused one keeps the stop.
        act(&app, tokens.get("contractor"), id, "acknowledge").await.expect(200);
        act(&app, tokens.get("contractor"), id, "respond").await.expect(200);
        assert_eq!(pulled(&app, id).await["standing"], "applied");
        act(&app, tokens.get("inspector"), id, "reject").await.expect(200);
        assert_eq!(pulled(&app, id).await["standing"], "in_force");
        assert_eq!(site_status(&app, &tokens, places.site_a).await, "suspended");
        act(&app, tokens.get("contractor"), id, "respond").await.expect(200);
        act(&app, tokens.get("inspector"), id, "verify").await.expect(200);
        let lifted = pulled(&app, id).await;
        assert_eq!(lifted["standing"], "lifted");
        assert_eq!(lifted["lift_number"], format!("T建复工〔{}〕第001号", year()), "a numbered 复工通知书");
        assert_eq!(site_status(&app, &tokens, places.site_a).await, "active", "back to what it was");
        let register = app.get(&format!("/v1/numbers/register?kind=resumption&year={}", year()), tokens.get("supervisor1")).await;
        assert_eq!(register.expect(200)["numbers"][0]["status"], "issued", "{}", register.body);
    }

    async fn a_site_stopped_twice_resumes_when_the_last_order_ends(app) {
        let (places, tokens) = world(&app).await;
        let first = stopped(&app, &tokens, &places).await;
        let second = stopped(&app, &tokens, &places).await;
        for id in [first, second] {
            act(&app, tokens.get("contractor"), id, "acknowledge").await.expect(200);
            act(&app, tokens.get("contractor"), id, "respond").await.expect(200);
        }
        act(&app, tokens.get("inspector"), first, "verify").await.expect(200);
        assert_eq!(site_status(&app, &tokens, places.site_a).await, "suspended", "the second order still holds it");
        act(&app, tokens.get("supervisor1"), second, "revoke").await.expect(200);
        assert_eq!(pulled(&app, second).await["standing"], "revoked");
        assert_eq!(pulled(&app, second).await["lift_number"], Value::Null, "a revocation lifts by no document");
        assert_eq!(site_status(&app, &tokens, places.site_a).await, "active");
        // The day's report: one site stopped (by two orders), one resumed by
        // a 复工通知书; the revoked order resumed nothing.
        let report = app.get("/v1/reports/daily", tokens.get("supervisor")).await;
        let report = report.expect(200);
        assert_eq!((report["total"]["sites_suspended"].as_i64(), report["total"]["sites_resumed"].as_i64()), (Some(1), Some(1)), "{}", report["total"]);
        let one = report["townships"].as_array().unwrap().iter().find(|t| t["name"] == "Township One").unwrap();
        assert_eq!(one["total"]["sites_suspended"], 1, "a site is one site, however many orders");
        let other = report["townships"].as_array().unwrap().iter().find(|t| t["name"] == "Township Two").unwrap();
        assert_eq!(other["total"]["sites_suspended"], 0);
    }

    async fn two_orders_on_one_site_lifted_at_once_leave_it_resumed(app) {
        let (places, tokens) = world(&app).await;
        for round in 0..4 {
            let orders = [stopped(&app, &tokens, &places).await, stopped(&app, &tokens, &places).await];
            for id in orders {
                act(&app, tokens.get("contractor"), id, "acknowledge").await.expect(200);
                act(&app, tokens.get("contractor"), id, "respond").await.expect(200);
            }
            let (a, b) = tokio::join!(
                act(&app, tokens.get("inspector"), orders[0], "verify"),
                act(&app, tokens.get("supervisor1"), orders[1], "verify"),
            );
            a.expect(200);
            b.expect(200);
            assert_eq!(site_status(&app, &tokens, places.site_a).await, "active", "round {round}: no stop is left");
        }
    }

    async fn a_sealing_order_names_the_equipment_and_an_unsealing_lifts_it(app) {
        let (places, tokens) = world(&app).await;
        let id = Uuid::new_v4();
        let mut args = content();
        args["id"] = json!(id);
        args["kind"] = json!("equipment_sealed");
        args["site_id"] = json!(places.site_a);
        let mut phone = app.sync_client("inspector").await;
        phone.mutate("notice.create", args);
        phone.push().await.unwrap();
        let incomplete = act(&app, tokens.get("inspector"), id, "issue").await;
        incomplete.expect_error(422, "validation_failed");
        assert_eq!(incomplete.body["error"]["details"]["fields"][0]["field"], "sealed_equipment");
        let crane = "QTZ80 塔式起重机（备案号 冀 T-0021）";
        let mut fixed = content();
        fixed["id"] = json!(id);
        fixed["sealed_equipment"] = json!(crane);
        phone.mutate("notice.update", fixed);
        phone.push().await.unwrap();
        act(&app, tokens.get("inspector"), id, "issue").await.expect(200);
        act(&app, tokens.get("supervisor1"), id, "approve").await.expect(200);
        let sealed = pulled(&app, id).await;
        assert_eq!((sealed["equipment"].as_str(), sealed["standing"].as_str()), (Some(crane), Some("in_force")));
        assert_eq!(site_status(&app, &tokens, places.site_a).await, "active", "the site works on, the crane is sealed");
        act(&app, tokens.get("contractor"), id, "acknowledge").await.expect(200);
        act(&app, tokens.get("contractor"), id, "respond").await.expect(200);
        act(&app, tokens.get("inspector"), id, "verify").await.expect(200);
        assert_eq!(pulled(&app, id).await["lift_number"], format!("T建解封〔{}〕第001号", year()));
    }
}
