//! Liveness and readiness probes.

use axum::{extract::State, http::StatusCode};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{app::AppState, db::WriterState, http::json::Json};

/// The answer of a health probe.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`; `degraded` when only the photo store is down (records still
    /// sync, photo uploads answer `storage_unavailable`); `unavailable` when
    /// the database does not answer.
    pub status: &'static str,
    /// State of each dependency (`ok` or `unavailable`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<&'static str>,
    /// State of the photo store (`ok` or `degraded`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blob_store: Option<&'static str>,
    /// State of this process's writes: `ok`, or `full` when the database
    /// refused the last writes for lack of room (the server is then
    /// `unavailable`; it recovers by itself once a write commits again).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub writer: Option<&'static str>,
    /// Since when writes have been refused for lack of room.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub writer_full_since: Option<chrono::DateTime<chrono::Utc>>,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok", database: None, blob_store: None, writer: None, writer_full_since: None })
}

/// The process can serve: its database answers (within a second, never the
/// pool's timeout) and takes writes. A photo store that does not answer makes
/// it `degraded`, still ready (records keep syncing).
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, description = "Ready (`ok` or `degraded`)", body = Health),
        (status = 503, description = "The database is unavailable or full", body = Health)))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let (database, store_ok) = tokio::join!(state.db.ping(), state.blobs.healthy());
    let blob_store = Some(if store_ok { "ok" } else { "degraded" });
    let full_since = match state.db.writer().state() {
        WriterState::Ok => None,
        WriterState::Full(since) => Some(since),
    };
    let writer = Some(if full_since.is_some() { "full" } else { "ok" });
    let health = |status, database| Health { status, database, blob_store, writer, writer_full_since: full_since };
    match database {
        Ok(()) if full_since.is_none() => {
            let status = if store_ok { "ok" } else { "degraded" };
            (StatusCode::OK, Json(health(status, Some("ok"))))
        }
        Ok(()) => (StatusCode::SERVICE_UNAVAILABLE, Json(health("unavailable", Some("ok")))),
        Err(err) => {
            tracing::warn!(error.cause = %err, "readiness: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(health("unavailable", Some("unavailable"))))
        }
    }
}
