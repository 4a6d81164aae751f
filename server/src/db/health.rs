//! What this process's writes last met: a full disk or nothing. A write
//! refused for a full disk marks it; the next write that commits clears it,
//! so the server recovers by itself once there is room. `/readyz` reports it.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use chrono::{DateTime, Utc};

/// The state of this process's writes, shared by every clone of the database.
#[derive(Debug, Clone, Default)]
pub struct Writer {
    /// When a write was last refused for a full disk (Unix milliseconds; 0: it was not, or a write succeeded since).
    full_since: Arc<AtomicI64>,
}

/// What [`Writer::state`] tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriterState {
    /// Writes commit.
    Ok,
    /// Writes have been refused for a full disk since this time.
    Full(DateTime<Utc>),
}

impl Writer {
    /// A write was refused: the disk is full. Keeps the first time it happened.
    pub fn full(&self) {
        let now = Utc::now().timestamp_millis().max(1);
        let _ = self.full_since.compare_exchange(0, now, Ordering::AcqRel, Ordering::Acquire);
    }

    /// A write committed: there is room again.
    pub fn committed(&self) {
        if self.full_since.load(Ordering::Acquire) != 0 {
            self.full_since.store(0, Ordering::Release);
            tracing::info!("database writes commit again");
        }
    }

    /// The current state.
    pub fn state(&self) -> WriterState {
        match self.full_since.load(Ordering::Acquire) {
            0 => WriterState::Ok,
            millis => WriterState::Full(DateTime::from_timestamp_millis(millis).unwrap_or_default()),
        }
    }
}

/// Middleware: a request refused with `storage_full` marks the writer full.
pub async fn watch_writes(
    axum::extract::State(db): axum::extract::State<super::Db>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let response = next.run(request).await;
    if crate::error::code_of(&response) == Some(sync_protocol::ErrorCode::StorageFull) {
        db.writer().full();
    }
    response
}
