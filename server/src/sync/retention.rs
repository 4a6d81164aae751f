//! Change-log retention. Live rows are the current state and stay; rows of
//! deleted records (and of records that left a scope) are dropped once older
//! than the retention period. `purged_through` remembers the newest version
//! dropped: a device whose checkpoint is older gets `must_resync`, never a
//! silently partial answer.

use std::time::Duration;

use crate::jobs::Background;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Statement};

use super::entity::{change, mutation};
use crate::{db::Db, http::metrics::Metrics};

/// What one compaction did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compacted {
    /// Rows dropped.
    pub dropped: u64,
    /// Deletions at or below this version are gone.
    pub purged_through: u64,
}

/// Drops the deletions changed before `before`, in one transaction with the
/// new `purged_through` (pulls read both in one snapshot).
pub async fn compact(db: &Db, before: DateTime<Utc>) -> Result<Compacted, DbErr> {
    // The answers kept for retried pushes go too: a push retried after that long
    // gets `applied` without the original details.
    mutation::Entity::delete_many().filter(mutation::Column::ProcessedAt.lt(before)).exec(db.write()).await?;
    let txn = db.begin().await?;
    let newest: Option<i64> = change::Entity::find()
        .select_only()
        .column_as(change::Column::Version.max(), "newest")
        .filter(change::Column::Deleted.eq(true))
        .filter(change::Column::ChangedAt.lt(before))
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    let Some(newest) = newest else {
        txn.commit().await?;
        return Ok(Compacted { dropped: 0, purged_through: 0 });
    };
    // Drop every deletion up to that version, so no older one survives the horizon.
    let dropped = change::Entity::delete_many()
        .filter(change::Column::Deleted.eq(true))
        .filter(change::Column::Version.lte(newest))
        .exec(&txn)
        .await?
        .rows_affected;
    let backend = txn.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "UPDATE sync_state SET purged_through = GREATEST(purged_through, $1) WHERE id = 1"
        }
        _ => "UPDATE sync_state SET purged_through = MAX(purged_through, ?) WHERE id = 1",
    };
    txn.execute_raw(Statement::from_sql_and_values(backend, sql, [newest.into()])).await?;
    txn.commit().await?;
    Ok(Compacted { dropped, purged_through: newest as u64 })
}

/// Compacts about once per `every` across all processes, and keeps this
/// process's change-log size metrics, until `stop`.
pub fn spawn(db: Db, metrics: std::sync::Arc<Metrics>, retention: Duration, every: Duration, background: &Background) {
    let compactor = db.clone();
    crate::jobs::every(db.clone(), "sync.compaction", every, background, move || {
        let db = compactor.clone();
        async move {
            let before = Utc::now() - chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::days(30));
            match compact(&db, before).await {
                Ok(done) if done.dropped > 0 => {
                    tracing::info!(rows = done.dropped, purged_through = done.purged_through, "change log compacted")
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(error.cause = %err, "change-log compaction failed"),
            }
        }
    });
    // Every process reports the size it sees: a scrape of any of them is current.
    let stop = background.token();
    background.spawn(async move {
        loop {
            if let (Ok(rows), Ok(tombstones)) = (
                change::Entity::find().count(db.read()).await,
                change::Entity::find().filter(change::Column::Deleted.eq(true)).count(db.read()).await,
            ) {
                metrics.sync_log_rows.set(rows as i64);
                metrics.sync_tombstones.set(tombstones as i64);
            }
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = tokio::time::sleep(every) => {}
            }
        }
    });
}
