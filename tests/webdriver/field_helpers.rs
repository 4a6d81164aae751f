//! Driving the inspector's app at `/field` on a 375 px phone: sign-in,
//! taps and inputs by the screens' `data-test` attributes, waits on the
//! sync bar's state, and screenshots of a screen in both languages.

use std::time::Duration;

use fieldsync_tests::{Chromium, DEMO_PASSWORD, TestApp};
use serde_json::{Value, json};

use crate::fits_the_width;

/// How long a condition on the page may take (a wait, not a timed assertion).
const WITHIN: Duration = Duration::from_secs(30);

/// A phone on `/field/`, the app loaded.
pub async fn phone(app: &TestApp) -> Chromium {
    let chrome = Chromium::start(app, 375, 812).await;
    chrome.open("/field/").await;
    chrome.wait_for("html[data-ready]").await;
    chrome
}

/// Runs `script` (a function body; `arguments` are `args`) and answers its value.
pub async fn script(chrome: &Chromium, script: &str, args: Vec<Value>) -> Value {
    chrome.client.execute(script, args).await.expect("script")
}

/// Waits until the JavaScript expression `condition` is true on the page.
pub async fn until(chrome: &Chromium, condition: &str, what: &str) {
    let deadline = tokio::time::Instant::now() + WITHIN;
    let body = format!("return Boolean({condition});");
    loop {
        if script(chrome, &body, vec![]).await.as_bool() == Some(true) {
            return;
        }
        if tokio::time::Instant::now() > deadline {
            let bar = script(chrome, "return document.getElementById('sync-bar')?.innerText ?? ''", vec![]).await;
            panic!("{what}: still not so on {} (sync bar: {bar})", chrome.path().await);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Taps the element `css` once it is there. The click runs in the page,
/// so a screen redrawn by a sync between finding and tapping cannot make
/// the tap miss.
pub async fn tap(chrome: &Chromium, css: &str) {
    chrome.wait_for(css).await;
    let clicked = script(
        chrome,
        "const e = document.querySelector(arguments[0]); if (!e) return false; e.click(); return true;",
        vec![json!(css)],
    )
    .await;
    assert_eq!(clicked, json!(true), "{css} went away before the tap");
}

/// The visible text of the element `css` once it is there, read in the page
/// (a screen redrawn meanwhile cannot leave a stale element).
pub async fn read(chrome: &Chromium, css: &str) -> String {
    chrome.wait_for(css).await;
    let text =
        script(chrome, "return document.querySelector(arguments[0])?.innerText ?? null;", vec![json!(css)]).await;
    text.as_str().unwrap_or_else(|| panic!("{css} went away")).trim().to_owned()
}

/// Types `value` into the field `css` and leaves it (its `change` fires).
pub async fn enter(chrome: &Chromium, css: &str, value: &str) {
    chrome.wait_for(css).await;
    let body = "const e = document.querySelector(arguments[0]); e.focus(); e.value = arguments[1]; \
                e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); \
                e.blur();";
    script(chrome, body, vec![json!(css), json!(value)]).await;
}

/// Signs in through the form and waits for the first sync to end.
pub async fn sign_in(chrome: &Chromium, username: &str) {
    sign_in_as(chrome, username, username).await;
}

/// Signs in as `username`, who is shown as `shown` (their display name),
/// and waits for the first sync to end.
pub async fn sign_in_as(chrome: &Chromium, username: &str, shown: &str) {
    chrome.wait_for("main[data-screen=sign-in]").await;
    chrome.fill("input[name=username]", username).await;
    chrome.fill("input[name=password]", DEMO_PASSWORD).await;
    tap(chrome, "[data-test=sign-in]").await;
    chrome.wait_for("main[data-screen=places]").await;
    synced(chrome).await;
    assert_eq!(read(chrome, "[data-test=user]").await, shown);
}

/// Waits until nothing waits to be sent and the last sync ended well.
pub async fn synced(chrome: &Chromium) {
    let bar = "document.getElementById('sync-bar').dataset";
    let condition = format!(
        "{bar}.syncing === 'false' && {bar}.queued === '0' && {bar}.photos === '0' && {bar}.error === '' && {bar}.lastSync !== ''"
    );
    until(chrome, &condition, "everything synced").await;
}

/// Answers a button-answered item (pass/fail, choice, grade) and waits until it shows.
pub async fn answer(chrome: &Chromium, item: &str, value: &str) {
    let css = format!("[data-test=answer][data-item='{item}'][data-value='{value}']");
    tap(chrome, &css).await;
    chrome.wait_for(&format!("{css}[aria-pressed=true]")).await;
}

/// Answers a number or text item and waits until the app keeps it.
pub async fn answer_with(chrome: &Chromium, item: &str, kind: &str, value: &str) {
    let css = format!("[data-test=answer-{kind}][data-item='{item}']");
    enter(chrome, &css, value).await;
    until(chrome, &format!("document.querySelector(\"#item-{item}.answered\")"), "the answer kept").await;
}

/// Takes a photo for an item (the file input of the camera button).
pub async fn photo(chrome: &Chromium, item: &str, path: &std::path::Path) {
    let css = format!("[data-test=photo-input][data-item='{item}']");
    // A sync may redraw the screen between finding the input and choosing
    // the file: then the input found is gone, and the new one is used.
    for attempt in 1.. {
        let input = chrome.find(&css).await;
        match input.send_keys(&path.display().to_string()).await {
            Ok(()) => break,
            Err(fantoccini::error::CmdError::Standard(e))
                if e.error == fantoccini::error::ErrorStatus::StaleElementReference && attempt < 5 => {}
            Err(error) => panic!("choose the photo: {error:?}"),
        }
    }
    until(chrome, &format!("document.querySelector(\"#item-{item} .thumbs img\")"), "the photo shown").await;
}

/// The controls on the screen smaller than a finger (44 × 44 px), as
/// `tag.class "text" h×w`: none should be.
pub async fn small_targets(chrome: &Chromium) -> Vec<String> {
    let body = "return [...document.querySelectorAll('button, a, select, textarea, summary, label.check, \
                input:not([type=checkbox]):not([type=file]):not([type=hidden])')] \
        .filter((e) => e.offsetParent !== null && e.getClientRects().length > 0) \
        .map((e) => [e, e.getBoundingClientRect()]) \
        .filter(([, r]) => r.height < 44 || r.width < 44) \
        .map(([e, r]) => `${e.tagName.toLowerCase()}.${e.className} \"${e.textContent.trim().slice(0, 30)}\" ${Math.round(r.height)}×${Math.round(r.width)}`);";
    serde_json::from_value(script(chrome, body, vec![]).await).unwrap()
}

/// Keeps screenshots of the screen in English and in Chinese
/// (`field-<name>-en`, `field-<name>-zh`), checking both fit the width.
pub async fn screenshots(chrome: &Chromium, name: &str) {
    assert!(fits_the_width(chrome).await, "{name} scrolls sideways at 375 px (en)");
    let small = small_targets(chrome).await;
    assert!(small.is_empty(), "{name}: touch targets under 44 px: {small:?}");
    chrome.screenshot(&format!("field-{name}-en")).await;
    tap(chrome, "[data-test=lang]").await;
    until(chrome, "document.getElementById('screen').dataset.lang === 'zh'", "the screen in Chinese").await;
    assert!(fits_the_width(chrome).await, "{name} scrolls sideways at 375 px (zh)");
    chrome.screenshot(&format!("field-{name}-zh")).await;
    tap(chrome, "[data-test=lang]").await;
    until(chrome, "document.getElementById('screen').dataset.lang === 'en'", "the screen in English").await;
}

/// A small real JPEG on disk, for the camera input.
pub fn photo_file(dir: &tempfile::TempDir, name: &str, shade: u32) -> std::path::PathBuf {
    let bytes = fieldsync_tests::real_image(64 + shade, 48, image::ImageFormat::Jpeg);
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write photo");
    path
}

/// Waits until the app holds `count` reserved document numbers (it tops
/// them up after a sync); answers them.
pub async fn numbers_held(chrome: &Chromium, count: usize) -> Vec<String> {
    let held = "const c = new lib.SyncClient({ baseUrl: location.origin, storage: new lib.IndexedDbStorage('fieldsync') }); \
                return (await c.reservedNumbers()).map((n) => n.number);";
    let deadline = tokio::time::Instant::now() + WITHIN;
    loop {
        let numbers: Vec<String> = serde_json::from_value(chrome.run(held, vec![]).await).unwrap();
        if numbers.len() >= count || tokio::time::Instant::now() > deadline {
            assert_eq!(numbers.len(), count, "numbers held: {numbers:?}");
            return numbers;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
