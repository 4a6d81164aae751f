//! The notice scenarios: issuing many notices at once (numbers stay
//! gap-free), and the daily report over a county with a year of work.

use std::time::{Duration, Instant};

use serde_json::json;
use sync_protocol::{MutationStatus, client::Client};
use uuid::Uuid;

use crate::stats::Latencies;

/// What issuing did.
pub struct Issued {
    /// Notices issued.
    pub count: usize,
    /// Wall time of the issuing (drafts excluded).
    pub elapsed: Duration,
    /// Whether the numbers were 1..=count without gaps or duplicates.
    pub gap_free: bool,
    /// Latency of each issuing push.
    pub latency: Latencies,
}

/// Writes `count` drafts, then issues them all from `concurrency` devices at once.
pub async fn issue(url: &str, token: &str, site: Uuid, count: usize, concurrency: usize) -> anyhow::Result<Issued> {
    let mut writer = crate::scenarios::device(url, token);
    let mut ids = Vec::with_capacity(count);
    for chunk in 0..count.div_ceil(250) {
        for _ in 0..250.min(count - chunk * 250) {
            let id = Uuid::new_v4();
            writer.mutate(
                "notice.create",
                json!({
                    "id": id, "kind": "rectification", "site_id": site, "deadline_days": 3,
                    "findings": [{"text": "Bare soil not covered", "location": "gate", "clause": "Art. 6"}],
                    "required_actions": "Cover it."
                }),
            );
            ids.push(id);
        }
        writer.push().await?;
    }
    // Each device is an inspector's phone, registered once, issuing its share
    // one notice per push, as fast as the server answers.
    let http = crate::scenarios::http();
    let share = count.div_ceil(concurrency.max(1));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for ids in ids.chunks(share).map(<[Uuid]>::to_vec) {
        let mut device = Client::over(http.clone(), url.to_owned(), token.to_owned(), Uuid::new_v4());
        tasks.push(tokio::spawn(async move {
            let mut issued = Vec::with_capacity(ids.len());
            for id in ids {
                device.mutate("notice.issue", json!({"id": id}));
                let sent = Instant::now();
                let results = device.push().await?;
                let took = sent.elapsed();
                let result = results.into_iter().next().filter(|r| r.status == MutationStatus::Applied);
                let number = result.and_then(|r| r.result).and_then(|v| v["number"].as_str().map(str::to_owned));
                issued.push((number.ok_or_else(|| anyhow::anyhow!("notice {id} not issued"))?, took));
            }
            anyhow::Ok(issued)
        }));
    }
    let mut seqs = Vec::with_capacity(count);
    let mut latency = Latencies::default();
    for task in tasks {
        for (number, took) in task.await?? {
            latency.record(took);
            seqs.push(number.split_once('-').and_then(|(_, s)| s.parse::<usize>().ok()).unwrap_or(0));
        }
    }
    let elapsed = started.elapsed();
    seqs.sort_unstable();
    let first = seqs.first().copied().unwrap_or(1);
    let gap_free = seqs.iter().enumerate().all(|(i, s)| *s == first + i);
    Ok(Issued { count: seqs.len(), elapsed, gap_free, latency })
}

/// Times `rounds` daily reports over the whole county, each for a day of
/// the past year.
pub async fn daily_reports(url: &str, token: &str, rounds: usize, period: &str) -> anyhow::Result<Latencies> {
    let http = crate::scenarios::http();
    let today = chrono::Utc::now().date_naive();
    let mut latency = Latencies::default();
    for i in 0..rounds {
        let day = today - chrono::Days::new((i * 37 % 365) as u64);
        let sent = Instant::now();
        let reply = http.get(format!("{url}/v1/reports/{period}?date={day}")).bearer_auth(token).send().await?;
        let reply = reply.error_for_status()?;
        let _ = reply.bytes().await?;
        latency.record(sent.elapsed());
    }
    Ok(latency)
}
