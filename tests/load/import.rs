//! The import scenario: an admin imports a large sites file while a device
//! keeps pushing, then a file of bad rows. Figures: the import's time, the
//! device's push latency meanwhile, the server's peak memory and the size of
//! the error answer.

use std::time::{Duration, Instant};

use serde_json::json;
use uuid::Uuid;

use crate::stats::Latencies;
use fieldsync::templates::seed::DUST_CONTROL_V1;

/// The demo's first town, where the sites go.
const TOWN: &str = "130534100";

/// What one import did.
pub struct Imported {
    /// HTTP status of the answer.
    pub status: u16,
    /// Bytes of the answer.
    pub answer_bytes: usize,
    /// Bytes of the file.
    pub file_bytes: usize,
    /// Wall time of the import call.
    pub elapsed: Duration,
    /// Latency of the device's pushes during it.
    pub pushes: Latencies,
    /// Highest server RSS seen during it, in MiB.
    pub peak_rss_mib: f64,
}

/// A sites file of `rows` rows; `bad` rows name an unknown region.
fn file(rows: usize, bad: bool) -> Vec<u8> {
    let region = if bad { "999999" } else { TOWN };
    let mut text = String::from("name,address,project_type,region_code\n");
    for n in 0..rows {
        text.push_str(&format!("S{n},R,water,{region}\n"));
    }
    text.into_bytes()
}

/// Imports `rows` sites (bad ones if `bad`) as `admin` while a device of
/// `inspector` pushes one inspection every 200 ms on `site`.
pub async fn run(
    url: &str,
    admin: &str,
    inspector: &str,
    site: Uuid,
    rows: usize,
    bad: bool,
    rss: impl Fn() -> f64 + Send + 'static,
) -> anyhow::Result<Imported> {
    let body = file(rows, bad);
    let file_bytes = body.len();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        tokio::spawn(async move {
            let mut peak: f64 = 0.0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                peak = peak.max(rss());
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            peak
        })
    };
    let pusher = {
        let (done, mut device) = (done.clone(), crate::scenarios::device(url, inspector));
        tokio::spawn(async move {
            let mut latencies = Latencies::default();
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                device.mutate(
                    "inspection.create",
                    json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "site_id": site}),
                );
                let sent = Instant::now();
                device.push().await?;
                latencies.record(sent.elapsed());
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            anyhow::Ok(latencies)
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    let reply = crate::scenarios::http()
        .post(format!("{url}/v1/admin/sites/import"))
        .bearer_auth(admin)
        .header("content-type", "text/csv")
        .body(body)
        .timeout(Duration::from_secs(1800))
        .send()
        .await?;
    let status = reply.status().as_u16();
    let answer = reply.bytes().await?;
    let elapsed = started.elapsed();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let pushes = pusher.await??;
    let peak_rss_mib = sampler.await?;
    anyhow::ensure!(bad || status == 200, "import answered {status}: {}", String::from_utf8_lossy(&answer));
    Ok(Imported { status, answer_bytes: answer.len(), file_bytes, elapsed, pushes, peak_rss_mib })
}
