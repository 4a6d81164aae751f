//! Recording inspections on the phone at `/field`, from the template
//! records (the test walks the template's items, as the app draws them):
//! dust control with a photo of a failed item and a notice issued while the
//! server is down; a JGJ 59 sheet with tables left out and items not
//! applicable; a rural appraisal with its live grade; and re-inspecting
//! responded notices. Results are checked on the server.

use fieldsync_tests::{Backend, TestApp, sha_hex};
use serde_json::json;
use uuid::Uuid;

use crate::{
    field_helpers::{
        answer, answer_with, phone, photo, photo_file, read, screenshots, script, sign_in, synced, tap, until,
    },
    field_steps::{
        answer_dust_checklist, finish, inspection_on_the_server, live, reinspect, routed_id, start, template,
    },
    notices_common::{notice_in, state_of, world},
    number_of,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspector_records_dust_control_with_a_photo_and_issues_a_notice_while_the_server_is_down() {
    let mut app = TestApp::spawn(Backend::Sqlite).await;
    let (places, tokens) = world(&app).await;
    let photos = tempfile::tempdir().unwrap();
    let picture = photo_file(&photos, "cover.jpg", 0);
    let chrome = phone(&app).await;
    sign_in(&chrome, "inspector").await;
    let id = start(&chrome, places.site_a, "dust_control").await;
    assert_eq!(live(&chrome, "grade").await, "", "nothing answered, no grade yet");

    let body = template(include_str!("../../server/templates/dust_control.six_100.v2.json"));
    answer_dust_checklist(&chrome, &body, &["material_covered"]).await;
    // A failed item that needs a photo waits for it before it is sent.
    chrome.wait_for("#item-material_covered [data-test=photo-needed]").await;
    assert_eq!(live(&chrome, "grade").await, "fail");
    photo(&chrome, "material_covered", &picture).await;
    assert!(!chrome.has("[data-test=photo-needed]").await);
    assert_eq!(read(&chrome, "[data-test=failed-count]").await, "1 failed items");
    screenshots(&chrome, "dust-control").await;
    finish(&chrome).await;
    synced(&chrome).await;

    let stored = inspection_on_the_server(&app, &id).await;
    let sha = sha_hex(&std::fs::read(&picture).unwrap());
    assert_eq!((stored["status"].as_str(), stored["grade"].as_str()), (Some("finished"), Some("fail")), "{stored}");
    assert_eq!(stored["answers"]["material_covered"], json!({"value": "fail", "photos": [sha]}));
    assert_eq!(stored["findings"].as_array().unwrap().len(), 1, "{stored}");
    assert_eq!(stored["findings"][0]["item_id"], "material_covered");
    assert_eq!(stored["findings"][0]["photos"], json!([sha]));
    let download =
        app.send(reqwest::Method::GET, &format!("/v1/blobs/{sha}"), Some(tokens.get("supervisor")), None).await;
    assert_eq!(download.status, 200, "the photo was uploaded");

    tap(&chrome, "[data-test=write-notice]").await;
    chrome.wait_for("main[data-screen=notice-form] [data-test=finding]").await;
    let finding = read(&chrome, "[data-test=finding-text]").await;
    let prompt = body["sections"][1]["items"][0]["prompt"]["en"].as_str().unwrap();
    assert_eq!(
        script(&chrome, "return document.querySelector('[data-test=finding-text]').value;", vec![]).await,
        json!(prompt),
        "{finding}"
    );
    let value = |css: &'static str| {
        let chrome = &chrome;
        async move { script(chrome, &format!("return document.querySelector('{css}').value;"), vec![]).await }
    };
    assert_eq!(
        value("[data-test=finding-clause]").await,
        body["sections"][1]["items"][0]["clause"]["en"],
        "the item's clause"
    );
    assert_eq!(value("[data-test=legal-basis]").await, body["legal_basis"]["en"], "the checklist's legal basis");
    crate::field_helpers::enter(&chrome, "[data-test=required-actions]", "Cover the soil with dust nets.").await;
    crate::field_helpers::enter(&chrome, "[data-test=finding-clause]", "GB 50720 §3.2").await;
    screenshots(&chrome, "notice-form").await;

    // Without a number held, an issue offline waits for the server's.
    let held = crate::field_helpers::numbers_held(&chrome, 10).await;
    let give_back = "const c = new lib.SyncClient({ baseUrl: location.origin, storage: new lib.IndexedDbStorage('fieldsync') }); \
                     await c.open(); await c.giveBackNumbers(args[0]); return (await c.reservedNumbers()).length;";
    assert_eq!(chrome.run(give_back, vec![json!(held)]).await, json!(0));
    // Handed over on the spot: the site manager signs for it.
    crate::field_helpers::enter(&chrome, "[data-test=service-receiver]", "王建国").await;
    app.shut_down().await;
    tap(&chrome, "[data-test=notice-issue]").await;
    chrome.wait_for("main[data-screen=notice] [data-test=notice-number-pending]").await;
    let served = read(&chrome, "[data-test=notice-served]").await;
    assert!(served.contains("In person") && served.contains("王建国"), "the receipt shown offline: {served}");
    until(&chrome, "document.getElementById('sync-bar').dataset.error === 'network'", "the outage shown").await;
    assert_eq!(read(&chrome, "[data-test=notice-number-pending]").await, "Number pending sync");
    assert_eq!(read(&chrome, "[data-test=notice-state]").await, "Issued · Not yet synced");
    screenshots(&chrome, "notice-offline").await;
    let notice = routed_id(&chrome, "notice").await;

    app.start_again().await;
    tap(&chrome, "[data-test=sync-now]").await;
    synced(&chrome).await;
    let number = read(&chrome, "[data-test=notice-number]").await;
    let id = Uuid::parse_str(&notice).unwrap();
    assert_eq!(number, number_of(&app, &tokens, id).await);
    assert_eq!(state_of(&app, tokens.get("admin"), id).await, "issued");
    let stored = app.get(&format!("/v1/notices/{id}"), tokens.get("admin")).await;
    let stored = stored.expect(200);
    assert_eq!(stored["findings"][0]["clause"], "GB 50720 §3.2");
    assert_eq!(stored["findings"][0]["photos"], json!([sha]));
    assert_eq!(stored["deadline_days"], 7);
    assert_eq!(stored["service"]["receiver"], "王建国", "served on the spot: {stored}");
    assert!(stored["deadline"].is_string(), "its deadline runs from the service");
    screenshots(&chrome, "notice").await;
    chrome.stop().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspector_scores_a_jgj59_sheet_with_tables_left_out_and_items_not_applicable() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (places, _tokens) = world(&app).await;
    let chrome = phone(&app).await;
    sign_in(&chrome, "inspector").await;
    let id = start(&chrome, places.site_a, "quality_safety").await;
    let body = template(include_str!("../../server/templates/quality_safety.jgj59.v3.json"));

    // The tower crane applies: 多塔作业 not applicable, 15 points lost on general items.
    tap(&chrome, "[data-test=section][data-section=tower_crane] summary").await;
    tap(&chrome, "[data-test=section-applies][data-section=tower_crane]").await;
    tap(&chrome, "[data-test=not-applicable][data-item=tower_crane_multi_crane]").await;
    chrome.wait_for("[data-test=na-shown][data-item=tower_crane_multi_crane]").await;
    answer_with(&chrome, "tower_crane_ties", "number", "10").await;
    answer_with(&chrome, "tower_crane_electrical", "number", "5").await;
    tap(&chrome, "[data-test=no-deductions][data-section=tower_crane]").await;
    until(
        &chrome,
        "document.querySelector('[data-test=table-score][data-section=tower_crane]').dataset.score === '83.33'",
        "75 / 90 × 100",
    )
    .await;
    // Machinery without a planer; a guarantee item of safety management loses 4.
    tap(&chrome, "[data-test=section][data-section=machinery] summary").await;
    tap(&chrome, "[data-test=not-applicable][data-item=machinery_planer]").await;
    chrome.wait_for("[data-test=na-shown][data-item=machinery_planer]").await;
    tap(&chrome, "[data-test=section][data-section=safety_mgmt] summary").await;
    answer_with(&chrome, "safety_mgmt_plan", "number", "4").await;
    // Finishing refuses while a table that applies has guarantee items unanswered.
    tap(&chrome, "[data-test=finish]").await;
    let missing = read(&chrome, "[data-test=finish-errors]").await;
    assert!(
        missing.contains("Safety production responsibility system") || missing.contains("items still to answer"),
        "{missing}"
    );
    for section in body["sections"].as_array().unwrap().iter().filter(|s| s["optional"] != true) {
        let section = section["id"].as_str().unwrap();
        tap(&chrome, &format!("[data-test=no-deductions][data-section={section}]")).await;
        until(
            &chrome,
            &format!("!document.querySelector('[data-test=no-deductions][data-section={section}]')"),
            "the table scored",
        )
        .await;
    }
    let score = live(&chrome, "score").await;
    assert_eq!(live(&chrome, "grade").await, "good");
    screenshots(&chrome, "jgj59").await;
    finish(&chrome).await;
    synced(&chrome).await;

    let stored = inspection_on_the_server(&app, &id).await;
    assert_eq!(stored["status"], "finished");
    assert_eq!(stored["score"].as_f64().unwrap().to_string(), score, "the live total is the server's");
    let tables = stored["result"]["tables"].as_array().unwrap();
    let crane = tables.iter().find(|t| t["section_id"] == "tower_crane").unwrap();
    assert_eq!(crane["score"], 83.33);
    assert!(
        !tables.iter().any(|t| t["section_id"] == "scaffold_fastener"),
        "a table left untouched is left out: {tables:?}"
    );
    chrome.stop().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspector_appraises_a_rural_house_and_sees_its_grade_live() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (places, tokens) = world(&app).await;
    let photos = tempfile::tempdir().unwrap();
    let picture = photo_file(&photos, "wall.jpg", 3);
    let chrome = phone(&app).await;
    sign_in(&chrome, "inspector").await;
    let id = start(&chrome, places.household, "rural_appraisal").await;
    let body = template(include_str!("../../server/templates/rural_appraisal.rural_appraisal.v1.json"));
    for section in body["sections"].as_array().unwrap() {
        for item in section["items"].as_array().unwrap().iter().filter(|i| i["required"] == true) {
            let item_id = item["id"].as_str().unwrap();
            match item["answer"]["type"].as_str().unwrap() {
                "text" => answer_with(&chrome, item_id, "text", "Wang").await,
                "choice" => answer(&chrome, item_id, item["answer"]["options"][1]["value"].as_str().unwrap()).await,
                "number" => answer_with(&chrome, item_id, "number", "2").await,
                "pass_fail" => answer(&chrome, item_id, "pass").await,
                "grade" => answer(&chrome, item_id, "a").await,
                other => panic!("the rural template has a {other} item"),
            }
        }
    }
    assert_eq!(live(&chrome, "grade").await, "A");
    answer(&chrome, "foundation", "b").await;
    assert_eq!(live(&chrome, "grade").await, "B");
    tap(&chrome, "[data-test=answer][data-item=walls_columns][data-value=c]").await;
    chrome.wait_for("#item-walls_columns [data-test=photo-needed]").await;
    assert_eq!(live(&chrome, "grade").await, "C");
    assert!(read(&chrome, "[data-test=live-result]").await.contains("Repair and reinforce"));
    photo(&chrome, "walls_columns", &picture).await;
    screenshots(&chrome, "rural-appraisal").await;
    finish(&chrome).await;
    synced(&chrome).await;

    let stored = inspection_on_the_server(&app, &id).await;
    assert_eq!((stored["status"].as_str(), stored["grade"].as_str()), (Some("finished"), Some("C")), "{stored}");
    assert_eq!(stored["result"]["renovation"], "repair_reinforce");
    let household = app.get(&format!("/v1/admin/households/{}", places.household), tokens.get("admin")).await;
    assert_eq!(household.expect(200)["grade"], "C", "the appraisal graded the household");
    chrome.stop().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspector_closes_one_responded_notice_and_rejects_another_with_a_comment() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (places, tokens) = world(&app).await;
    let closed = notice_in(&app, &tokens, &places, "responded").await;
    let rejected = notice_in(&app, &tokens, &places, "responded").await;
    let chrome = phone(&app).await;
    sign_in(&chrome, "inspector").await;
    reinspect(&chrome, &tokens, &app, closed).await;
    screenshots(&chrome, "notice-responded").await;
    tap(&chrome, "[data-test=notice-verify]").await;
    until(&chrome, "document.querySelector('[data-test=notice-state]')?.dataset.state === 'verified'", "verified")
        .await;
    synced(&chrome).await;
    assert_eq!(state_of(&app, tokens.get("admin"), closed).await, "verified");

    reinspect(&chrome, &tokens, &app, rejected).await;
    tap(&chrome, "[data-test=notice-reject]").await;
    tap(&chrome, "[data-test=notice-reject]").await;
    assert!(read(&chrome, "main").await.contains("Give a reason."), "a rejection needs a comment");
    crate::field_helpers::enter(&chrome, "[data-test=reject-comment]", "The nets do not cover the north pile.").await;
    tap(&chrome, "[data-test=notice-reject]").await;
    until(&chrome, "document.querySelector('[data-test=notice-state]')?.dataset.state === 'rejected'", "rejected")
        .await;
    synced(&chrome).await;
    assert_eq!(state_of(&app, tokens.get("admin"), rejected).await, "rejected");
    let stored = app.get(&format!("/v1/notices/{rejected}"), tokens.get("admin")).await;
    assert_eq!(stored.expect(200)["verdict_comment"], "The nets do not cover the north pile.");
    chrome.stop().await;
    app.stop().await;
}
