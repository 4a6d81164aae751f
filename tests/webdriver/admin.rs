//! An admin imports the county's households spreadsheet from the page, in a
//! real browser: the file with a bad line comes back naming it, the good
//! one is stored and listed.

use fieldsync_tests::{Backend, Chromium, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_imports_a_households_spreadsheet_and_sees_each_bad_line_named() {
    use fieldsync_tests::ids::{bad_check_digit, id_number};
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.seed().await;
    let chrome = Chromium::start(&app, 375, 812).await;
    crate::sign_in(&chrome, "admin").await;
    chrome.open("/app/admin/households").await;
    assert_eq!(chrome.text("h1").await, "Households");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    let rows = format!(
        "户主姓名,身份证号,村代码,户类别\nA,{},130101001,一般户\nB,{},130101001,一般户\n",
        id_number(1),
        bad_check_digit(2)
    );
    std::fs::write(&bad, rows).unwrap();
    chrome.find("form.import input[type=file]").await.send_keys(bad.to_str().unwrap()).await.unwrap();
    chrome.click("form.import button").await;
    chrome.wait_for(".flash.refused").await;
    assert!(chrome.text(".flash").await.contains("Line 3: ID number:"), "{}", chrome.text(".flash").await);
    chrome.screenshot("admin-households-import-refused").await;
    let good = dir.path().join("good.csv");
    std::fs::write(&good, format!("户主姓名,身份证号,村代码,户类别\nZhao,{},130101001,一般户\n", id_number(7)))
        .unwrap();
    chrome.find("form.import input[type=file]").await.send_keys(good.to_str().unwrap()).await.unwrap();
    chrome.click("form.import button").await;
    chrome.wait_for(".flash.ok").await;
    assert_eq!(chrome.text(".flash").await, "1 rows imported.");
    assert!(chrome.texts("table.places td").await.iter().any(|c| c == "Zhao"));
    chrome.screenshot("admin-households-import-done").await;
    chrome.stop().await;
    app.stop().await;
}
