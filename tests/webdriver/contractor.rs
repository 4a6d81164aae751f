//! A contractor signs in, sees only their company's orders, acknowledges
//! one and answers it with a photo uploaded from the browser; another
//! company's order is a 404; the pages fit a phone's screen.

use fieldsync_tests::{Backend, Chromium, TestApp, fake_jpeg, real_image, sha_hex};
use serde_json::json;

use crate::{
    fits_the_width,
    notices_common::{notice_in, other_company_notice, state_of, world},
    number_of, sign_in,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contractor_sees_only_their_orders_acknowledges_one_and_answers_it_with_a_photo() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (places, tokens) = world(&app).await;
    let id = notice_in(&app, &tokens, &places, "issued").await;
    let foreign = other_company_notice(&app, &tokens, &places).await;
    let (number, foreign_number) = (number_of(&app, &tokens, id).await, number_of(&app, &tokens, foreign).await);
    let chrome = Chromium::start(&app, 1280, 1500).await;

    chrome.open("/app").await;
    chrome.screenshot("login").await;
    sign_in(&chrome, "contractor").await;
    assert_eq!(chrome.path().await, "/app/orders");
    assert_eq!(chrome.text("h1").await, "My orders");
    assert_eq!(chrome.texts("nav.nav a").await, ["My orders"]);
    let rows = chrome.texts("table.orders tbody tr").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains(&number) && rows[0].contains("Issued") && rows[0].contains("Site A"), "{rows:?}");
    assert!(!rows.iter().any(|r| r.contains(&foreign_number)), "another company's order is not listed");
    chrome.screenshot("contractor-orders").await;

    chrome.click(&format!("a[href='/app/orders/{id}']")).await;
    assert_eq!(chrome.text("h1").await, format!("Rectification {number}"));
    assert_eq!(chrome.text(".order-state").await, "Issued");
    assert!(chrome.text("ol.findings").await.contains("Bare soil not covered"));
    assert_eq!(chrome.text("#acknowledge").await, "Acknowledge receipt");
    assert!(!chrome.has("#respond-form").await, "no answer before acknowledging");
    chrome.screenshot("contractor-order").await;

    chrome.submit("#acknowledge").await;
    assert_eq!(chrome.text(".order-state").await, "Acknowledged");
    assert!(!chrome.has("#acknowledge").await);
    assert_eq!(state_of(&app, tokens.get("admin"), id).await, "acknowledged");
    assert_eq!(chrome.text("#respond-form h2").await, "Report the rectification");
    assert!(chrome.find(".uploader").await.is_displayed().await.unwrap(), "the script shows the photo picker");

    let photo = real_image(1600, 1200, image::ImageFormat::Jpeg);
    let sha = sha_hex(&photo);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nets.jpg");
    std::fs::write(&file, &photo).unwrap();
    chrome.find("input.photo-files").await.send_keys(file.to_str().unwrap()).await.unwrap();
    chrome.wait_for("li.upload.done").await;
    let bar = chrome.find("li.upload progress").await;
    assert_eq!(bar.attr("value").await.unwrap().as_deref(), Some("100"), "the progress bar is full");
    assert_eq!(chrome.text("li.upload .pct").await, "100%");
    assert_eq!(chrome.text("li.upload .status").await, "Uploaded");
    assert_eq!(chrome.text("li.upload .name").await, "nets.jpg");
    let named = chrome.find("input[name=photos]").await.prop("value").await.unwrap();
    assert_eq!(named.as_deref(), Some(sha.as_str()), "the form names the photo by its SHA-256");
    chrome.fill("textarea[name=text]", "Dust nets laid over all bare soil.").await;
    chrome.screenshot("contractor-answer-form").await;

    chrome.submit("#respond-form button[type=submit]").await;
    assert_eq!(chrome.text(".order-state").await, "Answered");
    assert!(chrome.text("section.answer").await.contains("Dust nets laid over all bare soil."));
    assert!(chrome.has(&format!("section.answer a.photo[href='/app/photos/{sha}']")).await);
    assert!(chrome.text("section.verdict").await.contains("waiting for the inspector"));
    chrome.screenshot("contractor-order-answered").await;

    let notice = app.get(&format!("/v1/notices/{id}"), tokens.get("contractor")).await;
    assert_eq!(notice.expect(200)["state"], "responded");
    assert_eq!(notice.body["response"]["photos"], json!([sha]));
    let (status, _, stored) = app.fetch(&format!("/v1/blobs/{sha}"), tokens.get("inspector"), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(stored, photo, "the photo is stored byte for byte");

    chrome.open(&format!("/app/orders/{foreign}")).await;
    assert_eq!(chrome.text("h1").await, "Not found", "another company's order, by URL");
    assert!(!chrome.text("main").await.contains(&foreign_number));
    chrome.screenshot("contractor-other-company-404").await;
    chrome.stop().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_contractor_pages_fit_a_phone_375_pixels_wide() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (places, tokens) = world(&app).await;
    let id = notice_in(&app, &tokens, &places, "acknowledged").await;
    let chrome = Chromium::start(&app, 375, 812).await;
    sign_in(&chrome, "contractor").await;
    assert_eq!(chrome.text("h1").await, "My orders");
    assert!(fits_the_width(&chrome).await, "the orders page scrolls sideways at 375 px");
    chrome.screenshot("contractor-orders-375").await;
    chrome.open(&format!("/app/orders/{id}")).await;
    assert_eq!(chrome.text("#respond-form h2").await, "Report the rectification");
    assert!(fits_the_width(&chrome).await, "the order page scrolls sideways at 375 px");
    chrome.screenshot("contractor-order-375").await;
    chrome.click("a.lang").await;
    assert_eq!(chrome.text("#respond-form h2").await, "整改回复", "the switch shows the page in Chinese");
    assert_eq!(chrome.text(".order-state").await, "已签收");
    assert!(fits_the_width(&chrome).await, "the Chinese order page scrolls sideways at 375 px");
    chrome.screenshot("contractor-order-zh-375").await;
    chrome.stop().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_picked_again_after_a_cut_goes_on_from_where_the_server_stopped() {
    use fieldsync::blobs::{entity, uploads::MIN_CHUNK_BYTES};
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (places, tokens) = world(&app).await;
    let id = notice_in(&app, &tokens, &places, "acknowledged").await;
    let photo = fake_jpeg(MIN_CHUNK_BYTES as usize + 100_000, 11);
    let (sha, size) = (sha_hex(&photo), photo.len() as u64);
    // The first chunk went up before the connection was cut (same user, another sign-in).
    let started = app.start_upload(tokens.get("contractor"), &sha, size).await;
    let upload = started.expect(201)["upload_id"].as_str().unwrap().to_owned();
    let first = photo[..MIN_CHUNK_BYTES as usize].to_vec();
    app.put_chunk(tokens.get("contractor"), &upload, 0, first, size).await.expect(200);

    let chrome = Chromium::start(&app, 1280, 1000).await;
    sign_in(&chrome, "contractor").await;
    chrome.open(&format!("/app/orders/{id}")).await;
    // What the page remembered of that upload before the reload.
    chrome.eval(&format!("sessionStorage.setItem('upload:{sha}', '{upload}'); return true;")).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.jpg");
    std::fs::write(&file, &photo).unwrap();
    chrome.find("input.photo-files").await.send_keys(file.to_str().unwrap()).await.unwrap();
    chrome.wait_for("li.upload.done").await;
    assert_eq!(chrome.text("li.upload .pct").await, "100%");
    chrome.screenshot("contractor-upload-resumed").await;

    let db = app.state.db.read();
    assert_eq!(
        entity::upload::Entity::find().count(db).await.unwrap(),
        0,
        "the old session was finished, no new one begun"
    );
    let stored = entity::blob::Entity::find_by_id(sha.clone()).one(db).await.unwrap().expect("the photo is stored");
    assert_eq!(stored.size as u64, size);
    chrome.stop().await;
    app.stop().await;
}
