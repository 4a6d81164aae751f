//! Liveness and readiness probes.

use axum::{extract::State, http::StatusCode};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{app::AppState, http::json::Json};

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
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok", database: None, blob_store: None })
}

/// The process can serve: its database answers. A photo store that does not
/// answer makes it `degraded`, still ready (records keep syncing).
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, description = "Ready (`ok` or `degraded`)", body = Health),
        (status = 503, description = "The database is unavailable", body = Health)))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let (database, store_ok) = tokio::join!(state.db.ping(), state.blobs.healthy());
    let blob_store = Some(if store_ok { "ok" } else { "degraded" });
    match database {
        Ok(()) => {
            let status = if store_ok { "ok" } else { "degraded" };
            (StatusCode::OK, Json(Health { status, database: Some("ok"), blob_store }))
        }
        Err(err) => {
            tracing::warn!(error.cause = %err, "readiness: database unavailable");
            let health = Health { status: "unavailable", database: Some("unavailable"), blob_store };
            (StatusCode::SERVICE_UNAVAILABLE, Json(health))
        }
    }
}
