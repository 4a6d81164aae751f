//! The supervisor's pages: dashboard, filtered list and its CSV export, the
//! review and approval forms (checked through the API), the notice page and
//! the printable notice; and the pages' security: out-of-scope notices are
//! 404, forms need their CSRF token, a finding's text is escaped everywhere.

use fieldsync::notices::entity::notice;
use fieldsync_tests::{Browser, Places, TestApp, db_tests};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use crate::notices_common::{Tokens, act, draft_on, notice_in};

const XSS: &str = "<script>alert(1)</script>";

async fn world(app: &TestApp) -> (Tokens, Places) {
    let seeded = app.seed().await;
    let places = app.seed_places(&seeded).await;
    let tokens =
        Tokens::of(app, &["admin", "inspector", "inspector2", "contractor", "supervisor", "supervisor1"]).await;
    (tokens, places)
}

async fn number_of(app: &TestApp, id: Uuid) -> String {
    let found = notice::Entity::find_by_id(id).one(app.state.db.read()).await.unwrap().unwrap();
    found.number.unwrap_or_default()
}

/// A notice on site B (company B, township 2), issued by inspector2.
async fn issued_to_company_b(app: &TestApp, tokens: &Tokens, places: &Places) -> Uuid {
    let id = draft_on(app, "inspector2", places.site_b, "rectification").await;
    act(app, tokens.get("inspector2"), id, "issue").await.expect(200);
    id
}

/// A notice on site A whose finding says `text`, issued by the inspector.
async fn issued_with_finding(app: &TestApp, tokens: &Tokens, places: &Places, text: &str) -> Uuid {
    issued_with_photos(app, tokens, places, text, &[]).await
}

/// A notice on site A whose finding says `text` with photos, issued by the inspector.
async fn issued_with_photos(app: &TestApp, tokens: &Tokens, places: &Places, text: &str, photos: &[String]) -> Uuid {
    let id = Uuid::new_v4();
    let args = json!({
        "id": id, "kind": "rectification", "site_id": places.site_a,
        "findings": [{"text": text, "location": "North gate", "clause": "Art. 6", "photos": photos}],
        "legal_basis": "Art. 69", "required_actions": "Fix it.", "deadline_days": 3
    });
    let mut client = app.sync_client("inspector").await;
    client.mutate("notice.create", args);
    client.push().await.unwrap();
    act(app, tokens.get("inspector"), id, "issue").await.expect(200);
    id
}

async fn review_of(app: &TestApp, tokens: &Tokens, id: Uuid) -> serde_json::Value {
    app.get(&format!("/v1/notices/{id}"), tokens.get("supervisor")).await.expect(200).clone()
}

db_tests! {
    async fn the_search_finds_notices_sites_and_households_each_within_what_the_user_sees(app) {
        let (tokens, places) = world(&app).await;
        let own = notice_in(&app, &tokens, &places, "issued").await;
        let foreign = issued_to_company_b(&app, &tokens, &places).await;
        let (own_number, foreign_number) = (number_of(&app, own).await, number_of(&app, foreign).await);
        let supervisor = Browser::signed_in(&app, "supervisor").await;
        let by_number = supervisor.get(&format!("/app/search?q={own_number}")).await;
        assert!(by_number.text.contains(&format!("/app/notices/{own}")), "{}", by_number.text);
        assert!(!by_number.text.contains(&format!("/app/notices/{foreign}")), "only the number asked for");
        let by_site = supervisor.get("/app/search?q=Site%20A").await;
        assert!(by_site.text.contains(&format!("/app/notices?site={}", places.site_a)), "the site: {}", by_site.text);
        assert!(by_site.text.contains(&format!("/app/notices/{own}")), "and its notices");
        let site_list = supervisor.get(&format!("/app/notices?site={}", places.site_a)).await;
        assert!(site_list.text.contains(&own_number) && !site_list.text.contains(&foreign_number));
        assert!(supervisor.get("/app/search?q=Wang").await.text.contains("Wang"), "a household by its head");
        // Another township's inspector finds neither that site nor its notice.
        let inspector2 = Browser::signed_in(&app, "inspector2").await;
        let elsewhere = inspector2.get("/app/search?q=Site%20A").await;
        assert!(!elsewhere.text.contains(&places.site_a.to_string()) && !elsewhere.text.contains(&own_number));
        // A contractor finds their own order by its site, never another company's.
        let contractor = Browser::signed_in(&app, "contractor").await;
        let theirs = contractor.get("/app/search?q=Site").await;
        assert!(theirs.text.contains(&format!("/app/orders/{own}")), "{}", theirs.text);
        assert!(!theirs.text.contains(&foreign_number));
        assert!(!contractor.get(&format!("/app/search?q={foreign_number}")).await.text.contains(&foreign.to_string()));
    }

    async fn the_dashboard_shows_overdue_notices_first_and_ranks_the_townships(app) {
        let (tokens, places) = world(&app).await;
        let id = notice_in(&app, &tokens, &places, "issued").await;
        let found = notice::Entity::find_by_id(id).one(app.state.db.read()).await.unwrap().unwrap();
        let mut overdue: notice::ActiveModel = found.into();
        overdue.overdue_at = Set(Some(chrono::Utc::now()));
        overdue.update(app.state.db.write()).await.unwrap();
        let browser = Browser::signed_in(&app, "supervisor").await;
        let page = browser.get("/app/dashboard").await;
        assert_eq!(page.status, 200, "{}", page.text);
        assert!(page.text.contains(&number_of(&app, id).await), "the overdue notice is listed");
        assert!(page.text.contains("Township One") && page.text.contains("Township Two"), "ranking");
        assert!(page.text.contains("<svg class=\"bar\""), "a bar per township");
        let contractor = Browser::signed_in(&app, "contractor").await;
        assert_eq!(contractor.get("/app/dashboard").await.status, 403);
    }

    async fn the_review_form_returns_and_approves_notices_as_the_api_does(app) {
        let (tokens, places) = world(&app).await;
        let first = notice_in(&app, &tokens, &places, "issued").await;
        let second = notice_in(&app, &tokens, &places, "issued").await;
        let browser = Browser::signed_in(&app, "supervisor").await;
        let queue = browser.get("/app/review").await;
        assert!(queue.text.contains(&number_of(&app, first).await));
        let path = format!("/app/notices/{first}/actions/review_return");
        let no_comment = browser.post("/app/review", &path, &[("comment", ""), ("next", "/app/review")]).await;
        assert_eq!((no_comment.status, &no_comment.headers["location"]), (303, &"/app/review".parse().unwrap()), "back to the form");
        assert_eq!(review_of(&app, &tokens, first).await["review"]["review_status"], "pending");
        let shown = browser.get("/app/review").await;
        assert!(shown.text.contains("class=\"flash refused\""), "{}", shown.text);
        assert!(shown.text.contains("<p>Comment: "), "the field named in words: {}", shown.text);
        assert!(!browser.get("/app/review").await.text.contains("class=\"flash"), "shown once");
        let returned = browser.post("/app/review", &path, &[("comment", "Photos unclear"), ("next", "/app/review")]).await;
        assert_eq!(returned.status, 303);
        assert_eq!(returned.headers["location"], "/app/review");
        assert!(browser.get("/app/review").await.text.contains("<p>Returned to the inspector.</p>"), "said what was done");
        let after = review_of(&app, &tokens, first).await;
        assert_eq!(after["review"]["review_status"], "returned");
        assert_eq!(after["review"]["review_comment"], "Photos unclear");
        let path = format!("/app/notices/{second}/actions/review_approve");
        assert_eq!(browser.post("/app/review", &path, &[("next", "/app/review")]).await.status, 303);
        assert_eq!(review_of(&app, &tokens, second).await["review"]["review_status"], "approved");
        assert!(!browser.get("/app/review").await.text.contains(&number_of(&app, second).await));
    }

    async fn the_approval_form_approves_or_declines_a_strong_measure(app) {
        let (tokens, places) = world(&app).await;
        let approved = notice_in(&app, &tokens, &places, "pending_approval").await;
        let declined = notice_in(&app, &tokens, &places, "pending_approval").await;
        let browser = Browser::signed_in(&app, "supervisor").await;
        assert!(browser.get("/app/approvals").await.text.contains(&format!("/app/notices/{approved}")));
        let path = format!("/app/notices/{approved}/actions/approve");
        assert_eq!(browser.post("/app/approvals", &path, &[("next", "/app/approvals")]).await.status, 303);
        assert_eq!(review_of(&app, &tokens, approved).await["state"], "issued");
        let path = format!("/app/notices/{declined}/actions/decline");
        let reply = browser.post("/app/approvals", &path, &[("comment", "Not proportionate")]).await;
        assert_eq!(reply.status, 303);
        assert_eq!(reply.headers["location"], format!("/app/notices/{declined}"));
        assert_eq!(review_of(&app, &tokens, declined).await["state"], "draft");
    }

    async fn an_action_form_without_its_csrf_token_is_refused_and_the_notice_unchanged(app) {
        let (tokens, places) = world(&app).await;
        let id = notice_in(&app, &tokens, &places, "pending_approval").await;
        let browser = Browser::signed_in(&app, "supervisor").await;
        let path = format!("/app/notices/{id}/actions/approve");
        assert_eq!(browser.post_raw(&path, &[("next", "/app/approvals")]).await.status, 403);
        assert_eq!(browser.post_raw(&path, &[("csrf", "guess"), ("next", "/app/approvals")]).await.status, 403);
        assert_eq!(review_of(&app, &tokens, id).await["state"], "pending_approval");
    }

    async fn a_contractor_who_edits_the_url_to_another_companys_notice_gets_404(app) {
        let (tokens, places) = world(&app).await;
        let theirs = issued_to_company_b(&app, &tokens, &places).await;
        let ours = notice_in(&app, &tokens, &places, "issued").await;
        let browser = Browser::signed_in(&app, "contractor").await;
        assert_eq!(browser.get(&format!("/app/notices/{ours}")).await.status, 200);
        for path in [format!("/app/notices/{theirs}"), format!("/app/notices/{theirs}/print"), "/app/notices/not-a-uuid".into()] {
            let reply = browser.get(&path).await;
            assert_eq!(reply.status, 404, "{path}");
            assert!(reply.text.contains("Not found"), "a page, not JSON: {}", reply.text);
        }
        let list = browser.get("/app/notices").await;
        assert!(list.text.contains(&format!("/app/notices/{ours}")));
        assert!(!list.text.contains(&format!("/app/notices/{theirs}")));
        let path = format!("/app/notices/{theirs}/actions/acknowledge");
        assert_eq!(browser.post(&format!("/app/notices/{ours}"), &path, &[]).await.status, 404);
        assert_eq!(review_of(&app, &tokens, theirs).await["state"], "issued");
    }

    async fn a_findings_script_is_escaped_on_every_page_that_shows_it(app) {
        let (tokens, places) = world(&app).await;
        let id = issued_with_finding(&app, &tokens, &places, XSS).await;
        let pages = [format!("/app/notices/{id}"), format!("/app/notices/{id}/print")];
        for user in ["supervisor", "contractor"] {
            let browser = Browser::signed_in(&app, user).await;
            for path in &pages {
                let reply = browser.get(path).await;
                assert_eq!(reply.status, 200, "{user} {path}");
                assert!(!reply.text.contains(XSS), "{user} {path} has the raw script");
                assert!(reply.text.contains("&#60;script&#62;alert(1)&#60;/script&#62;") || reply.text.contains("&lt;script&gt;"), "{user} {path}: {}", reply.text);
            }
            let csv = browser.get("/app/notices.csv").await;
            assert_eq!(csv.status, 200);
        }
    }

    async fn the_csv_export_holds_exactly_the_filtered_list(app) {
        let (tokens, places) = world(&app).await;
        let ours = notice_in(&app, &tokens, &places, "issued").await;
        let draft = notice_in(&app, &tokens, &places, "draft").await;
        let theirs = issued_to_company_b(&app, &tokens, &places).await;
        let seeded_township = fieldsync::directory::regions::entity::Entity::find()
            .all(app.state.db.read()).await.unwrap()
            .into_iter().find(|r| r.name == "Township One").unwrap().id;
        let browser = Browser::signed_in(&app, "supervisor").await;
        let query = format!("?township={seeded_township}&state=issued");
        let list = browser.get(&format!("/app/notices{query}")).await;
        let csv = browser.get(&format!("/app/notices.csv{query}")).await;
        assert_eq!(csv.status, 200);
        assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
        assert!(csv.text.starts_with('\u{feff}'), "a BOM for Excel");
        let (ours, theirs) = (number_of(&app, ours).await, number_of(&app, theirs).await);
        assert!(list.text.contains(&ours) && csv.text.contains(&ours));
        assert!(!list.text.contains(&theirs) && !csv.text.contains(&theirs));
        assert!(!csv.text.contains(&draft.to_string()));
        assert_eq!(csv.text.lines().count(), 2, "a header and one notice: {}", csv.text);
        let everything = browser.get("/app/notices.csv").await;
        assert_eq!(everything.text.lines().count(), 4, "{}", everything.text);
        let zh = browser.get("/app/lang/zh?next=/app/notices").await;
        assert_eq!(zh.status, 303);
        assert!(browser.get("/app/notices.csv").await.text.contains("编号"), "headers in the page language");
    }

    async fn a_notices_photos_are_served_to_the_pages_of_those_who_see_the_notice_only(app) {
        let (tokens, places) = world(&app).await;
        let photo = fieldsync_tests::fake_jpeg(50_000, 7);
        let sha = fieldsync_tests::sha_hex(&photo);
        let taken = chrono::Utc::now() - chrono::Duration::minutes(5);
        let claims = json!({"taken_at": taken.to_rfc3339(), "location": {"latitude": 38.0412, "longitude": 114.5149, "accuracy_m": 8}});
        app.upload_claiming(tokens.get("inspector"), &photo, claims).await.expect(201);
        let id = issued_with_photos(&app, &tokens, &places, "Cracked beam", std::slice::from_ref(&sha)).await;
        let contractor = Browser::signed_in(&app, "contractor").await;
        let page = contractor.get(&format!("/app/notices/{id}")).await;
        assert!(page.text.contains(&format!("href=\"/app/photos/{sha}\"")), "a link to enlarge");
        assert!(page.text.contains(&format!("/app/photos/{sha}/thumbnails/320")), "a thumbnail");
        let local = taken.with_timezone(&app.state.calendar.tz).format("%Y-%m-%d %H:%M");
        let caption = format!("{local} · 38.04120, 114.51490 (±8 m)</figcaption>");
        assert!(page.text.contains(&caption), "when and where the phone says it was taken: {caption}");
        let order = contractor.get(&format!("/app/orders/{id}")).await;
        assert!(order.text.contains(&caption), "the contractor's order shows it too");
        let full = contractor.http.get(app.url(&format!("/app/photos/{sha}"))).send().await.unwrap();
        assert_eq!(full.status(), 200);
        assert_eq!(full.bytes().await.unwrap().as_ref(), photo.as_slice());
        let other = Browser::signed_in(&app, "contractor2").await;
        assert_eq!(other.get(&format!("/app/photos/{sha}")).await.status, 404);
        assert_eq!(Browser::new(&app).get(&format!("/app/photos/{sha}")).await.status, 401, "no session, no photo");
    }

    async fn the_printable_notice_is_the_official_document(app) {
        let (tokens, places) = world(&app).await;
        let id = notice_in(&app, &tokens, &places, "issued").await;
        let browser = Browser::signed_in(&app, "supervisor").await;
        let page = browser.get(&format!("/app/notices/{id}/print")).await;
        assert_eq!(page.status, 200);
        for part in ["限期整改通知书", &number_of(&app, id).await, "Company A", "Site A", "Bare soil not covered", "Art. 6",
            "Air Pollution Prevention Law", "Cover all bare soil", "Test County住房和城乡建设局", "签收", "print.css"] {
            assert!(page.text.contains(part), "{part} missing");
        }
        let css = browser.get("/app/static/print.css").await;
        assert!(css.text.contains("size: A4"));
    }
}
