//! Periodic background jobs (overdue notices, change-log compaction, photo
//! cleanup) with any number of server processes on one database.
//!
//! Each process runs a loop per job, but a run happens only in the process
//! that takes the job's turn in the shared `job_schedule` table, so the work
//! is done about once per period in all, not once per process. The jobs are
//! also safe to run twice at once (their writes are conditional), so a clock
//! that drifts or a run longer than its period costs only duplicate work.
//! Work handed out item by item (exports, webhook deliveries) is claimed per
//! item instead, by its own worker.

mod background;
pub mod schedule;

use std::{future::Future, time::Duration};

use chrono::Utc;
use uuid::Uuid;

pub use background::Background;

use crate::db::Db;

/// Runs `job` about once per `period` across all processes, until the
/// process stops (a run under way is finished first).
pub fn every<F, Fut>(db: Db, name: &'static str, period: Duration, background: &Background, mut job: F)
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let owner = Uuid::new_v4();
    let stop = background.token();
    background.spawn(async move {
        loop {
            match schedule::take_turn(&db, name, owner, period, Utc::now()).await {
                Ok(true) => job().await,
                Ok(false) => {}
                Err(err) => tracing::warn!(job.name = name, error.cause = %err, "job schedule not readable"),
            }
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = tokio::time::sleep(period) => {}
            }
        }
    });
}
