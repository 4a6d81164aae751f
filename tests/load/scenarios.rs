//! The load scenarios, each against a running server, with the reference client.

use std::{
    sync::{Arc, LazyLock},
    time::{Duration, Instant},
};

use serde_json::json;
use sync_protocol::client::Client;
use tokio::sync::Mutex;
use uuid::Uuid;

use crate::stats::Latencies;
use fieldsync::templates::seed::DUST_CONTROL_V1;

/// The one HTTP client every simulated device sends through. A client of
/// its own per device would load the TLS roots from disk once per device,
/// on the cores the server under load needs (it took half the CPU once).
pub fn http() -> reqwest::Client {
    static HTTP: LazyLock<reqwest::Client> = LazyLock::new(reqwest::Client::new);
    HTTP.clone()
}

/// A fresh simulated device of the user with `token`.
pub fn device(url: &str, token: &str) -> Client {
    Client::over(http(), url, token, Uuid::new_v4())
}

/// Signs in and returns an access token.
pub async fn token(url: &str, username: &str) -> anyhow::Result<String> {
    let reply: serde_json::Value = http()
        .post(format!("{url}/v1/auth/login"))
        .json(&json!({"username": username, "password": "fieldsync-demo", "device_id": format!("load-{username}")}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    reply["access_token"].as_str().map(str::to_owned).ok_or_else(|| anyhow::anyhow!("no token"))
}

/// The sites a user's device receives.
pub async fn sites(url: &str, token: &str) -> anyhow::Result<Vec<Uuid>> {
    let mut client = device(url, token);
    client.pull_all().await?;
    let sites: Vec<Uuid> = client.store.of_type("site").map(|(id, _)| *id).collect();
    anyhow::ensure!(!sites.is_empty(), "the demo inspector receives no site");
    Ok(sites)
}

/// Result of the push scenario.
pub struct PushFigures {
    /// Mutations applied.
    pub mutations: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// Push latencies.
    pub latency: Latencies,
}

/// `devices` devices push batches of `batch` inspection creations for
/// `seconds`, each as fast as the server answers (`pace` none: the
/// throughput the server reaches, latency then being mostly queueing), or
/// each once per `pace` (a set offered load: the latency at that load).
pub async fn push(
    url: &str,
    token: &str,
    sites: &[Uuid],
    devices: usize,
    batch: usize,
    seconds: u64,
    pace: Option<Duration>,
) -> anyhow::Result<PushFigures> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for d in 0..devices {
        let (url, token, site) = (url.to_owned(), token.to_owned(), sites[d % sites.len()]);
        tasks.push(tokio::spawn(async move {
            let mut client = device(&url, &token);
            let mut latency = Latencies::default();
            let mut applied = 0u64;
            let mut tick = pace.map(|every| {
                // Spread the devices over the period, so the load is even.
                let offset = every.mul_f64(d as f64 / devices.max(1) as f64);
                let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + offset, every);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                tick
            });
            while Instant::now() < deadline {
                if let Some(tick) = &mut tick {
                    tick.tick().await;
                }
                for _ in 0..batch {
                    client.mutate(
                        "inspection.create",
                        json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": site}),
                    );
                }
                let sent = Instant::now();
                let results = client.push().await?;
                latency.record(sent.elapsed());
                applied += results.iter().filter(|r| r.status == sync_protocol::MutationStatus::Applied).count() as u64;
            }
            anyhow::Ok((applied, latency))
        }));
    }
    let mut figures = PushFigures { mutations: 0, elapsed: Duration::ZERO, latency: Latencies::default() };
    for task in tasks {
        let (applied, latency) = task.await??;
        figures.mutations += applied;
        figures.latency.merge(&latency);
    }
    figures.elapsed = started.elapsed();
    Ok(figures)
}

/// `devices` up-to-date devices each poll once a second for `seconds`; returns pull latencies.
pub async fn idle_pull(url: &str, token: &str, devices: usize, seconds: u64) -> anyhow::Result<Latencies> {
    let all = Arc::new(Mutex::new(Latencies::default()));
    // One first sync; every device starts from its checkpoint, as a device
    // that is up to date would (a thousand first syncs are another scenario).
    let mut seed = device(url, token);
    seed.pull_all().await?;
    let checkpoint = seed.store.checkpoint.clone();
    let mut tasks = Vec::new();
    for d in 0..devices {
        let (url, token, all, checkpoint) = (url.to_owned(), token.to_owned(), all.clone(), checkpoint.clone());
        tasks.push(tokio::spawn(async move {
            let mut client = device(&url, &token);
            client.store.checkpoint = checkpoint;
            // Spread the devices over the second.
            tokio::time::sleep(Duration::from_millis((d as u64 * 1000) / devices.max(1) as u64)).await;
            let mut latency = Latencies::default();
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            for _ in 0..seconds {
                tick.tick().await;
                let sent = Instant::now();
                client.pull().await?;
                latency.record(sent.elapsed());
            }
            all.lock().await.merge(&latency);
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let all = Arc::try_unwrap(all).map_err(|_| anyhow::anyhow!("latencies still shared"))?;
    Ok(all.into_inner())
}

/// A fresh device's first sync, page by page: records received, wall time,
/// and the time spent in requests (sent until the last byte of the page is
/// in and decompressed; the device's own parsing and storing are not in it).
pub async fn first_sync(url: &str, token: &str, limit: u32) -> anyhow::Result<(usize, Duration, Duration)> {
    /// What the device needs of a page to ask for the next one.
    #[derive(serde::Deserialize)]
    struct Page {
        changes: Vec<serde::de::IgnoredAny>,
        checkpoint: String,
        has_more: bool,
    }
    let http = http();
    let client_id = Uuid::new_v4();
    let started = Instant::now();
    let mut in_requests = Duration::ZERO;
    let mut records = 0;
    let mut checkpoint: Option<String> = None;
    loop {
        let request = sync_protocol::PullRequest { client_id, checkpoint: checkpoint.take(), limit: Some(limit) };
        let sent = Instant::now();
        let reply = http
            .post(format!("{url}/v1/sync/pull"))
            .bearer_auth(token)
            .header(sync_protocol::PROTOCOL_HEADER, "1")
            .json(&request)
            .send()
            .await?
            .error_for_status()?;
        let bytes = reply.bytes().await?;
        in_requests += sent.elapsed();
        let page: Page = serde_json::from_slice(&bytes)?;
        records += page.changes.len();
        checkpoint = Some(page.checkpoint);
        if !page.has_more {
            break;
        }
    }
    Ok((records, started.elapsed(), in_requests))
}

/// `connections` devices hold `GET /v1/sync/events`; a writer makes `changes`
/// single-mutation pushes 200 ms apart. Returns the time from sending each
/// push to each device's poke (an upper bound of change-to-poke: it includes
/// the push up to its commit), and the pushes' own latencies.
pub async fn live(
    url: &str,
    token: &str,
    site: Uuid,
    connections: usize,
    changes: usize,
) -> anyhow::Result<(Latencies, Latencies)> {
    let sent_at: Arc<Mutex<Vec<Instant>>> = Arc::new(Mutex::new(Vec::new()));
    let ready = Arc::new(tokio::sync::Barrier::new(connections + 1));
    let http = http();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let request =
            http.get(format!("{url}/v1/sync/events")).bearer_auth(token).header(sync_protocol::PROTOCOL_HEADER, "1");
        let (ready, sent_at) = (ready.clone(), sent_at.clone());
        tasks.push(tokio::spawn(async move {
            let mut response = request.send().await?.error_for_status()?;
            let mut latency = Latencies::default();
            let mut text = String::new();
            let mut seen = 0usize;
            let mut waiting = true;
            while seen < changes {
                let Ok(Ok(Some(chunk))) = tokio::time::timeout(Duration::from_secs(10), response.chunk()).await else {
                    break;
                };
                text.push_str(&String::from_utf8_lossy(&chunk));
                if waiting && text.contains("event: ready") {
                    waiting = false;
                    ready.wait().await;
                }
                while let Some(at) = text.find("event: poke") {
                    text.drain(..at + "event: poke".len());
                    if let Some(sent) = sent_at.lock().await.last() {
                        latency.record(sent.elapsed());
                    }
                    seen += 1;
                }
            }
            anyhow::Ok(latency)
        }));
    }
    ready.wait().await;
    let mut writer = device(url, token);
    let mut pushes = Latencies::default();
    for _ in 0..changes {
        writer.mutate(
            "inspection.create",
            json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": site}),
        );
        let sent = Instant::now();
        sent_at.lock().await.push(sent);
        writer.push().await?;
        pushes.record(sent.elapsed());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut all = Latencies::default();
    for task in tasks {
        all.merge(&task.await??);
    }
    Ok((all, pushes))
}

/// What holding many idle live connections cost the server.
pub struct IdleConnections {
    /// Connections that got their `ready` event.
    pub open: usize,
    /// Time to open them all.
    pub opening: Duration,
    /// Server RSS before, in MiB.
    pub before: f64,
    /// Server RSS with all of them open, after holding them `hold`.
    pub held: f64,
}

/// Opens `connections` `GET /v1/sync/events` streams, `parallel` at a time,
/// holds them all for `hold` (through heartbeats, if longer than 15 s), and
/// reads the server's memory.
pub async fn idle_sse(
    url: &str,
    token: &str,
    connections: usize,
    hold: Duration,
    rss: impl Fn() -> f64,
) -> anyhow::Result<IdleConnections> {
    let before = rss();
    let started = Instant::now();
    let gate = Arc::new(tokio::sync::Semaphore::new(200));
    let release = Arc::new(tokio::sync::Notify::new());
    let (opened, mut ready) = tokio::sync::mpsc::channel::<()>(connections.max(1));
    let mut tasks = Vec::with_capacity(connections);
    // A client of its own: the pool of the shared one must not hand these
    // connections to other requests, nor hold its lock for ten thousand of them.
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build()?;
    for _ in 0..connections {
        let request =
            http.get(format!("{url}/v1/sync/events")).bearer_auth(token).header(sync_protocol::PROTOCOL_HEADER, "1");
        let (gate, release, opened) = (gate.clone(), release.clone(), opened.clone());
        tasks.push(tokio::spawn(async move {
            let permit = gate.acquire_owned().await?;
            let mut response = request.send().await?.error_for_status()?;
            let mut text = String::new();
            while !text.contains("event: ready") {
                let chunk = response.chunk().await?.ok_or_else(|| anyhow::anyhow!("stream ended before ready"))?;
                text.push_str(&String::from_utf8_lossy(&chunk));
            }
            drop(permit);
            // Sent and dropped: once every task is holding or has failed, the count ends.
            opened.send(()).await?;
            drop(opened);
            // Hold the stream open, reading heartbeats, until told to stop.
            let released = release.notified();
            tokio::pin!(released);
            loop {
                tokio::select! {
                    _ = &mut released => break,
                    chunk = response.chunk() => if chunk?.is_none() { anyhow::bail!("stream ended while held") },
                }
            }
            anyhow::Ok(())
        }));
    }
    drop(opened);
    let mut open = 0;
    while open < connections && ready.recv().await.is_some() {
        open += 1;
    }
    let opening = started.elapsed();
    tokio::time::sleep(hold).await;
    let held = rss();
    release.notify_waiters();
    for task in tasks {
        task.await??;
    }
    Ok(IdleConnections { open, opening, before, held })
}
