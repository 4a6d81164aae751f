//! A newcomer's tour of the demo: each role signs in on `serve --demo`'s
//! data and every page it can reach from its home (each kind of page twice
//! at most) is checked at 375 px in Chinese and in English: no broken
//! image, no raw template or code id (`material_covered`, `stop_work`), no
//! untranslated English on a Chinese page, nothing that scrolls sideways.
//! One screenshot per page kind and language.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use fieldsync_tests::{Backend, Chromium, TestApp};
use serde_json::Value;

use crate::{fits_the_width, sign_in};

/// Pages per kind (the path with ids replaced) the tour visits.
const PER_KIND: usize = 2;

/// What a page shows that it should not.
const PROBLEMS: &str = r#"
const images = [...document.images];
await Promise.allSettled(images.map((i) => { i.loading = 'eager'; return i.decode(); }));
const broken = images.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.getAttribute('src') ?? i.dataset.sha);
const text = document.body.innerText;
const ids = [...new Set(text.match(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g) ?? [])];
const english = [...new Set(text.match(/\b[A-Za-z]{3,}\b/g) ?? [])];
const links = [...document.querySelectorAll(args[0])].map((a) => a.getAttribute('href'));
return { broken, ids, english, links };
"#;

/// What is wrong with the page shown, in `lang`: broken images, raw ids,
/// English on a Chinese page, a sideways scroll at 375 px; and the links
/// matching `links` (a CSS selector) it offers.
pub async fn problems_on(chrome: &Chromium, lang: &str, links: &str) -> (Vec<String>, Vec<String>) {
    let found = chrome.run(PROBLEMS, vec![Value::from(links)]).await;
    let list = |key: &str| -> Vec<String> {
        found[key].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
    };
    let mut wrong: Vec<String> = list("broken").into_iter().map(|src| format!("broken image {src}")).collect();
    wrong.extend(list("ids").into_iter().map(|id| format!("raw id {id}")));
    if lang == "zh" {
        let english = list("english").into_iter().filter(|w| !LATIN_ALLOWED.contains(&w.as_str()));
        wrong.extend(english.map(|word| format!("English on a Chinese page: {word}")));
    }
    if !fits_the_width(chrome).await {
        wrong.push("scrolls sideways at 375 px".into());
    }
    (wrong, list("links"))
}

/// Words a Chinese page may show in Latin letters: the user's name, codes
/// and abbreviations of the trade, the switch to English.
const LATIN_ALLOWED: &[&str] = &[
    "English",
    "JGJ",
    "FieldSync",
    "inspector",
    "inspector2",
    "inspector3",
    "inspector4",
    "inspector5",
    "contractor",
    "contractor2",
    "supervisor",
    "admin",
    "CSV",
    "UTF",
    "GBK",
    "PDF",
];

/// The kind of a page: its path with ids and numbers replaced.
pub fn kind_of(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    path.split('/')
        .map(|part| {
            if part.len() >= 32 || part.chars().all(|c| c.is_ascii_digit()) && !part.is_empty() { "{id}" } else { part }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether the tour follows a link: pages only, not actions, files or sign-out.
fn followed(href: &str) -> bool {
    let path = href.split(['?', '#']).next().unwrap_or(href);
    !(path.starts_with("/app/photos/")
        || path.starts_with("/app/lang/")
        || path.starts_with("/app/static/")
        || path.ends_with(".csv")
        || path == "/app/logout"
        || path.contains("/actions/"))
}

/// Visits every page `username` reaches, in the current language; returns
/// what was wrong, by page, and the kinds of page seen.
async fn tour(chrome: &Chromium, username: &str, lang: &str) -> (BTreeMap<String, Vec<String>>, BTreeSet<String>) {
    let mut problems = BTreeMap::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut visited = BTreeSet::new();
    // The search box is a form, not a link: its results page is visited too.
    let mut queue = VecDeque::from([chrome.path().await, "/app/search?q=%E9%95%87".to_owned()]);
    while let Some(path) = queue.pop_front() {
        let kind = kind_of(&path);
        if !visited.insert(path.clone()) || seen.get(&kind).is_some_and(|n| *n >= PER_KIND) {
            continue;
        }
        *seen.entry(kind.clone()).or_default() += 1;
        chrome.open(&path).await;
        let (wrong, links) = problems_on(chrome, lang, "a[href^='/app/']").await;
        if seen[&kind] == 1 {
            let name = kind.trim_start_matches("/app/").replace(['/', '{', '}'], "-");
            chrome
                .screenshot(&format!("tour-{username}-{}-{lang}", if name.is_empty() { "home" } else { &name }))
                .await;
        }
        if !wrong.is_empty() {
            problems.insert(path.clone(), wrong);
        }
        for href in links.into_iter().filter(|h| followed(h)) {
            queue.push_back(href);
        }
    }
    (problems, seen.into_keys().collect())
}

/// The kinds of page each role must reach from its home.
const REACHED: &[(&str, &[&str])] = &[
    (
        "supervisor",
        &[
            "/app/dashboard",
            "/app/notices",
            "/app/notices/{id}",
            "/app/notices/{id}/print",
            "/app/review",
            "/app/approvals",
            "/app/numbers",
        ],
    ),
    ("inspector", &["/app/work", "/app/notices/{id}", "/app/notices/{id}/print"]),
    ("contractor", &["/app/orders", "/app/orders/{id}", "/app/search"]),
    (
        "admin",
        &[
            "/app/dashboard",
            "/app/notices",
            "/app/notices/{id}",
            "/app/admin/users",
            "/app/admin/organisations",
            "/app/admin/sites",
            "/app/admin/households",
            "/app/admin/templates",
        ],
    ),
];

/// Every card of the dashboard links to the list it counts, and the list
/// counts the same.
async fn cards_agree_with_their_lists(chrome: &Chromium) {
    chrome.open("/app/dashboard").await;
    let cards = chrome
        .eval("return [...document.querySelectorAll('a.figure')].map((a) => [a.getAttribute('href'), a.querySelector('b').textContent]);")
        .await;
    let cards = cards.as_array().unwrap().clone();
    assert!(cards.len() >= 5, "issued and rectified, today and this month, and overdue now: {cards:?}");
    for card in cards {
        let (href, value) = (card[0].as_str().unwrap(), card[1].as_str().unwrap());
        chrome.open(href).await;
        let total = chrome.eval("return document.querySelector('.pager .total').dataset.total;").await;
        assert_eq!(total.as_str(), Some(value), "the card {value} leads to {href}, which lists {total}");
    }
}

/// A strong measure's order shows what it means in a banner, an open
/// order the days left, and each order links to its official print.
async fn an_order_says_what_it_means_and_how_long_is_left(app: &TestApp, chrome: &Chromium) {
    use fieldsync::notices::{entity::notice, kind::NoticeKind};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let company = fieldsync::directory::users::entity::Entity::find()
        .filter(fieldsync::directory::users::entity::Column::Username.eq("contractor"))
        .one(app.state.db.read())
        .await
        .unwrap()
        .unwrap()
        .organisation_id;
    let orders = notice::Entity::find()
        .filter(notice::Column::AddresseeOrgId.eq(company))
        .all(app.state.db.read())
        .await
        .unwrap();
    let strong = orders.iter().find(|n| n.kind != NoticeKind::Rectification && n.issued_at.is_some());
    let open = orders.iter().find(|n| n.deadline.is_some() && n.state.is_outstanding());
    let (Some(strong), Some(open)) = (strong, open) else {
        panic!("the demo gives the contractor a strong measure and an open order")
    };
    chrome.open("/app/lang/zh?next=/app/orders").await;
    chrome.open(&format!("/app/orders/{}", strong.id)).await;
    assert!(!chrome.text(".measure").await.is_empty(), "a banner for {:?}", strong.kind);
    assert!(chrome.has(&format!("a[href='/app/notices/{}/print']", strong.id)).await, "a link to the official notice");
    chrome.screenshot("tour-contractor-strong-measure-zh").await;
    chrome.open(&format!("/app/orders/{}", open.id)).await;
    let left = chrome.text(".days-left").await;
    assert!(left.contains('天'), "days left: {left}");
    chrome.open("/app/lang/en?next=/app/orders").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_of_the_demo_reads_well_in_both_languages_for_every_role() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let state = &app.state;
    fieldsync::demo::load(&state.db, &state.sync.registry, &state.calendar, &state.blobs).await.unwrap();
    app.thumbnails_made().await;
    let chrome = Chromium::start(&app, 375, 812).await;
    let mut problems = BTreeMap::new();
    for username in ["supervisor", "inspector", "contractor", "admin"] {
        sign_in(&chrome, username).await;
        for lang in ["zh", "en"] {
            let home = chrome.path().await;
            chrome.open(&format!("/app/lang/{lang}?next={home}")).await;
            let (found, kinds) = tour(&chrome, username, lang).await;
            for (page, wrong) in found {
                problems.insert(format!("{username} {lang} {page}"), wrong);
            }
            let (_, expected) = REACHED.iter().find(|(u, _)| *u == username).unwrap();
            for kind in *expected {
                assert!(kinds.contains(*kind), "{username} ({lang}) never reached {kind}; reached {kinds:?}");
            }
            chrome.open(&home).await;
        }
        if username == "supervisor" {
            cards_agree_with_their_lists(&chrome).await;
        }
        if username == "contractor" {
            an_order_says_what_it_means_and_how_long_is_left(&app, &chrome).await;
        }
        chrome.submit("form[action='/app/logout'] button").await;
    }
    chrome.stop().await;
    app.stop().await;
    assert!(problems.is_empty(), "{}", serde_json::to_string_pretty(&problems).unwrap());
}
