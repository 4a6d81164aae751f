//! Growth: the latency of an incremental pull (one new record since the
//! device's checkpoint) with a small database, and again after the change
//! log has grown by a million records. The pull's cost should follow what
//! it returns, not what is stored.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::json;
use uuid::Uuid;

use crate::{
    fill,
    scenarios::{self, device},
    stats::Latencies,
};
use fieldsync::templates::seed::DUST_CONTROL_V1;

/// One database size's figures.
pub struct AtSize {
    /// Rows in the change log.
    pub log_rows: i64,
    /// Incremental pull latencies.
    pub latency: Latencies,
}

/// The figures before and after the fill, and the fresh device's first sync
/// of its share of the grown log.
pub struct Growth {
    /// With the demo data.
    pub small: AtSize,
    /// After the fill.
    pub large: AtSize,
    /// Records a fresh device received in its first sync after the fill.
    pub first_sync_records: usize,
    /// Time spent in its pull requests.
    pub first_sync_time: Duration,
    /// Time the fill took.
    pub fill_time: Duration,
}

/// Measures incremental pulls, fills the log with `records` inspections,
/// and measures again.
pub async fn growth(
    url: &str,
    database_url: &str,
    token: &str,
    site: Uuid,
    records: usize,
    rounds: usize,
) -> anyhow::Result<Growth> {
    let small =
        AtSize { log_rows: log_rows(database_url).await?, latency: incremental(url, token, site, rounds).await? };
    let filling = Instant::now();
    fill::synced_inspections(database_url, records).await?;
    let fill_time = filling.elapsed();
    // A device catching up with the grown log: its first sync, timed.
    let (first_sync_records, _, first_sync_time) = scenarios::first_sync(url, token, 5_000).await?;
    let large =
        AtSize { log_rows: log_rows(database_url).await?, latency: incremental(url, token, site, rounds).await? };
    Ok(Growth { small, large, first_sync_records, first_sync_time, fill_time })
}

/// A device that is up to date pulls after each of `rounds` single
/// inspections another device pushes: the latency of each such pull.
async fn incremental(url: &str, token: &str, site: Uuid, rounds: usize) -> anyhow::Result<Latencies> {
    let mut reader = device(url, token);
    reader.pull_all().await?;
    let mut writer = device(url, token);
    let mut latency = Latencies::default();
    for _ in 0..rounds {
        writer.mutate(
            "inspection.create",
            json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": site}),
        );
        writer.push().await?;
        let sent = Instant::now();
        let pulled = reader.pull().await?;
        latency.record(sent.elapsed());
        anyhow::ensure!(pulled.changes >= 1 && !pulled.has_more, "the reader did not receive the new inspection alone");
    }
    Ok(latency)
}

async fn log_rows(database_url: &str) -> anyhow::Result<i64> {
    let db = Database::connect(database_url).await?;
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT COUNT(*) AS n FROM sync_changes"))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no count"))?;
    Ok(row.try_get("", "n")?)
}
