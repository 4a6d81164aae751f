//! The inspector's app at `/field` on the demo's data, as a newcomer opens
//! it on a phone: every screen reached from the places list (each kind of
//! screen twice at most), in Chinese and in English, with no broken photo,
//! no raw template or code id, no untranslated English on a Chinese screen
//! and nothing that scrolls sideways at 375 px. One screenshot per screen
//! kind and language (`tour-field-…`).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use fieldsync_tests::{Backend, Chromium, TestApp};
use serde_json::json;

use crate::{
    demo_tour::{kind_of, problems_on},
    field_helpers::{phone, script, sign_in_as, tap, until},
};

/// Screens per kind (the route with ids replaced) the tour visits.
const PER_KIND: usize = 2;

/// The kinds of screen the inspector must reach from the places list.
const REACHED: &[&str] = &["/", "/place/site/{id}", "/place/household/{id}", "/inspection/{id}", "/notice/{id}"];

/// Opens the route `hash` and waits until it is shown with its photos asked for.
async fn open(chrome: &Chromium, hash: &str) {
    script(chrome, "location.hash = arguments[0];", vec![json!(hash)]).await;
    let shown = format!("document.getElementById('screen').dataset.route === {}", json!(hash));
    until(chrome, &shown, &format!("the screen {hash}")).await;
    let photos = "[...document.images].every((i) => i.getAttribute('src') || i.classList.contains('missing'))";
    until(chrome, photos, "every photo asked for").await;
}

/// Visits every screen reached from the places list in `lang`; returns what
/// was wrong, by route, and the kinds of screen seen.
async fn tour(chrome: &Chromium, lang: &str) -> (BTreeMap<String, Vec<String>>, BTreeSet<String>) {
    let (mut problems, mut seen, mut visited) = (BTreeMap::new(), BTreeMap::<String, usize>::new(), BTreeSet::new());
    let mut queue = VecDeque::from(["#/".to_owned()]);
    while let Some(hash) = queue.pop_front() {
        let kind = kind_of(hash.trim_start_matches('#'));
        if !visited.insert(hash.clone()) || seen.get(&kind).is_some_and(|n| *n >= PER_KIND) {
            continue;
        }
        *seen.entry(kind.clone()).or_default() += 1;
        open(chrome, &hash).await;
        let (wrong, links) = problems_on(chrome, lang, "#screen a[href^='#/']").await;
        if seen[&kind] == 1 {
            let name = kind.trim_matches('/').replace(['/', '{', '}'], "-");
            let name = if name.is_empty() { "places" } else { name.as_str() };
            chrome.screenshot(&format!("tour-field-{name}-{lang}")).await;
        }
        if !wrong.is_empty() {
            problems.insert(hash.clone(), wrong);
        }
        queue.extend(links);
    }
    (problems, seen.into_keys().collect())
}

/// A conflict or a refusal names the record's fields in words, never as
/// stored (`answers.hoarding_closed`, `findings[0].text`), and values as text.
async fn fields_in_words(chrome: &Chromium) {
    let body = "const m = await import('/field/js/i18n.js');\n\
        return ['notes', 'answers.hoarding_closed', 'findings[0].text', 'photos', 'device_secret'].map(m.fieldText)\n\
          .concat([m.valueText(null), m.valueText('东侧'), m.valueText(3)]);";
    let words = chrome.run(body, vec![]).await;
    assert_eq!(words, json!(["备注", "检查项", "存在问题", "照片", "其他内容", "—", "东侧", "3"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_of_the_field_app_reads_well_on_the_demo_in_both_languages() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let state = &app.state;
    fieldsync::demo::load(&state.db, &state.sync.registry, &state.calendar, &state.blobs).await.unwrap();
    app.thumbnails_made().await;
    let chrome = phone(&app).await;
    sign_in_as(&chrome, "inspector", "李明").await;
    let mut problems = BTreeMap::new();
    for lang in ["zh", "en"] {
        if script(&chrome, "return document.getElementById('screen').dataset.lang;", vec![]).await != json!(lang) {
            tap(&chrome, "[data-test=lang]").await;
            until(&chrome, &format!("document.getElementById('screen').dataset.lang === '{lang}'"), "the language")
                .await;
        }
        let (found, kinds) = tour(&chrome, lang).await;
        for (route, wrong) in found {
            problems.insert(format!("{lang} {route}"), wrong);
        }
        for kind in REACHED {
            assert!(kinds.contains(*kind), "({lang}) never reached {kind}; reached {kinds:?}");
        }
        if lang == "zh" {
            fields_in_words(&chrome).await;
        }
    }
    chrome.stop().await;
    app.stop().await;
    assert!(problems.is_empty(), "{}", serde_json::to_string_pretty(&problems).unwrap());
}
