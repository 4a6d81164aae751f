//! Browser tests: the real server, a headless Chromium driven through
//! WebDriver, and what a person sees on each page, with one screenshot per
//! page kept under `target/browser-artifacts/`. The pages' tests run on
//! SQLite only (they ask the same domain code the API tests run on both
//! databases); the client library's (`library.rs`) and the field app's
//! scoring parity (`field_scoring.rs`) run on both, since they are the sync
//! path itself and the server's results.
#![allow(clippy::unwrap_used)]

mod admin;
mod contractor;
mod demo_tour;
mod field_app;
mod field_helpers;
mod field_inspections;
mod field_scoring;
mod field_steps;
mod field_story;
mod field_tour;
mod inspector;
mod library;
#[allow(dead_code)]
#[path = "../api/notices_common.rs"]
mod notices_common;
mod supervisor;

use fieldsync_tests::{Chromium, DEMO_PASSWORD, TestApp};
use uuid::Uuid;

use notices_common::Tokens;

/// Signs in through the form, as a person would.
pub async fn sign_in(chrome: &Chromium, username: &str) {
    chrome.open("/app").await;
    assert!(chrome.path().await.starts_with("/app/login"), "a stranger is sent to sign in");
    assert_eq!(chrome.text("h1").await, "Sign in");
    chrome.fill("input[name=username]", username).await;
    chrome.fill("input[name=password]", DEMO_PASSWORD).await;
    chrome.submit("form[action='/app/login'] button[type=submit]").await;
    assert_eq!(chrome.text("header .user").await, username, "signed in as {username}");
}

/// A notice's official number, as the API gives it.
pub async fn number_of(app: &TestApp, tokens: &Tokens, id: Uuid) -> String {
    let reply = app.get(&format!("/v1/notices/{id}"), tokens.get("admin")).await;
    reply.expect(200)["number"].as_str().unwrap().to_owned()
}

/// Whether the page and its tables are no wider than the window (nothing
/// to scroll sideways).
pub async fn fits_the_width(chrome: &Chromium) -> bool {
    let script = "return document.documentElement.scrollWidth <= window.innerWidth \
        && [...document.querySelectorAll('.table-wrap')].every(e => e.scrollWidth <= e.clientWidth);";
    chrome.eval(script).await.as_bool().unwrap()
}
