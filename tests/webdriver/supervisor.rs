//! A supervisor signs in, returns a notice with a comment from the review
//! queue and approves a stop-work order; the effects are checked through
//! the API, and the dashboard, the list, the notice and its printed form
//! are looked at on the way.

use fieldsync_tests::{Backend, Chromium, TestApp};

use crate::{
    notices_common::{notice_in, world},
    number_of,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_returns_a_notice_with_a_comment_and_approves_a_stop_work_order() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (places, tokens) = world(&app).await;
    let reviewed = notice_in(&app, &tokens, &places, "issued").await;
    let number = number_of(&app, &tokens, reviewed).await;
    let stop_work = notice_in(&app, &tokens, &places, "pending_approval").await;
    let chrome = Chromium::start(&app, 1280, 1200).await;

    crate::sign_in(&chrome, "supervisor").await;
    assert_eq!(chrome.path().await, "/app/dashboard");
    assert_eq!(chrome.text("h1").await, "Dashboard");
    assert_eq!(
        chrome.texts("nav.nav a").await,
        ["Dashboard", "Notices", "Review queue", "Approvals", "Numbers", "Admin"]
    );
    assert!(chrome.texts("main h2").await.iter().any(|h| h == "Township ranking (this month)"));
    chrome.screenshot("supervisor-dashboard").await;

    chrome.click("nav.nav a[href='/app/notices']").await;
    assert_eq!(chrome.text("h1").await, "Notices");
    assert!(chrome.text("main table").await.contains(&number));
    chrome.screenshot("supervisor-notices").await;

    chrome.click("nav.nav a[href='/app/review']").await;
    assert_eq!(chrome.text("h1").await, "Review queue");
    let form = format!("form[action='/app/notices/{reviewed}/actions/review_approve']");
    assert!(chrome.text("main").await.contains(&number));
    let comment = "The photos do not show the north gate.";
    chrome.fill(&format!("{form} input[name=comment]"), comment).await;
    chrome.screenshot("supervisor-review").await;
    chrome.submit(&format!("{form} button.danger")).await;
    assert_eq!(chrome.path().await, "/app/review", "back to the queue");
    assert!(!chrome.has(&form).await, "the returned notice left the queue");
    let notice = app.get(&format!("/v1/notices/{reviewed}"), tokens.get("admin")).await;
    assert_eq!(notice.expect(200)["review"]["review_status"], "returned");
    assert_eq!(notice.body["review"]["review_comment"], comment);

    chrome.click("nav.nav a[href='/app/approvals']").await;
    assert_eq!(chrome.text("h1").await, "Approvals");
    let form = format!("form[action='/app/notices/{stop_work}/actions/approve']");
    assert!(chrome.text(&form).await.contains("Approve"));
    chrome.screenshot("supervisor-approvals").await;
    chrome.submit(&format!("{form} button:not(.danger)")).await;
    assert!(!chrome.has(&form).await, "the approved order left the queue");
    let notice = app.get(&format!("/v1/notices/{stop_work}"), tokens.get("admin")).await;
    assert_eq!(notice.expect(200)["state"], "issued", "approving issues the stop-work order");
    let stop_number = notice.body["number"].as_str().expect("an official number").to_owned();

    chrome.open(&format!("/app/notices/{reviewed}")).await;
    assert_eq!(chrome.text("h1").await, format!("Rectification · {number}"));
    assert!(chrome.text("main").await.contains(comment), "the history shows the return's comment");
    chrome.screenshot("supervisor-notice").await;
    chrome.open(&format!("/app/notices/{stop_work}/print")).await;
    assert!(chrome.text("body").await.contains(&stop_number), "the printed order carries its number");
    chrome.screenshot("notice-print").await;
    chrome.stop().await;
    app.stop().await;
}
