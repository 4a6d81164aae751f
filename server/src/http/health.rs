//! Liveness and readiness probes.

use axum::{extract::State, http::StatusCode};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{app::AppState, http::json::Json};

/// The answer of a health probe.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`, or `unavailable` when a dependency does not answer.
    pub status: &'static str,
    /// State of each dependency (`ok` or `unavailable`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<&'static str>,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok", database: None })
}

/// The process can serve: its database answers.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, body = Health), (status = 503, description = "A dependency is unavailable", body = Health)))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, Json(Health { status: "ok", database: Some("ok") })),
        Err(err) => {
            tracing::warn!(error.cause = %err, "readiness: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", database: Some("unavailable") }))
        }
    }
}
