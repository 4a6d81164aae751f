//! The contractor's and the inspector's pages without script: "my orders"
//! scoped to the company and most urgent first, acknowledging and answering
//! through the forms, the verdict, photo uploads on the session with the
//! CSRF header, another company's order answering 404, and the inspector's
//! read-only page.

use chrono::{Days, Utc};
use fieldsync::notices::entity::notice;
use fieldsync_tests::{Browser, TestApp, csrf_of, db_tests, fake_jpeg, sha_hex};
use reqwest::header::CONTENT_RANGE;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use crate::notices_common::{Tokens, act, notice_in, other_company_notice, state_of, world};

/// A world with one order of company A brought to `state`, and the contractor's browser on its page.
async fn an_order_in(app: &TestApp, state: &str) -> (Tokens, Uuid, Browser, String) {
    let (places, tokens) = world(app).await;
    let id = notice_in(app, &tokens, &places, state).await;
    let browser = Browser::signed_in(app, "contractor").await;
    (tokens, id, browser, format!("/app/orders/{id}"))
}

/// Marks a notice overdue since yesterday, as the overdue job would.
async fn make_overdue(app: &TestApp, id: Uuid) {
    let found = notice::Entity::find_by_id(id).one(app.state.db.read()).await.unwrap().unwrap();
    let mut active: notice::ActiveModel = found.into();
    active.deadline = Set(Some(Utc::now().date_naive() - Days::new(1)));
    active.overdue_at = Set(Some(Utc::now()));
    active.update(app.state.db.write()).await.unwrap();
}

fn number_of(body: &serde_json::Value) -> String {
    body["number"].as_str().unwrap().to_owned()
}

db_tests! {
    async fn a_contractor_sees_only_their_companys_orders_overdue_ones_first(app) {
        let (places, tokens) = world(&app).await;
        let fresh = notice_in(&app, &tokens, &places, "issued").await;
        let late = notice_in(&app, &tokens, &places, "acknowledged").await;
        make_overdue(&app, late).await;
        let closed = notice_in(&app, &tokens, &places, "verified").await;
        let foreign = other_company_notice(&app, &tokens, &places).await;

        let browser = Browser::signed_in(&app, "contractor").await;
        assert_eq!(browser.get("/app").await.headers["location"], "/app/orders");
        let page = browser.get("/app/orders").await;
        assert_eq!(page.status, 200, "{}", page.text);
        assert!(page.text.contains("<h1>My orders</h1>"), "{}", page.text);
        let at = |id: Uuid| page.text.find(&format!("/app/orders/{id}\"")).unwrap_or_else(|| panic!("{id} not listed"));
        assert!(at(late) < at(fresh), "the overdue order comes first");
        assert!(at(fresh) < at(closed), "closed orders come after the open ones");
        assert!(!page.text.contains(&foreign.to_string()), "another company's order is not listed");
        let other = Browser::signed_in(&app, "contractor2").await.get("/app/orders").await;
        assert!(other.text.contains(&foreign.to_string()));
        assert!(!other.text.contains(&fresh.to_string()));
    }

    async fn a_contractor_acknowledges_and_answers_an_order_through_the_forms(app) {
        let (tokens, id, browser, page) = an_order_in(&app, "issued").await;
        let shown = browser.get(&page).await;
        assert!(shown.text.contains("Acknowledge receipt"), "{}", shown.text);
        assert!(shown.text.contains("Bare soil not covered"));
        assert!(!shown.text.contains("Send the report"), "no answer before acknowledging");

        let reply = browser.post(&page, &format!("{page}/acknowledge"), &[]).await;
        assert_eq!((reply.status, reply.headers["location"].to_str().unwrap()), (303, page.as_str()));
        assert_eq!(state_of(&app, tokens.get("admin"), id).await, "acknowledged");
        assert!(browser.get(&page).await.text.contains("<p>Receipt acknowledged.</p>"), "said what was done");

        let reply = browser.post(&page, &format!("{page}/respond"), &[("text", "Nets laid."), ("photos", "")]).await;
        assert_eq!(reply.status, 303, "{}", reply.text);
        assert_eq!(state_of(&app, tokens.get("admin"), id).await, "responded");
        let shown = browser.get(&page).await;
        assert!(shown.text.contains("Nets laid."));
        assert!(shown.text.contains("waiting for the inspector"), "{}", shown.text);

        act(&app, tokens.get("inspector"), id, "reject").await.expect(200);
        let shown = browser.get(&page).await;
        assert!(shown.text.contains("Rejected: rectify again"), "{}", shown.text);
        assert!(shown.text.contains("checked on site"), "the inspector's comment is shown");
        assert!(shown.text.contains("Send the report"), "a rejected order is answered again");
    }

    async fn an_answer_without_text_goes_back_to_the_form_saying_why_and_changes_nothing(app) {
        let (tokens, id, browser, page) = an_order_in(&app, "acknowledged").await;
        let reply = browser.post(&page, &format!("{page}/respond"), &[("text", "  ")]).await;
        assert_eq!(reply.status, 303, "{}", reply.text);
        assert_eq!(reply.headers["location"], page.as_str());
        let shown = browser.get(&page).await;
        assert!(shown.text.contains("class=\"flash refused\""), "{}", shown.text);
        assert!(shown.text.contains("<p>Report: "), "the field named in words: {}", shown.text);
        assert_eq!(state_of(&app, tokens.get("admin"), id).await, "acknowledged");
    }

    async fn a_contractor_who_edits_the_url_to_another_companys_order_gets_404_and_changes_nothing(app) {
        let (places, tokens) = world(&app).await;
        let own = notice_in(&app, &tokens, &places, "issued").await;
        let foreign = other_company_notice(&app, &tokens, &places).await;
        let browser = Browser::signed_in(&app, "contractor").await;
        let page = browser.get(&format!("/app/orders/{foreign}")).await;
        assert_eq!(page.status, 404);
        assert!(page.text.contains("Not found"), "{}", page.text);
        assert!(!page.text.contains("Bare soil"), "nothing of the order leaks");
        let reply = browser.post(&format!("/app/orders/{own}"), &format!("/app/orders/{foreign}/acknowledge"), &[]).await;
        assert_eq!(reply.status, 404);
        assert_eq!(state_of(&app, tokens.get("admin"), foreign).await, "issued");
        assert_eq!(browser.get(&format!("/app/orders/{}", Uuid::new_v4())).await.status, 404);
    }

    async fn photos_go_up_on_the_session_with_the_csrf_header_and_are_named_in_the_answer(app) {
        let (tokens, id, browser, page) = an_order_in(&app, "acknowledged").await;
        let token = csrf_of(&browser.get(&page).await.text).unwrap();
        let photo = fake_jpeg(40_000, 7);
        let sha = sha_hex(&photo);
        let start = json!({"sha256": sha, "size": photo.len()});

        let refused = TestApp::read(browser.http.post(app.url("/app/uploads")).json(&start)).await;
        assert_eq!(refused.status, 403, "no CSRF header, no upload");
        let inspector = Browser::signed_in(&app, "inspector").await;
        let theirs = csrf_of(&inspector.get("/app/work").await.text).unwrap();
        let other = TestApp::read(inspector.http.post(app.url("/app/uploads")).header("x-csrf-token", theirs).json(&start)).await;
        assert_eq!(other.status, 404, "only contractors answer orders from the pages");
        let started = TestApp::read(browser.http.post(app.url("/app/uploads")).header("x-csrf-token", &token).json(&start)).await;
        let upload = started.expect(201)["upload_id"].as_str().unwrap().to_owned();
        let range = format!("bytes 0-{}/{}", photo.len() - 1, photo.len());
        let chunk = browser
            .http
            .put(app.url(&format!("/app/uploads/{upload}")))
            .header("x-csrf-token", &token)
            .header(CONTENT_RANGE, range)
            .body(photo.clone());
        let asked = TestApp::read(browser.http.get(app.url(&format!("/app/uploads/{upload}")))).await;
        assert_eq!(asked.expect(200)["offset"], 0, "the offset can be asked before and after a cut");
        assert_eq!(TestApp::read(chunk).await.expect(201)["complete"], true);

        let reply = browser.post(&page, &format!("{page}/respond"), &[("text", "Nets laid."), ("photos", &sha)]).await;
        assert_eq!(reply.status, 303, "{}", reply.text);
        let notice = app.get(&format!("/v1/notices/{id}"), tokens.get("contractor")).await;
        assert_eq!(notice.expect(200)["response"]["photos"], json!([sha]));
        let stored = app.fetch(&format!("/v1/blobs/{sha}"), tokens.get("inspector"), &[]).await;
        assert_eq!(stored.0, 200, "the photo is stored and reachable through the notice");
        assert!(browser.get(&page).await.text.contains(&format!("/app/photos/{sha}")), "the answer shows the photo");
    }

    async fn the_inspector_sees_their_open_notices_and_inspections_read_only(app) {
        let (places, tokens) = world(&app).await;
        let open = notice_in(&app, &tokens, &places, "issued").await;
        let closed = notice_in(&app, &tokens, &places, "verified").await;
        let numbers = app.get(&format!("/v1/notices/{open}"), tokens.get("admin")).await;
        let number = number_of(numbers.expect(200));
        let foreign = other_company_notice(&app, &tokens, &places).await;
        let mut phone = app.sync_client("inspector").await;
        let template = fieldsync::templates::seed::DUST_CONTROL_V1;
        phone.mutate("inspection.create", json!({"id": Uuid::new_v4(), "template_id": template, "site_id": places.site_a, "answers": {}}));
        let results = phone.push().await.unwrap();
        assert_eq!(results[0].status, sync_protocol::MutationStatus::Applied, "{:?}", results[0]);

        let browser = Browser::signed_in(&app, "inspector").await;
        assert_eq!(browser.get("/app").await.headers["location"], "/app/work");
        let page = browser.get("/app/work").await;
        assert_eq!(page.status, 200, "{}", page.text);
        assert!(page.text.contains("My open notices"));
        assert!(page.text.contains(&format!("/app/notices/{open}")), "{}", page.text);
        assert!(page.text.contains(&number));
        assert!(!page.text.contains(&closed.to_string()), "closed notices are not open work");
        assert!(!page.text.contains(&foreign.to_string()), "another inspector's notice is not theirs");
        let inspections = &page.text[page.text.find("class=\"inspections\"").expect("an inspections table")..];
        assert!(inspections.contains("Site A"), "the inspection's site is listed: {inspections}");
        assert!(inspections.contains("In progress"));
        assert!(!page.text.contains("<form method=\"post\" action=\"/app/orders"), "read-only");
        assert_eq!(browser.get("/app/orders").await.status, 404, "the contractor's page is not theirs");
        let contractor = Browser::signed_in(&app, "contractor").await;
        assert_eq!(contractor.get("/app/work").await.status, 404);
    }
}
