//! The whole story on a 375 px phone, as the issue tells it: an inspector
//! signs in, the server is stopped (a real outage: the process is gone),
//! the inspector records a dust inspection with two failed items and two
//! camera photos and issues a notice, reloads the page while offline (the
//! app comes back from its service worker with the work intact), the
//! server starts again and everything syncs (records and photo bytes
//! checked through the API); the contractor answers from `/app`, and the
//! inspector closes the notice from `/field`. Every screen is kept as a
//! screenshot in both languages (`story-…` under `target/browser-artifacts/`).

use fieldsync_tests::{Backend, Chromium, TestApp, real_image, sha_hex};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    field_helpers::{phone, photo, photo_file, read, screenshots, script, sign_in, synced, tap, until},
    field_steps::{
        answer_dust_checklist, cached, finish, inspection_on_the_server, reinspect, routed_id, start, template,
    },
    fits_the_width,
    notices_common::{state_of, world},
};

/// The two checks the inspector finds failed, each with its photo.
const FAILED: [&str; 2] = ["material_covered", "roads_hardened"];

/// What the sync bar says is still to send: (changes, photos).
async fn owed(chrome: &Chromium) -> (Value, Value) {
    let bar =
        script(chrome, "const d = document.getElementById('sync-bar').dataset; return [d.queued, d.photos];", vec![])
            .await;
    (bar[0].clone(), bar[1].clone())
}

/// The value of the form field `css`.
async fn value_of(chrome: &Chromium, css: &str) -> Value {
    script(chrome, "return document.querySelector(arguments[0]).value;", vec![json!(css)]).await
}

/// The item of the template by id.
fn item<'a>(body: &'a Value, id: &str) -> &'a Value {
    let items = body["sections"].as_array().unwrap().iter().flat_map(|s| s["items"].as_array().unwrap().iter());
    items.into_iter().find(|i| i["id"] == id).unwrap_or_else(|| panic!("no item {id}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspection_recorded_in_an_outage_is_issued_answered_from_app_and_closed_from_the_phone() {
    let mut app = TestApp::spawn(Backend::Sqlite).await;
    let (places, tokens) = world(&app).await;
    let body = template(include_str!("../../server/templates/dust_control.six_100.v2.json"));
    let dir = tempfile::tempdir().unwrap();
    let pictures = [photo_file(&dir, "soil.jpg", 0), photo_file(&dir, "road.jpg", 40)];

    // Signed in once, online: the area is down and the app is cached.
    let chrome = phone(&app).await;
    sign_in(&chrome, "inspector").await;
    cached(&chrome).await;
    // Online, the app holds five numbers of each kind issued on the spot.
    let numbers = crate::field_helpers::numbers_held(&chrome, 10).await;
    let year = chrono::Utc::now().format("%Y").to_string();
    let printed = crate::notices_common::rectification_number(&year, 1);
    assert!(numbers.contains(&printed), "{numbers:?}");
    screenshots(&chrome, "story-places").await;

    // The outage: the server process is gone for the whole inspection.
    app.shut_down().await;
    // The phone's positioning (GPS works without a network), answered as a
    // browser answers it: headless Chromium has no position of its own.
    let fix = "const fix = { coords: { latitude: 38.0412, longitude: 114.5149, accuracy: 9.5 } }; \
               Object.defineProperty(navigator, 'geolocation', { configurable: true, value: { getCurrentPosition: (ok) => ok(fix) } });";
    script(&chrome, fix, vec![]).await;
    let inspection = start(&chrome, places.site_a, "dust_control").await;
    assert_eq!(read(&chrome, "[data-test=location]").await, "Where the inspection started is kept (to about 10 m).");
    answer_dust_checklist(&chrome, &body, &FAILED).await;
    // The app closed before the photos were taken: the failed answers, held
    // back until their photo, are kept on the phone.
    chrome.open("/field/").await;
    chrome.wait_for("html[data-ready]").await;
    script(&chrome, "location.hash = arguments[0];", vec![json!(format!("#/inspection/{inspection}"))]).await;
    for item in FAILED {
        chrome.wait_for(&format!("[data-test=answer][data-item='{item}'][data-value=fail][aria-pressed=true]")).await;
    }
    // Only those two wait: every other answer is a queued change already.
    let queued = chrome
        .run(
            "const queue = await new lib.IndexedDbStorage('fieldsync').list('queue'); \
             return queue.filter((m) => m.name === 'inspection.update').flatMap((m) => Object.keys(m.args.answers ?? {}));",
            vec![],
        )
        .await;
    let queued: Vec<String> = serde_json::from_value(queued).unwrap();
    assert!(queued.contains(&"muck_trucks_sealed".to_owned()), "an answer after the failed ones is queued: {queued:?}");
    assert!(!FAILED.iter().any(|f| queued.contains(&f.to_string())), "a failed answer waits for its photo: {queued:?}");
    for (item, picture) in FAILED.iter().zip(&pictures) {
        chrome.wait_for(&format!("#item-{item} [data-test=photo-needed]")).await;
        photo(&chrome, item, picture).await;
    }
    assert!(!chrome.has("[data-test=photo-needed]").await, "both failed items have their photo");
    assert_eq!(read(&chrome, "[data-test=failed-count]").await, "2 failed items");
    until(&chrome, "document.getElementById('sync-bar').dataset.error === 'network'", "the outage shown").await;
    screenshots(&chrome, "story-inspection-offline").await;
    finish(&chrome).await;
    screenshots(&chrome, "story-finished-offline").await;

    tap(&chrome, "[data-test=write-notice]").await;
    chrome.wait_for("main[data-screen=notice-form] [data-test=finding]").await;
    let findings = chrome.texts("[data-test=finding]").await;
    assert_eq!(findings.len(), 2, "one finding per failed item: {findings:?}");
    for (i, id) in FAILED.iter().enumerate() {
        let css = |what: &str| format!("[data-test=finding-{what}][data-index='{i}']");
        assert_eq!(value_of(&chrome, &css("text")).await, item(&body, id)["prompt"]["en"], "{id}'s prompt");
        assert_eq!(value_of(&chrome, &css("clause")).await, item(&body, id)["clause"]["en"], "{id}'s clause");
    }
    let penalty = chrome.find("[data-test=penalty]").await;
    assert!(!penalty.is_displayed().await.unwrap(), "no penalty asked of a rectification");
    crate::field_helpers::enter(&chrome, "[data-test=required-actions]", "Cover the soil; harden the site road.").await;
    screenshots(&chrome, "story-notice-form-offline").await;
    tap(&chrome, "[data-test=notice-issue]").await;
    // Issued offline, it prints the first number held at once.
    chrome.wait_for("main[data-screen=notice] [data-test=notice-number]").await;
    assert_eq!(read(&chrome, "[data-test=notice-number]").await, printed, "the number is on the notice on the spot");
    let notice = Uuid::parse_str(&routed_id(&chrome, "notice").await).unwrap();
    assert_eq!(read(&chrome, "[data-test=notice-state]").await, "Issued · Not yet synced");
    screenshots(&chrome, "story-notice-offline").await;
    let before = owed(&chrome).await;
    assert_ne!(before.0, json!("0"), "the inspection and the notice wait to be sent");
    assert_eq!(before.1, json!("2"), "both photos wait to be sent");

    // Reloaded while the server is still down: the service worker serves the
    // app, and the work is where it was left.
    chrome.open("/field/").await;
    chrome.wait_for("html[data-ready]").await;
    until(&chrome, "document.getElementById('sync-bar').dataset.error === 'network'", "still offline").await;
    assert_eq!(owed(&chrome).await, before, "nothing lost by the reload");
    tap(&chrome, &format!("[data-test=place][data-id='{}']", places.site_a)).await;
    chrome.wait_for(&format!("[data-test=history-inspection][data-id='{inspection}']")).await;
    chrome.wait_for(&format!("[data-test=history-notice][data-id='{notice}']")).await;
    screenshots(&chrome, "story-place-after-reload").await;

    // The server is back: one tap sends everything.
    app.start_again().await;
    let back = std::time::Instant::now();
    tap(&chrome, "[data-test=sync-now]").await;
    synced(&chrome).await;
    eprintln!("server back → all synced: {} ms", back.elapsed().as_millis());
    screenshots(&chrome, "story-synced").await;

    let stored = inspection_on_the_server(&app, &inspection).await;
    assert_eq!((stored["status"].as_str(), stored["grade"].as_str()), (Some("finished"), Some("fail")), "{stored}");
    assert_eq!(stored["location"], json!({"latitude": 38.0412, "longitude": 114.5149, "accuracy_m": 9.5}));
    let shas: Vec<String> = pictures.iter().map(|p| sha_hex(&std::fs::read(p).unwrap())).collect();
    for ((id, sha), picture) in FAILED.iter().zip(&shas).zip(&pictures) {
        assert_eq!(stored["answers"][id], json!({"value": "fail", "photos": [sha]}), "{id}");
        let (status, _, bytes) = app.fetch(&format!("/v1/blobs/{sha}"), tokens.get("supervisor"), &[]).await;
        assert_eq!(status, 200, "{id}'s photo reached the store");
        assert_eq!(bytes, std::fs::read(picture).unwrap(), "{id}'s photo byte for byte");
    }
    let reply = app.get(&format!("/v1/notices/{notice}"), tokens.get("admin")).await;
    let issued = reply.expect(200);
    assert_eq!(issued["state"], "issued");
    assert_eq!(issued["inspection_id"], json!(inspection));
    let number = issued["number"].as_str().expect("a number from the server").to_owned();
    assert_eq!(number, printed, "the server keeps the number printed offline");
    tap(&chrome, &format!("[data-test=history-notice][data-id='{notice}']")).await;
    assert_eq!(read(&chrome, "[data-test=notice-number]").await, number, "the phone shows the server's number");
    screenshots(&chrome, "story-notice-synced").await;
    let findings = issued["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{issued}");
    for (finding, (id, sha)) in findings.iter().zip(FAILED.iter().zip(&shas)) {
        assert_eq!(finding["clause"], item(&body, id)["clause"]["en"], "{finding}");
        assert_eq!(finding["photos"], json!([sha]), "{finding}");
    }
    assert_eq!(issued["legal_basis"], body["legal_basis"]["en"]);

    // The contractor answers from the web pages on their own phone.
    let contractor = Chromium::start(&app, 375, 812).await;
    crate::sign_in(&contractor, "contractor").await;
    contractor.open(&format!("/app/orders/{notice}")).await;
    assert_eq!(contractor.text("h1").await, format!("Rectification {number}"));
    web_screenshots(&contractor, "story-contractor-order").await;
    contractor.submit("#acknowledge").await;
    assert_eq!(contractor.text(".order-state").await, "Acknowledged");
    web_screenshots(&contractor, "story-contractor-acknowledged").await;
    let evidence = real_image(800, 600, image::ImageFormat::Jpeg);
    let file = dir.path().join("covered.jpg");
    std::fs::write(&file, &evidence).unwrap();
    contractor.find("input.photo-files").await.send_keys(file.to_str().unwrap()).await.unwrap();
    contractor.wait_for("li.upload.done").await;
    contractor.fill("textarea[name=text]", "Nets over the soil; the road is concreted.").await;
    // (One language: the switch reloads the page, and the form with it.)
    contractor.screenshot("story-contractor-answer-en").await;
    contractor.submit("#respond-form button[type=submit]").await;
    assert_eq!(contractor.text(".order-state").await, "Answered");
    web_screenshots(&contractor, "story-contractor-answered").await;
    contractor.stop().await;
    assert_eq!(state_of(&app, tokens.get("admin"), notice).await, "responded");

    // Back on the phone: the answer arrives, the inspector re-inspects and closes.
    tap(&chrome, "[data-test=sync-now]").await;
    synced(&chrome).await;
    reinspect(&chrome, &tokens, &app, notice).await;
    assert!(read(&chrome, "[data-test=notice-response]").await.contains("the road is concreted"));
    screenshots(&chrome, "story-reinspection").await;
    tap(&chrome, "[data-test=notice-verify]").await;
    until(&chrome, "document.querySelector('[data-test=notice-state]')?.dataset.state === 'verified'", "verified")
        .await;
    synced(&chrome).await;
    assert_eq!(state_of(&app, tokens.get("admin"), notice).await, "verified");
    screenshots(&chrome, "story-closed").await;
    chrome.stop().await;
    app.stop().await;
}

/// Keeps screenshots of a web page in English and in Chinese (its `a.lang`
/// switch), checking both fit the 375 px width.
async fn web_screenshots(chrome: &Chromium, name: &str) {
    assert!(fits_the_width(chrome).await, "{name} scrolls sideways at 375 px (en)");
    chrome.screenshot(&format!("{name}-en")).await;
    chrome.click("a.lang").await;
    assert_eq!(script(chrome, "return document.documentElement.lang;", vec![]).await, json!("zh-CN"), "{name}");
    assert!(fits_the_width(chrome).await, "{name} scrolls sideways at 375 px (zh)");
    chrome.screenshot(&format!("{name}-zh")).await;
    chrome.click("a.lang").await;
}
