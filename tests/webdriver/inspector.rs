//! An inspector signs in on the phone and sees their open notices and
//! recent inspections, read-only.

use fieldsync_tests::{Backend, Chromium, TestApp};
use serde_json::json;
use uuid::Uuid;

use crate::{
    fits_the_width,
    notices_common::{notice_in, other_company_notice, world},
    number_of, sign_in,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspector_sees_their_open_notices_and_inspections_on_a_phone() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (places, tokens) = world(&app).await;
    let open = notice_in(&app, &tokens, &places, "acknowledged").await;
    let number = number_of(&app, &tokens, open).await;
    let foreign = other_company_notice(&app, &tokens, &places).await;
    let foreign_number = number_of(&app, &tokens, foreign).await;
    let mut phone = app.sync_client("inspector").await;
    let template = fieldsync::templates::seed::DUST_CONTROL_V1;
    phone.mutate(
        "inspection.create",
        json!({"id": Uuid::new_v4(), "template_id": template, "site_id": places.site_a, "answers": {}}),
    );
    phone.push().await.unwrap();

    let chrome = Chromium::start(&app, 375, 812).await;
    sign_in(&chrome, "inspector").await;
    assert_eq!(chrome.path().await, "/app/work");
    assert_eq!(chrome.text("h1").await, "My work");
    let notices = chrome.texts("table.open-notices tbody tr").await;
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains(&number) && notices[0].contains("Acknowledged"), "{notices:?}");
    assert!(!notices.iter().any(|r| r.contains(&foreign_number)), "inspector2's notice is not theirs");
    let inspections = chrome.texts("table.inspections tbody tr").await;
    assert_eq!(inspections.len(), 1, "{inspections:?}");
    assert!(inspections[0].contains("Site A") && inspections[0].contains("In progress"), "{inspections:?}");
    assert!(!chrome.has("main form").await, "read-only: no forms");
    assert!(fits_the_width(&chrome).await, "the page scrolls sideways at 375 px");
    chrome.screenshot("inspector-work-375").await;
    chrome.stop().await;
    app.stop().await;
}
