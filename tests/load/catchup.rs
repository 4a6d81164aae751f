//! `catchup`: the inspector's day offline. A headless Chromium with the
//! JavaScript client library signs in and syncs; the server is killed;
//! the page queues inspections with camera-sized photos; the server is
//! started again, and the page's sync is timed from then until every
//! mutation and every photo byte is on the server.

use std::time::{Duration, Instant};

use fieldsync_tests::{Chromium, DEMO_PASSWORD};
use serde_json::json;

use crate::server::Server;

/// What the scenario measured.
pub struct Catchup {
    /// Inspections queued offline.
    pub inspections: usize,
    /// Photos queued offline.
    pub photos: usize,
    /// Bytes of those photos.
    pub bytes: u64,
    /// From the server answering again to the page's sync ending with nothing queued.
    pub synced_in: Duration,
}

const SIGN_IN: &str = r#"
const c = new lib.SyncClient({ baseUrl: location.origin, storage: new lib.IndexedDbStorage('catchup') });
await c.open();
await c.signIn('inspector', args[0]);
await c.sync();
return { sites: (await c.records('site')).map((s) => s.id), templates: (await c.records('template')).filter((t) => t.kind === 'dust_control' && t.status === 'published').map((t) => t.id), error: c.state.error };
"#;

const QUEUE: &str = r#"
const [sites, template, inspections, each, size] = args;
const c = new lib.SyncClient({ baseUrl: location.origin, storage: new lib.IndexedDbStorage('catchup') });
await c.open();
for (let i = 0; i < inspections; i++) {
  const photos = [];
  for (let k = 0; k < each; k++) {
    const bytes = new Uint8Array(size);
    for (let j = 0; j < size; j += 65536) crypto.getRandomValues(bytes.subarray(j, Math.min(size, j + 65536)));
    bytes.set([0xff, 0xd8, 0xff, 0xe0]);
    photos.push(await c.addPhoto(new Blob([bytes], { type: 'image/jpeg' }), { taken_at: new Date().toISOString() }));
  }
  await c.mutate('inspection.create', { id: crypto.randomUUID(), template_id: template, site_id: sites[i % sites.length], photos });
}
await c.sync();
return c.state;
"#;

const SYNC: &str = r#"
const c = new lib.SyncClient({ baseUrl: location.origin, storage: new lib.IndexedDbStorage('catchup') });
await c.open();
await c.sync();
return c.state;
"#;

/// Runs the scenario on `server`, which this tool started.
pub async fn run(server: &mut Server, inspections: usize, each: usize, photo_bytes: usize) -> anyhow::Result<Catchup> {
    let chrome = Chromium::start_at(&server.url, 1280, 900).await;
    chrome.open("/field/").await;
    let signed = chrome.run(SIGN_IN, vec![json!(DEMO_PASSWORD)]).await;
    anyhow::ensure!(signed["error"].is_null(), "the first sync failed: {signed}");
    let (sites, template) = (signed["sites"].clone(), signed["templates"][0].clone());
    anyhow::ensure!(
        !sites.as_array().is_none_or(Vec::is_empty) && template.is_string(),
        "no sites or template: {signed}"
    );

    server.stop()?;
    let queued = chrome.run(QUEUE, vec![sites, template, json!(inspections), json!(each), json!(photo_bytes)]).await;
    anyhow::ensure!(queued["error"]["code"] == "network", "the page did not see the outage: {queued}");
    anyhow::ensure!(queued["queued"] == inspections && queued["photosQueued"] == inspections * each, "{queued}");

    server.start_again().await?;
    let started = Instant::now();
    let state = chrome.run(SYNC, vec![]).await;
    let synced_in = started.elapsed();
    anyhow::ensure!(
        state["error"].is_null() && state["queued"] == 0 && state["photosQueued"] == 0,
        "not all synced: {state}"
    );
    chrome.stop().await;
    Ok(Catchup { inspections, photos: inspections * each, bytes: (inspections * each * photo_bytes) as u64, synced_in })
}
