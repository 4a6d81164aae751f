//! The JavaScript client library (`sync-protocol/js/`) in a real browser,
//! against the real server on both databases: offline queueing through a
//! real outage, a push whose answer is lost, a reload in the middle of a
//! photo upload, claims of a wrong clock that never cost the photo, a
//! `must_resync` that keeps unpushed work, and conflicts
//! surfaced to the app. Each step runs in the page with the library and
//! its IndexedDB store, as an app would; results are checked through the API.

use fieldsync::{blobs::entity::blob, sync::retention, templates::seed::DUST_CONTROL_V1};
use fieldsync_tests::{Chromium, DEMO_PASSWORD, TestApp, db_tests, sha_hex};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use uuid::Uuid;

/// Defined before every step: `client(fetch)`, a client on the page's
/// IndexedDB store `library-test`, opened, with the overlay of
/// `inspection.create` (so queued inspections show).
const PRELUDE: &str = r#"
const client = async (fetch) => {
  const c = new lib.SyncClient({
    baseUrl: location.origin, storage: new lib.IndexedDbStorage('library-test'), language: 'en', fetch,
    overlays: { 'inspection.create': (view, a) => view.put('inspection', a.id, { ...a, status: 'draft', queued: true }) },
  });
  await c.open();
  return c;
};
"#;

async fn step(chrome: &Chromium, body: &str, args: Vec<Value>) -> Value {
    chrome.run(&format!("{PRELUDE}\n{body}"), args).await
}

async fn signed_in_page(app: &TestApp) -> Chromium {
    let chrome = Chromium::start(app, 375, 812).await;
    chrome.open("/field/").await;
    let body = "const c = await client(); await c.signIn('inspector', args[0]); await c.sync(); \
                return { state: c.state, sites: (await c.records('site')).map((s) => s.id) };";
    let answer = step(&chrome, body, vec![json!(DEMO_PASSWORD)]).await;
    assert_eq!(answer["state"]["error"], Value::Null, "{answer}");
    assert!(answer["state"]["lastSyncAt"].is_string(), "{answer}");
    chrome
}

/// The inspections the supervisor's device receives, by id.
async fn inspections_on_the_server(app: &TestApp) -> serde_json::Map<String, Value> {
    let mut device = app.sync_client("supervisor").await;
    device.pull_all().await.unwrap();
    device.store.of_type("inspection").map(|(id, data)| (id.to_string(), data.clone())).collect()
}

fn inspection(site: Uuid) -> Value {
    json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "site_id": site, "answers": {}})
}

db_tests! {
    async fn changes_made_during_an_outage_are_kept_and_pushed_once_the_server_is_back(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let chrome = signed_in_page(&app).await;
        let sites = step(&chrome, "const c = await client(); return (await c.records('site')).map((s) => s.id);", vec![]).await;
        assert!(sites.as_array().unwrap().contains(&json!(places.site_a.to_string())), "{sites}");

        app.shut_down().await;
        let made: Vec<Value> = (0..3).map(|_| inspection(places.site_a)).collect();
        let body = "const c = await client(); for (const a of args[0]) await c.mutate('inspection.create', a); \
                    await c.sync(); return { state: c.state, shown: (await c.records('inspection')).length };";
        let offline = step(&chrome, body, vec![json!(made)]).await;
        assert_eq!(offline["state"]["error"]["code"], "network", "{offline}");
        assert_eq!(offline["state"]["online"], false, "{offline}");
        assert_eq!(offline["state"]["queued"], 3, "{offline}");
        assert_eq!(offline["shown"], 3, "queued inspections show before they are pushed: {offline}");

        app.start_again().await;
        let body = "const c = await client(); await c.sync(); return { state: c.state, pending: (await c.pending()).length, \
                    synced: (await c.records('inspection')).filter((i) => !i.queued).length };";
        let back = step(&chrome, body, vec![]).await;
        assert_eq!(back["state"]["error"], Value::Null, "{back}");
        assert_eq!((back["state"]["queued"].as_u64(), back["pending"].as_u64()), (Some(0), Some(0)), "{back}");
        assert_eq!(back["synced"], 3, "the pull brought the pushed inspections back as records: {back}");
        let stored = inspections_on_the_server(&app).await;
        assert_eq!(stored.len(), 3, "{stored:?}");
        for a in &made {
            assert!(stored.contains_key(a["id"].as_str().unwrap()), "{a} was not stored");
        }
        chrome.stop().await;
    }

    async fn a_push_whose_answer_is_lost_is_sent_again_and_applied_once(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let chrome = signed_in_page(&app).await;
        let made = inspection(places.site_a);
        let id = made["id"].as_str().unwrap().to_owned();
        // The first push reaches the server, which applies it; its answer never reaches the app.
        let body = r#"
            let lost = 0;
            const fetch = async (url, init) => {
              const response = await window.fetch(url, init);
              if (String(url).endsWith('/v1/sync/push') && lost === 0) { lost += 1; throw new TypeError('connection reset'); }
              return response;
            };
            const c = await client(fetch);
            await c.mutate('inspection.create', args[0]);
            await c.mutate('inspection.update', { id: args[0].id, base_rev: 1, notes: 'east gate: no wash trough' });
            await c.sync();
            const first = c.state;
            await c.sync();
            return { first, then: c.state, outcomes: await c.outcomes(), record: await c.record('inspection', args[0].id) };
        "#;
        let answer = step(&chrome, body, vec![made.clone()]).await;
        assert_eq!(answer["first"]["error"]["code"], "network", "{answer}");
        assert_eq!(answer["first"]["queued"], 2, "a lost answer leaves the mutations queued: {answer}");
        assert_eq!(answer["then"]["error"], Value::Null, "{answer}");
        assert_eq!(answer["then"]["queued"], 0, "{answer}");
        assert_eq!(answer["outcomes"], json!([]), "sent again, nothing was rejected as taken: {answer}");
        assert_eq!(answer["record"]["rev"], 2, "each mutation applied once: {answer}");
        let stored = inspections_on_the_server(&app).await;
        assert_eq!(stored[&id]["rev"], 2, "{stored:?}");
        assert_eq!(stored[&id]["notes"], "east gate: no wash trough");
        chrome.stop().await;
    }

    async fn a_reload_in_the_middle_of_a_photo_upload_resumes_where_the_server_stopped(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let chrome = signed_in_page(&app).await;
        // 11 MiB: three chunks of at most 5 MiB. The page hangs the second chunk, then reloads.
        let body = r#"
            const bytes = new Uint8Array(11 * 1024 * 1024);
            for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
            bytes.set([0xff, 0xd8, 0xff, 0xe0]);
            let puts = 0;
            const fetch = (url, init) => {
              if (init?.method === 'PUT' && ++puts === 2) return new Promise(() => {});
              return window.fetch(url, init);
            };
            const c = await client(fetch);
            const sha = await c.addPhoto(new Blob([bytes], { type: 'image/jpeg' }), { taken_at: new Date().toISOString() });
            await c.mutate('inspection.create', { ...args[0], photos: [sha] });
            void c.sync();
            for (let i = 0; i < 600; i++) {
              const [p] = await c.photos();
              if (p.offset >= 5 * 1024 * 1024 && puts === 2) return { sha, photo: p, bytes: btoa(String.fromCharCode(...bytes.subarray(0, 16))) };
              await new Promise((r) => setTimeout(r, 100));
            }
            throw new Error('the first chunk never arrived');
        "#;
        let before = step(&chrome, body, vec![inspection(places.site_a)]).await;
        let sha = before["sha"].as_str().unwrap().to_owned();
        assert_eq!(before["photo"]["state"], "uploading", "{before}");
        assert_eq!(before["photo"]["offset"], 5 * 1024 * 1024, "{before}");

        chrome.client.refresh().await.unwrap();
        let body = r#"
            const ranges = [];
            const fetch = (url, init) => {
              if (init?.method === 'PUT') ranges.push(init.headers['Content-Range']);
              return window.fetch(url, init);
            };
            const c = await client(fetch);
            const queued = c.state.photosQueued;
            await c.sync();
            return { queued, ranges, state: c.state, photos: await c.photos(), owed: await c.owed() };
        "#;
        let after = step(&chrome, body, vec![]).await;
        assert_eq!(after["queued"], 1, "the photo survived the reload: {after}");
        assert_eq!(after["state"]["error"], Value::Null, "{after}");
        let size = 11 * 1024 * 1024;
        assert_eq!(
            after["ranges"],
            json!([format!("bytes 5242880-10485759/{size}"), format!("bytes 10485760-{}/{size}", size - 1)]),
            "the upload went on from the server's offset, the first chunk was not sent again: {after}"
        );
        assert_eq!(after["photos"][0]["state"], "done", "{after}");
        assert_eq!(after["owed"], json!([]), "{after}");
        assert_eq!(after["state"]["photosQueued"], 0, "{after}");
        let token = app.token("supervisor").await;
        let download = app.http.get(app.url(&format!("/v1/blobs/{sha}"))).bearer_auth(token).send().await.unwrap();
        assert_eq!(download.status(), 200);
        let bytes = download.bytes().await.unwrap();
        assert_eq!((bytes.len(), sha_hex(&bytes)), (size, sha.clone()), "the stored bytes are the photo's");
        chrome.stop().await;
    }

    async fn a_photo_whose_claims_the_server_refuses_goes_up_without_them(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let chrome = signed_in_page(&app).await;
        let body = r#"
            const photo = (n) => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, n, n, n, n])], { type: 'image/jpeg' });
            const c = await client();
            const here = { latitude: 38.0412, longitude: 114.5149, accuracy_m: 9 };
            const kept = await c.addPhoto(photo(1), { taken_at: new Date().toISOString(), location: here });
            // A phone whose clock says 2099, and a position with no numbers: the photo must still go up.
            const wrong = await c.addPhoto(photo(2), { taken_at: '2099-01-01T00:00:00Z', location: here });
            const vague = await c.addPhoto(photo(3), { location: { latitude: NaN, longitude: 114.5 } });
            await c.mutate('inspection.create', { ...args[0], photos: [kept, wrong, vague] });
            await c.sync();
            const photos = Object.fromEntries((await c.photos()).map((p) => [p.sha256, p]));
            return { kept, wrong, vague, photos, state: c.state };
        "#;
        let answer = step(&chrome, body, vec![inspection(places.site_a)]).await;
        assert_eq!(answer["state"]["error"], Value::Null, "{answer}");
        assert_eq!(answer["state"]["photosQueued"], 0, "{answer}");
        let photo = |name: &str| answer["photos"][answer[name].as_str().unwrap()].clone();
        for name in ["kept", "wrong", "vague"] {
            assert_eq!(photo(name)["state"], "done", "{name}: {answer}");
        }
        assert_eq!(photo("wrong")["claims_refused"]["code"], "validation_failed", "why is kept: {answer}");
        assert!(photo("kept")["claims_refused"].is_null(), "{answer}");
        let db = app.state.db.read();
        let sha = |name: &str| answer[name].as_str().unwrap().to_owned();
        let kept = blob::Entity::find_by_id(sha("kept")).one(db).await.unwrap().expect("stored");
        assert!(kept.claimed_taken_at.is_some(), "{kept:?}");
        assert_eq!((kept.claimed_latitude, kept.claimed_longitude, kept.claimed_accuracy_m), (Some(38.0412), Some(114.5149), Some(9.0)));
        let wrong = blob::Entity::find_by_id(sha("wrong")).one(db).await.unwrap().expect("stored");
        assert_eq!((wrong.claimed_taken_at, wrong.claimed_latitude), (None, None), "went up without the refused claims");
        let vague = blob::Entity::find_by_id(sha("vague")).one(db).await.unwrap().expect("stored");
        assert_eq!(vague.claimed_latitude, None, "a position without numbers is not sent");
        chrome.stop().await;
    }

    async fn must_resync_drops_the_synced_records_and_keeps_unpushed_work(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut other = app.sync_client("inspector").await;
        let doomed = Uuid::new_v4();
        other.mutate("inspection.create", json!({"id": doomed, "template_id": DUST_CONTROL_V1, "site_id": places.site_a}));
        other.sync().await.unwrap();
        let chrome = signed_in_page(&app).await;
        let has = step(&chrome, "const c = await client(); return Boolean(await c.record('inspection', args[0]));", vec![json!(doomed)]).await;
        assert_eq!(has, true);
        // The record is deleted and the deletion compacted away: the page's checkpoint is behind the horizon.
        other.mutate("inspection.delete", json!({"id": doomed}));
        other.sync().await.unwrap();
        retention::compact(&app.state.db, chrono::Utc::now() + chrono::Duration::seconds(5)).await.unwrap();
        let unsent = inspection(places.site_a);
        let body = r#"
            const pulls = [];
            const fetch = async (url, init) => {
              const response = await window.fetch(url, init);
              if (String(url).endsWith('/v1/sync/pull')) pulls.push((await response.clone().json()).must_resync);
              return response;
            };
            const c = await client(fetch);
            await c.mutate('inspection.create', args[0]);
            await c.sync();
            return { pulls, state: c.state, ids: (await c.records('inspection')).map((i) => i.id) };
        "#;
        let answer = step(&chrome, body, vec![unsent.clone()]).await;
        assert_eq!(answer["pulls"][0], true, "the server answered must_resync: {answer}");
        assert_eq!(answer["state"]["error"], Value::Null, "{answer}");
        assert_eq!(answer["state"]["queued"], 0, "{answer}");
        assert_eq!(answer["ids"], json!([unsent["id"]]), "the deleted record is gone, the unpushed one arrived: {answer}");
        chrome.stop().await;
    }

    async fn a_conflict_is_surfaced_to_the_app(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let chrome = signed_in_page(&app).await;
        let made = inspection(places.site_a);
        step(&chrome, "const c = await client(); await c.mutate('inspection.create', args[0]); await c.sync();", vec![made.clone()]).await;
        let mut supervisor = app.sync_client("supervisor").await;
        supervisor.mutate("inspection.update", json!({"id": made["id"], "base_rev": 1, "notes": "south gate open"}));
        supervisor.sync().await.unwrap();
        let body = "const c = await client(); \
                    await c.mutate('inspection.update', { id: args[0].id, base_rev: 1, notes: 'all closed' }); \
                    await c.sync(); return { state: c.state, outcomes: await c.outcomes() };";
        let answer = step(&chrome, body, vec![made]).await;
        assert_eq!(answer["state"]["outcomes"], 1, "{answer}");
        let outcome = &answer["outcomes"][0];
        assert_eq!(outcome["kind"], "conflict", "{answer}");
        assert_eq!(outcome["conflicts"], json!([{"field": "notes", "yours": "all closed", "kept": "south gate open"}]), "{answer}");
        chrome.stop().await;
    }
}
