//! Penalty cases: filing decides nothing. A case filed and approved goes
//! through the investigation by two officers, the prior notice of the
//! proposed penalty with the party's rights, the decision (a supervisor's,
//! once the party's time to answer has passed or it waived it), its
//! service, the payment and the closing; the 行政处罚决定书 prints only at
//! the decision, with the remedies the law requires.

use chrono::{Days, Utc};
use fieldsync::notices::case::entity as case;
use fieldsync_tests::{Browser, TestApp, db_tests};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::notices_common::{Tokens, act, draft, world};

async fn user_id(app: &TestApp, name: &str) -> Value {
    app.login_reply(name, fieldsync_tests::DEMO_PASSWORD).await.expect(200)["user"]["id"].clone()
}

async fn step(app: &TestApp, token: &str, id: Uuid, step: &str, body: Value) -> fieldsync_tests::Reply {
    app.post(&format!("/v1/cases/{id}/{step}"), token, &body).await
}

fn field_codes(reply: &fieldsync_tests::Reply) -> Vec<(String, String)> {
    reply.body["error"]["details"]["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no fields: {}", reply.body))
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect()
}

fn year() -> String {
    (Utc::now() + chrono::Duration::hours(8)).format("%Y").to_string()
}

/// A case filed on site A and approved: the case is open.
async fn filed(app: &TestApp, tokens: &Tokens, places: &fieldsync_tests::Places) -> Uuid {
    let id = draft(app, "inspector", places, "case_filed").await;
    act(app, tokens.get("inspector"), id, "issue").await.expect(200);
    app.get(&format!("/v1/cases/{id}"), tokens.get("inspector")).await.expect_error(404, "not_found");
    act(app, tokens.get("supervisor1"), id, "approve").await.expect(200);
    id
}

db_tests! {
    async fn a_case_goes_from_filing_to_closing_one_step_at_a_time(app) {
        let (places, tokens) = world(&app).await;
        let id = filed(&app, &tokens, &places).await;
        let (inspector, supervisor) = (tokens.get("inspector"), tokens.get("supervisor1"));
        let opened = app.get(&format!("/v1/cases/{id}"), inspector).await;
        assert_eq!(opened.expect(200)["stage"], "filed");
        // Out of order: refused with where the case is.
        let early = step(&app, supervisor, id, "decide", json!({"amount": "1.00", "statement": "-"})).await;
        early.expect_error(409, "invalid_transition");
        assert_eq!(early.body["error"]["details"]["stage"], "filed");

        // Two officers, each with a certificate, both bureau staff over the site.
        let me = user_id(&app, "inspector").await;
        let other = user_id(&app, "supervisor1").await;
        let outsider = user_id(&app, "contractor").await;
        let alone = step(&app, inspector, id, "investigate", json!({"officers": [{"user_id": me, "cert": "13050001"}], "facts": "x"})).await;
        alone.expect_error(422, "validation_failed");
        assert_eq!(field_codes(&alone), [("officers".to_owned(), "two_officers".to_owned())]);
        let wrong = json!({"officers": [{"user_id": me, "cert": "13050001"}, {"user_id": outsider, "cert": ""}], "facts": "x"});
        let wrong = step(&app, inspector, id, "investigate", wrong).await;
        let codes = field_codes(&wrong);
        assert!(codes.contains(&("officers[1].user_id".to_owned(), "out_of_scope".to_owned())), "{codes:?}");
        assert!(codes.contains(&("officers[1].cert".to_owned(), "required".to_owned())), "{codes:?}");
        let officers = json!([{"user_id": me, "cert": "13050001"}, {"user_id": other, "cert": "13050002"}]);
        let facts = "经查，该项目未按规定落实扬尘防治措施，裸土未覆盖约 800 平方米。";
        step(&app, inspector, id, "investigate", json!({"officers": officers, "facts": facts})).await.expect(200);

        // The prior notice: numbered, with the statement and (at 20,000 yuan) hearing rights.
        let told = step(&app, inspector, id, "notify", json!({"amount": "20000.00"})).await;
        let told = told.expect(200).clone();
        assert_eq!(told["notification_number"], format!("T建罚告〔{}〕第001号", year()));
        assert!(told["statement_due"].is_string() && told["hearing_due"].is_string(), "{told}");
        // No decision while the party may still answer, unless it waived its rights.
        let soon = step(&app, supervisor, id, "decide", json!({"amount": "20000.00", "statement": "未提出"})).await;
        assert_eq!(field_codes(&soon), [("waived".to_owned(), "rights_period_running".to_owned())]);
        let more = step(&app, supervisor, id, "decide", json!({"amount": "25000.00", "statement": "-", "waived": true})).await;
        assert_eq!(field_codes(&more), [("amount".to_owned(), "above_the_notice".to_owned())]);
        let by_inspector = step(&app, inspector, id, "decide", json!({"amount": "20000.00", "statement": "-", "waived": true})).await;
        by_inspector.expect_error(403, "forbidden");
        let decided = json!({"amount": "18000.00", "statement": "当事人书面放弃陈述、申辩和听证权利。", "waived": true});
        let decided = step(&app, supervisor, id, "decide", decided).await;
        assert_eq!(decided.expect(200)["decision_number"], format!("T建罚决〔{}〕第001号", year()));
        assert_eq!(decided.body["decided"], "18000.00");

        let served = json!({"service": {"method": "in_person", "receiver": "王建军"}});
        step(&app, inspector, id, "serve", served).await.expect(200);
        let today = app.state.calendar.today(Utc::now());
        let short = step(&app, inspector, id, "execute", json!({"paid": "1800.00", "paid_on": today, "receipt": "R-1"})).await;
        assert_eq!(field_codes(&short), [("paid".to_owned(), "not_the_penalty".to_owned())]);
        step(&app, inspector, id, "execute", json!({"paid": "18000.00", "paid_on": today, "receipt": "R-1"})).await.expect(200);
        step(&app, inspector, id, "close", json!({})).await.expect_error(403, "forbidden");
        let closed = step(&app, supervisor, id, "close", json!({"comment": "罚款已缴清，结案。"})).await;
        assert_eq!(closed.expect(200)["stage"], "closed");

        // Every step is in the notice's history; the company's phone sees the case.
        let history = app.get(&format!("/v1/notices/{id}"), supervisor).await;
        let actions: Vec<&str> = history.expect(200)["history"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        for a in ["case.investigate", "case.notify", "case.decide", "case.serve", "case.execute", "case.close"] {
            assert!(actions.contains(&a), "{a} missing: {actions:?}");
        }
        let mut phone = app.sync_client("contractor").await;
        phone.pull_all().await.unwrap();
        assert_eq!(phone.store.get("penalty_case", &id).unwrap()["stage"], "closed");
    }

    async fn the_decision_prints_only_once_decided_with_its_remedies(app) {
        let (places, tokens) = world(&app).await;
        let id = filed(&app, &tokens, &places).await;
        let (inspector, supervisor) = (tokens.get("inspector"), tokens.get("supervisor1"));
        let me = user_id(&app, "inspector").await;
        let other = user_id(&app, "supervisor1").await;
        let officers = json!([{"user_id": me, "cert": "13050001"}, {"user_id": other, "cert": "13050002"}]);
        step(&app, inspector, id, "investigate", json!({"officers": officers, "facts": "裸土未覆盖。"})).await.expect(200);
        let browser = Browser::signed_in(&app, "contractor").await;
        let decision = format!("/app/notices/{id}/case/decision/print");
        assert_eq!(browser.get(&decision).await.status, 404, "no decision yet");
        step(&app, inspector, id, "notify", json!({"amount": "5000.00"})).await.expect(200);
        let notice = browser.get(&format!("/app/notices/{id}/case/notification/print")).await;
        assert_eq!(notice.status, 200);
        for part in ["行政处罚事先告知书", "陈述和申辩", "5000.00", "13050002"] {
            assert!(notice.text.contains(part), "prior notice: {part} missing");
        }
        assert!(!notice.text.contains("要求举行听证"), "below the hearing threshold, no hearing right");
        // The party's time passes without an answer.
        let stored = case::Entity::find_by_id(id).one(app.state.db.read()).await.unwrap().unwrap();
        let mut aged: case::ActiveModel = stored.into();
        aged.statement_due = Set(Some(app.state.calendar.today(Utc::now()).checked_sub_days(Days::new(1)).unwrap()));
        aged.update(app.state.db.write()).await.unwrap();
        step(&app, supervisor, id, "decide", json!({"amount": "5000.00", "statement": "当事人在规定期限内未提出陈述、申辩。"})).await.expect(200);
        let printed = browser.get(&decision).await;
        assert_eq!(printed.status, 200);
        for part in ["行政处罚决定书", "T建罚决〔", "5000.00", "十五日内", "行政复议", "六十日内", "行政诉讼", "六个月内", "Test County人民政府"] {
            assert!(printed.text.contains(part), "decision: {part} missing");
        }
        let page = Browser::signed_in(&app, "supervisor1").await.get(&format!("/app/notices/{id}")).await;
        assert!(page.text.contains(&decision), "the notice page links the decision");
    }
}

mod pages {
    use super::*;

    db_tests! {
        async fn the_notice_page_offers_the_cases_next_step_and_takes_it(app) {
            let (places, tokens) = world(&app).await;
            let id = filed(&app, &tokens, &places).await;
            let page = format!("/app/notices/{id}");
            let inspector = Browser::signed_in(&app, "inspector").await;
            let shown = inspector.get(&page).await;
            assert!(shown.text.contains("data-step=\"investigate\""), "the next step's form");
            let (me, other) = (user_id(&app, "inspector").await, user_id(&app, "supervisor1").await);
            let (me, other) = (me.as_str().unwrap().to_owned(), other.as_str().unwrap().to_owned());
            assert!(shown.text.contains(&other), "the other officers are offered");
            let form = [("officer1", me.as_str()), ("cert1", "13050001"), ("officer2", other.as_str()), ("cert2", "13050002"), ("facts", "裸土未覆盖。")];
            let done = inspector.post(&page, &format!("/app/notices/{id}/case/investigate"), &form).await;
            assert_eq!(done.status, 303);
            let case = app.get(&format!("/v1/cases/{id}"), tokens.get("inspector")).await;
            assert_eq!(case.expect(200)["stage"], "investigated");
            assert_eq!(case.body["officers"][1]["cert"], "13050002");
            // The decision is a supervisor's: the inspector is not offered it.
            step(&app, tokens.get("inspector"), id, "notify", json!({"amount": "3000.00"})).await.expect(200);
            assert!(!inspector.get(&page).await.text.contains("data-test=\"case-step\""));
            let supervisor = Browser::signed_in(&app, "supervisor1").await;
            assert!(supervisor.get(&page).await.text.contains("data-step=\"decide\""));
        }
    }
}

mod revoked {
    use super::*;

    db_tests! {
        async fn two_supervisors_deciding_at_once_make_one_decision_with_one_number(app) {
            let (places, tokens) = world(&app).await;
            let supervisor = app.token("supervisor").await;
            for round in 0..3 {
                let id = filed(&app, &tokens, &places).await;
                let (me, other) = (user_id(&app, "inspector").await, user_id(&app, "supervisor1").await);
                let officers = json!([{"user_id": me, "cert": "13050001"}, {"user_id": other, "cert": "13050002"}]);
                step(&app, tokens.get("inspector"), id, "investigate", json!({"officers": officers, "facts": "x"})).await.expect(200);
                step(&app, tokens.get("inspector"), id, "notify", json!({"amount": "1000.00"})).await.expect(200);
                let body = json!({"amount": "1000.00", "statement": "放弃", "waived": true});
                let (a, b) = tokio::join!(
                    step(&app, tokens.get("supervisor1"), id, "decide", body.clone()),
                    step(&app, &supervisor, id, "decide", body.clone()),
                );
                let mut statuses = [a.status, b.status];
                statuses.sort_unstable();
                assert_eq!(statuses, [200, 409], "round {round}: one decision, the other finds it decided");
            }
            let year = year();
            let register = app.get(&format!("/v1/numbers/register?kind=penalty_decision&year={year}"), tokens.get("supervisor1")).await;
            let numbers = register.expect(200)["numbers"].as_array().unwrap().clone();
            assert_eq!(numbers.len(), 3, "one number per case decided, none taken by the refused one: {numbers:?}");
        }

        async fn revoking_a_filed_notice_ends_its_case(app) {
            let (places, tokens) = world(&app).await;
            let id = filed(&app, &tokens, &places).await;
            act(&app, tokens.get("supervisor1"), id, "revoke").await.expect(200);
            let case = app.get(&format!("/v1/cases/{id}"), tokens.get("inspector")).await;
            assert_eq!(case.expect(200)["stage"], "revoked");
            assert!(case.body["closed_at"].is_string());
            let late = step(&app, tokens.get("inspector"), id, "investigate", json!({})).await;
            late.expect_error(409, "invalid_transition");
            assert_eq!(late.body["error"]["details"]["stage"], "revoked");
        }
    }
}
