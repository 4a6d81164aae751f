//! The admin pages: accounts made, reset and disabled through the same
//! code as the API, with refusals back on the form in words.

use fieldsync_tests::{Browser, db_tests};

/// The company's id as the page offers it.
async fn company_choice(browser: &Browser, name: &str) -> String {
    let page = browser.get("/app/admin/users").await;
    let at = page.text.find(&format!(">{name}</option>")).unwrap_or_else(|| panic!("{name} offered: {}", page.text));
    let before = &page.text[..at];
    let value = before.rsplit("value=\"").next().unwrap();
    value.split('"').next().unwrap().to_owned()
}

db_tests! {
    async fn a_supervisor_makes_a_contractor_account_in_a_company_and_it_signs_in(app) {
        app.seed().await;
        let browser = Browser::signed_in(&app, "supervisor").await;
        let page = browser.get("/app/admin/users").await;
        assert_eq!(page.status, 200, "{}", page.text);
        let company = company_choice(&browser, "Company A").await;
        // No company: back to the form, the field named in words, nothing made.
        let refused = browser.post("/app/admin/users", "/app/admin/users", &[
            ("username", "wang.new"), ("display_name", "Wang"), ("role", "contractor"),
            ("organisation_id", ""), ("password", "long-enough-1"),
        ]).await;
        assert_eq!((refused.status, refused.headers["location"].to_str().unwrap()), (303, "/app/admin/users"));
        let shown = browser.get("/app/admin/users").await;
        assert!(shown.text.contains("<p>Company: "), "{}", shown.text);
        assert!(app.login_reply("wang.new", "long-enough-1").await.status != 200);

        let made = browser.post("/app/admin/users", "/app/admin/users", &[
            ("username", "wang.new"), ("display_name", "Wang"), ("role", "contractor"),
            ("organisation_id", &company), ("password", "long-enough-1"),
        ]).await;
        assert_eq!(made.status, 303, "{}", made.text);
        assert!(browser.get("/app/admin/users").await.text.contains("<p>The account is created.</p>"));
        assert_eq!(app.login_reply("wang.new", "long-enough-1").await.status, 200, "the new account signs in");
        assert_eq!(app.user("wang.new").await.organisation_id.map(|id| id.to_string()), Some(company));

        // A new password ends the old one; disabling refuses sign-in.
        let id = app.user("wang.new").await.id;
        let reset = browser.post("/app/admin/users", &format!("/app/admin/users/{id}/password"), &[("password", "another-one-2")]).await;
        assert_eq!(reset.status, 303);
        assert_eq!(app.login_reply("wang.new", "long-enough-1").await.status, 401);
        assert_eq!(app.login_reply("wang.new", "another-one-2").await.status, 200);
        let disabled = browser.post("/app/admin/users", &format!("/app/admin/users/{id}/disabled"), &[("disabled", "true")]).await;
        assert_eq!(disabled.status, 303);
        assert!(app.user("wang.new").await.disabled);
        assert_ne!(app.login_reply("wang.new", "another-one-2").await.status, 200);
    }

    async fn a_supervisor_registers_a_contractor_company_and_may_then_give_it_accounts(app) {
        let seeded = app.seed().await;
        let browser = Browser::signed_in(&app, "supervisor").await;
        let county = seeded.county.to_string();
        let bad = browser.post("/app/admin/organisations", "/app/admin/organisations", &[
            ("kind", "contractor"), ("name", "Hengtai Building"), ("credit_code", "91130534MA0C7K2X1X"), ("region_id", &county),
        ]).await;
        assert_eq!(bad.status, 303, "{}", bad.text);
        let shown = browser.get("/app/admin/organisations").await;
        assert!(shown.text.contains("<p>Unified social credit code: "), "{}", shown.text);
        assert!(!shown.text.contains("<td data-label=\"Name\">Hengtai Building</td>"), "nothing registered");
        let good = browser.post("/app/admin/organisations", "/app/admin/organisations", &[
            ("kind", "contractor"), ("name", "Hengtai Building"), ("credit_code", "91130534MA0C7K2X1N"), ("region_id", &county),
        ]).await;
        assert_eq!(good.status, 303);
        let shown = browser.get("/app/admin/organisations").await;
        assert!(shown.text.contains("<p>The company is registered.</p>"), "{}", shown.text);
        assert!(shown.text.contains("<td data-label=\"Name\">Hengtai Building</td>"));
        company_choice(&browser, "Hengtai Building").await;
    }

    async fn a_households_spreadsheet_imported_on_the_page_names_each_bad_line_or_stores_every_row(app) {
        use crate::directory_households::{bad_check_digit, id_number};
        app.seed().await;
        let browser = Browser::signed_in(&app, "admin").await;
        let page = "/app/admin/households";
        let bad = format!(
            "户主姓名,身份证号,村代码,户类别\nA,{},130101001,一般户\nB,{},130101001,一般户\nC,{},999999,低保户\n",
            id_number(1), bad_check_digit(2), id_number(3)
        );
        let reply = browser.post_file(page, "/app/admin/households/import", "text/csv", bad.into_bytes()).await;
        assert_eq!((reply.status, reply.headers["location"].to_str().unwrap()), (303, page), "{}", reply.text);
        let shown = browser.get(page).await;
        assert!(shown.text.contains("class=\"flash refused\""), "{}", shown.text);
        assert!(shown.text.contains("<p>Line 3: ID number: "), "each bad line in words: {}", shown.text);
        assert!(shown.text.contains("<p>Line 4: Region code: "), "{}", shown.text);
        assert!(!shown.text.contains(">A</td>"), "nothing stored");

        let good = format!("户主姓名,身份证号,村代码,户类别\nA,{},130101001,一般户\nB,{},130101001,低保户\n", id_number(1), id_number(2));
        let reply = browser.post_file(page, "/app/admin/households/import", "text/csv", good.into_bytes()).await;
        assert_eq!(reply.status, 303);
        let shown = browser.get(page).await;
        assert!(shown.text.contains("<p>2 rows imported.</p>"), "{}", shown.text);
        assert!(shown.text.contains(">A</td>") && shown.text.contains(">B</td>"));
        // Without the page's token the file is refused and nothing changes.
        let forged = browser.post_raw("/app/admin/households/import", &[]).await;
        assert_eq!(forged.status, 403);
    }

    async fn an_admin_drafts_a_new_template_version_on_the_page_and_publishes_it(app) {
        app.seed().await;
        let browser = Browser::signed_in(&app, "admin").await;
        let page = "/app/admin/templates";
        let shown = browser.get(page).await;
        assert_eq!(shown.status, 200);
        assert!(shown.text.contains(r#"data-code="six_100" data-version="2" data-status="published""#), "{}", shown.text);
        let broken = browser.post(page, page, &[("kind", "dust_control"), ("code", "six_100"), ("body", "{not json")]).await;
        assert_eq!(broken.status, 303);
        assert!(browser.get(page).await.text.contains("<p>Template body: "), "the field in words");
        let seed: serde_json::Value =
            serde_json::from_str(include_str!("../../server/templates/dust_control.six_100.v2.json")).unwrap();
        let body = seed["body"].to_string();
        let drafted = browser.post(page, page, &[("kind", "dust_control"), ("code", "six_100"), ("body", &body)]).await;
        assert_eq!(drafted.status, 303);
        let shown = browser.get(page).await;
        assert!(shown.text.contains(r#"data-code="six_100" data-version="3" data-status="draft""#), "{}", shown.text);
        let id = {
            let at = shown.text.find("/publish\"").unwrap();
            let start = shown.text[..at].rfind("/app/admin/templates/").unwrap() + "/app/admin/templates/".len();
            shown.text[start..at].to_owned()
        };
        let published = browser.post(page, &format!("/app/admin/templates/{id}/publish"), &[]).await;
        assert_eq!(published.status, 303);
        let shown = browser.get(page).await;
        assert!(shown.text.contains("<p>Published: devices receive it at their next sync.</p>"), "{}", shown.text);
        assert!(shown.text.contains(r#"data-code="six_100" data-version="3" data-status="published""#));
        assert!(shown.text.contains(r#"data-code="six_100" data-version="2" data-status="retired""#));
        let supervisor = Browser::signed_in(&app, "supervisor").await;
        assert_eq!(supervisor.get(page).await.status, 403, "templates are the admin's");
    }

    async fn inspectors_and_contractors_have_no_admin_pages(app) {
        app.seed().await;
        for username in ["inspector", "contractor"] {
            for page in ["/app/admin/users", "/app/admin/organisations", "/app/admin/sites", "/app/admin/households"] {
                let reply = Browser::signed_in(&app, username).await.get(page).await;
                assert_eq!(reply.status, 403, "{username} {page}");
            }
        }
    }
}
