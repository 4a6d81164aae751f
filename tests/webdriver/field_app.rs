//! The inspector's offline app at `/field` on a phone: it installs (a
//! manifest, icons, a service worker scoped to `/field/`), signs in, syncs
//! the area, and finds places by search and filters.

use fieldsync_tests::{Backend, TestApp};
use serde_json::json;

use crate::{
    field_helpers::{phone, read, screenshots, script, sign_in, tap, until},
    field_steps::cached,
    notices_common::{notice_in, world},
};

/// The places listed now, by name.
async fn places_shown(chrome: &fieldsync_tests::Chromium) -> Vec<String> {
    let names = script(
        chrome,
        "return [...document.querySelectorAll('[data-test=place] .name')].map(e => e.textContent);",
        vec![],
    )
    .await;
    serde_json::from_value(names).unwrap()
}

/// Chooses an option of a filter and waits for the list to follow.
async fn choose(chrome: &fieldsync_tests::Chromium, css: &str, value: &str) {
    let body = "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('change', {bubbles: true}));";
    chrome.wait_for(css).await;
    script(chrome, body, vec![json!(css), json!(value)]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_installs_with_a_manifest_icons_and_a_service_worker_scoped_to_field() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let manifest =
        reqwest::get(app.url("/field/manifest.webmanifest")).await.unwrap().json::<serde_json::Value>().await.unwrap();
    assert_eq!((manifest["scope"].as_str(), manifest["start_url"].as_str()), (Some("/field/"), Some("/field/")));
    for size in ["192", "512"] {
        let icon =
            manifest["icons"].as_array().unwrap().iter().find(|i| i["sizes"] == format!("{size}x{size}")).unwrap();
        let png = reqwest::get(app.url(icon["src"].as_str().unwrap())).await.unwrap().bytes().await.unwrap();
        let image = image::load_from_memory(&png).expect("a PNG icon");
        assert_eq!(image.width().to_string(), size);
    }
    let chrome = phone(&app).await;
    let scope = chrome.run("return (await navigator.serviceWorker.ready).scope;", vec![]).await;
    assert_eq!(scope, json!(app.url("/field/")));
    chrome.stop().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspector_signs_in_and_finds_places_by_search_and_filters_on_a_phone() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (places, tokens) = world(&app).await;
    notice_in(&app, &tokens, &places, "responded").await;
    let chrome = phone(&app).await;
    assert_eq!(read(&chrome, "h1").await, "Sign in");
    screenshots(&chrome, "sign-in").await;

    chrome.fill("input[name=username]", "inspector").await;
    chrome.fill("input[name=password]", "wrong password").await;
    tap(&chrome, "[data-test=sign-in]").await;
    until(&chrome, "!document.querySelector('[data-test=sign-in-error]').hidden", "the refusal shown").await;
    let error = read(&chrome, "[data-test=sign-in-error]").await;
    assert_eq!(error, "Wrong username or password.");

    sign_in(&chrome, "inspector").await;
    until(&chrome, "document.querySelectorAll('[data-test=place]').length === 2", "the synced places").await;
    assert_eq!(places_shown(&chrome).await, ["Site A", "Wang"], "township 1's site and household, not site B");
    assert!(read(&chrome, "[data-test=sync-status]").await.contains("Everything is synced"));
    screenshots(&chrome, "places").await;

    chrome.fill("[data-test=search]", "wan").await;
    until(&chrome, "document.querySelectorAll('[data-test=place]').length === 1", "search by head of household").await;
    assert_eq!(places_shown(&chrome).await, ["Wang"]);
    chrome.fill("[data-test=search]", "somewhere").await;
    until(&chrome, "document.querySelectorAll('[data-test=place]').length === 1", "search by address").await;
    assert_eq!(places_shown(&chrome).await, ["Site A"]);
    chrome.fill("[data-test=search]", "").await;
    choose(&chrome, "[data-test=filter-kind]", "household").await;
    assert_eq!(places_shown(&chrome).await, ["Wang"]);
    choose(&chrome, "[data-test=filter-kind]", "").await;
    tap(&chrome, "[data-test=filter-open]").await;
    assert_eq!(places_shown(&chrome).await, ["Site A"], "only site A has an open notice");
    assert_eq!(read(&chrome, "[data-test=open-notices]").await, "1 open notices");
    tap(&chrome, "[data-test=filter-open]").await;

    tap(&chrome, &format!("[data-test=place][data-id='{}']", places.site_a)).await;
    chrome.wait_for("main[data-screen=place]").await;
    assert_eq!(read(&chrome, "[data-test=place-name]").await, "Site A");
    let history = chrome.texts("[data-test=history] li").await;
    assert_eq!(history.len(), 1, "{history:?}");
    assert!(history[0].contains("Responded"), "{history:?}");
    let kinds = script(
        &chrome,
        "return [...document.querySelectorAll('[data-test=new-inspection]')].map(e => e.dataset.kind);",
        vec![],
    )
    .await;
    assert_eq!(
        kinds,
        json!(["dust_control", "quality_safety"]),
        "a site is inspected with the published site checklists"
    );
    screenshots(&chrome, "place").await;

    // Another user on the same phone: the supervisor of the county sees both townships.
    tap(&chrome, "[data-test=sign-out]").await;
    sign_in(&chrome, "supervisor").await;
    until(&chrome, "document.querySelectorAll('[data-test=place]').length === 3", "the county's places").await;
    assert_eq!(places_shown(&chrome).await, ["Site A", "Site B", "Wang"]);
    let township = option_value(&chrome, "[data-test=filter-township]", "Township Two").await;
    choose(&chrome, "[data-test=filter-township]", &township).await;
    assert_eq!(places_shown(&chrome).await, ["Site B"]);
    choose(&chrome, "[data-test=filter-township]", "").await;
    let village = option_value(&chrome, "[data-test=filter-village]", "Village One").await;
    choose(&chrome, "[data-test=filter-village]", &village).await;
    assert_eq!(places_shown(&chrome).await, ["Site A", "Wang"]);
    chrome.stop().await;
    app.stop().await;
}

/// The value of the option labelled `label` of the select `css`.
async fn option_value(chrome: &fieldsync_tests::Chromium, css: &str, label: &str) -> String {
    let body = "return [...document.querySelectorAll(arguments[0] + ' option')].find(o => o.textContent === arguments[1])?.value ?? null;";
    let value = script(chrome, body, vec![json!(css), json!(label)]).await;
    value.as_str().unwrap_or_else(|| panic!("no option {label} in {css}")).to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_first_sign_in_the_app_starts_offline_and_keeps_what_was_recorded() {
    let mut app = TestApp::spawn(Backend::Sqlite).await;
    let (places, _tokens) = world(&app).await;
    let chrome = phone(&app).await;
    sign_in(&chrome, "inspector").await;
    until(&chrome, "document.querySelectorAll('[data-test=place]').length === 2", "the synced places").await;
    cached(&chrome).await;

    app.shut_down().await;
    chrome.open("/field/").await;
    chrome.wait_for("html[data-ready]").await;
    until(&chrome, "document.querySelectorAll('[data-test=place]').length === 2", "the places, offline").await;
    tap(&chrome, &format!("[data-test=place][data-id='{}']", places.site_a)).await;
    tap(&chrome, "[data-test=new-inspection][data-kind=dust_control]").await;
    crate::field_helpers::answer(&chrome, "hoarding_closed", "pass").await;
    until(&chrome, "document.getElementById('sync-bar').dataset.error === 'network'", "the outage shown").await;
    assert_eq!(script(&chrome, "return document.getElementById('sync-bar').dataset.queued;", vec![]).await, json!("2"));
    assert!(read(&chrome, "[data-test=sync-status]").await.contains("cannot be reached"));
    screenshots(&chrome, "offline").await;

    // Closed and opened again, still offline: the draft is there.
    chrome.open("/field/").await;
    chrome.wait_for("html[data-ready]").await;
    tap(&chrome, &format!("[data-test=place][data-id='{}']", places.site_a)).await;
    let draft = "[data-test=history-inspection][data-status=draft]";
    chrome.wait_for(draft).await;
    let id = script(&chrome, "return document.querySelector(arguments[0]).dataset.id;", vec![json!(draft)]).await;
    let id = id.as_str().unwrap().to_owned();

    app.start_again().await;
    tap(&chrome, "[data-test=sync-now]").await;
    crate::field_helpers::synced(&chrome).await;
    let mut device = app.sync_client("supervisor").await;
    device.pull_all().await.unwrap();
    let stored = device.store.of_type("inspection").find(|(i, _)| i.to_string() == id).map(|(_, d)| d.clone());
    assert_eq!(stored.expect("the inspection reached the server")["answers"]["hoarding_closed"], "pass");
    chrome.stop().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_the_server_refuses_shows_in_the_sync_bar_with_the_servers_message() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    world(&app).await;
    let chrome = phone(&app).await;
    sign_in(&chrome, "inspector").await;
    // A change queued on this phone's store that the server refuses: closing a notice it does not have.
    let queue = "const c = new lib.SyncClient({ baseUrl: location.origin, storage: new lib.IndexedDbStorage('fieldsync'), name: 'other' }); \
                 await c.open(); await c.mutate('notice.verify', { id: crypto.randomUUID(), at: new Date().toISOString() });";
    chrome.run(queue, vec![]).await;
    tap(&chrome, "[data-test=sync-now]").await;
    crate::field_helpers::synced(&chrome).await;
    tap(&chrome, "[data-test=outcomes-toggle]").await;
    let outcome = read(&chrome, "[data-test=outcome]").await;
    assert!(outcome.starts_with("Closing a notice: Refused"), "{outcome}");
    assert!(outcome.contains("The record does not exist or is outside your area."), "the code in words: {outcome}");
    let message = read(&chrome, "[data-test=outcome] .server-message").await;
    assert!(!message.is_empty() && message != "Something went wrong (not_found).", "the server's own words: {outcome}");
    screenshots(&chrome, "refused").await;
    tap(&chrome, "[data-test=outcome] button").await;
    until(&chrome, "!document.querySelector('[data-test=outcomes-toggle]')", "the refusal dismissed").await;
    chrome.stop().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_user_cannot_sign_in_over_work_not_yet_sent_and_can_once_it_is() {
    let mut app = TestApp::spawn(Backend::Sqlite).await;
    let (places, _tokens) = world(&app).await;
    let chrome = phone(&app).await;
    sign_in(&chrome, "inspector").await;
    cached(&chrome).await;
    // Offline, the inspector starts an inspection and signs out: the change waits on the phone.
    app.shut_down().await;
    tap(&chrome, &format!("[data-test=place][data-id='{}']", places.site_a)).await;
    tap(&chrome, "[data-test=new-inspection][data-kind=dust_control]").await;
    crate::field_helpers::answer(&chrome, "hoarding_closed", "pass").await;
    tap(&chrome, "[data-test=sign-out]").await;
    chrome.wait_for("main[data-screen=sign-in]").await;
    app.start_again().await;

    // The supervisor picks the phone up: refused, with the reason, and nothing of the inspector's goes.
    chrome.fill("input[name=username]", "supervisor").await;
    chrome.fill("input[name=password]", fieldsync_tests::DEMO_PASSWORD).await;
    tap(&chrome, "[data-test=sign-in]").await;
    until(&chrome, "!document.querySelector('[data-test=sign-in-error]').hidden", "the refusal shown").await;
    assert_eq!(
        read(&chrome, "[data-test=sign-in-error]").await,
        "The previous user has changes not yet sent: they must sign in and sync first."
    );
    screenshots(&chrome, "sign-in-over-unsent-work").await;

    // The inspector signs in again and the work goes out; then the supervisor may.
    sign_in(&chrome, "inspector").await;
    let mut device = app.sync_client("supervisor").await;
    device.pull_all().await.unwrap();
    let sent = device.store.of_type("inspection").any(|(_, d)| d["answers"]["hoarding_closed"] == "pass");
    assert!(sent, "the inspector's offline work reached the server");
    tap(&chrome, "[data-test=sign-out]").await;
    sign_in(&chrome, "supervisor").await;
    until(&chrome, "document.querySelectorAll('[data-test=place]').length === 3", "the county's places").await;
    chrome.stop().await;
    app.stop().await;
}
