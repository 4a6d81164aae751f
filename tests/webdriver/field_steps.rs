//! Steps of the inspector's work on the phone that several stories share:
//! starting an inspection at a place, walking the dust checklist from its
//! template, finishing, opening a notice from a place's history, and what
//! the server holds afterwards.

use fieldsync_tests::{Chromium, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    field_helpers::{answer, answer_with, read, script, tap, until},
    notices_common::Tokens,
    number_of,
};

/// The body of a template file.
pub fn template(json: &str) -> Value {
    serde_json::from_str::<Value>(json).unwrap()["body"].clone()
}

/// An inspection on the server, as the county supervisor's device pulls it.
pub async fn inspection_on_the_server(app: &TestApp, id: &str) -> Value {
    let mut device = app.sync_client("supervisor").await;
    device.pull_all().await.unwrap();
    let found = device.store.of_type("inspection").find(|(i, _)| i.to_string() == id);
    found.map(|(_, data)| data.clone()).unwrap_or_else(|| panic!("inspection {id} is not on the server"))
}

/// The id in the app's route `#/<what>/<id>`.
pub async fn routed_id(chrome: &Chromium, what: &str) -> String {
    let hash = script(chrome, "return location.hash;", vec![]).await;
    let hash = hash.as_str().unwrap();
    let id = hash.strip_prefix(&format!("#/{what}/")).unwrap_or_else(|| panic!("not on a {what}: {hash}"));
    id.split('/').next().unwrap().to_owned()
}

/// Opens a place and starts an inspection with its checklist of `kind`.
pub async fn start(chrome: &Chromium, place: Uuid, kind: &str) -> String {
    tap(chrome, &format!("[data-test=place][data-id='{place}']")).await;
    tap(chrome, &format!("[data-test=new-inspection][data-kind={kind}]")).await;
    chrome.wait_for("main[data-screen=inspection] [data-test=live-result]").await;
    routed_id(chrome, "inspection").await
}

/// A figure of the live result (`grade`, `total`...).
pub async fn live(chrome: &Chromium, what: &str) -> String {
    let value = script(
        chrome,
        "return document.querySelector('[data-test=live-result]').dataset[arguments[0]];",
        vec![json!(what)],
    )
    .await;
    value.as_str().unwrap().to_owned()
}

/// Answers every item of the dust checklist's required sections as the
/// template draws them: the items in `failing` fail, every other check
/// passes, choices take their second option, numbers a plausible value.
pub async fn answer_dust_checklist(chrome: &Chromium, body: &Value, failing: &[&str]) {
    for section in body["sections"].as_array().unwrap().iter().filter(|s| s["optional"] != true) {
        for item in section["items"].as_array().unwrap() {
            let item_id = item["id"].as_str().unwrap();
            match (item["answer"]["type"].as_str().unwrap(), item_id) {
                ("pass_fail", _) if failing.contains(&item_id) => answer(chrome, item_id, "fail").await,
                ("pass_fail", _) => answer(chrome, item_id, "pass").await,
                ("choice", _) => answer(chrome, item_id, item["answer"]["options"][1]["value"].as_str().unwrap()).await,
                ("number", "hoarding_height") => answer_with(chrome, item_id, "number", "2.2").await,
                ("number", "pm10") => answer_with(chrome, item_id, "number", "80").await,
                ("number", _) => answer_with(chrome, item_id, "number", "2").await,
                (other, _) => panic!("the dust template has a {other} item"),
            }
        }
    }
}

/// Finishes the inspection on screen, confirming the question.
pub async fn finish(chrome: &Chromium) {
    tap(chrome, "[data-test=finish]").await;
    until(chrome, "document.querySelector('[data-test=finish-confirm], [data-test=finish-errors]')", "finishing asked")
        .await;
    if chrome.has("[data-test=finish-errors]").await {
        panic!("the app will not finish: {}", read(chrome, "[data-test=finish-errors]").await);
    }
    tap(chrome, "[data-test=finish-confirm]").await;
    chrome.wait_for("[data-test=finished]").await;
}

/// Opens a responded notice from its site's history.
pub async fn reinspect(chrome: &Chromium, tokens: &Tokens, app: &TestApp, id: Uuid) {
    tap(chrome, "#top a.brand").await;
    let number = number_of(app, tokens, id).await;
    tap(chrome, "[data-test=place][data-type=site]").await;
    tap(chrome, &format!("[data-test=history-notice][data-id='{id}']")).await;
    assert_eq!(read(chrome, "[data-test=notice-number]").await, number);
    chrome.wait_for("[data-test=notice-response]").await;
}

/// Waits until the service worker's cache holds the app's and the
/// library's modules and controls the page: from then on it starts offline.
pub async fn cached(chrome: &Chromium) {
    let body = "for (let i = 0; i < 300; i++) { \
                  const all = await Promise.all(args[0].map((u) => caches.match(u))); \
                  if (all.every(Boolean) && navigator.serviceWorker.controller) return true; \
                  await new Promise((r) => setTimeout(r, 100)); } return false;";
    let urls = json!([
        "/field/",
        "/field/js/main.js",
        "/field/js/screens/inspection.js",
        "/field/lib/index.js",
        "/field/lib/client.js"
    ]);
    assert_eq!(chrome.run(body, vec![urls]).await, json!(true), "the app is cached for offline use");
}
