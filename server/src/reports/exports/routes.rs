//! `/v1/reports/exports`: ask for a large CSV export, follow its progress,
//! download it when done. The work runs in the background, never in the
//! request, so an export of a year of a county cannot time out.

use axum::{
    body::Body,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::Response,
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{entity, file, params::ExportParams};
use crate::{
    app::AppState,
    auth::AuthUser,
    directory::regions,
    error::{ApiError, ApiResult},
    http::{
        json::{Json, Path},
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
    },
    policy,
};

/// The export routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_export)).routes(routes!(get_export)).routes(routes!(download_export))
}

/// An export and how far it got.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportView {
    /// Id.
    pub id: Uuid,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    /// Rows written.
    pub rows_done: i64,
    /// Rows in all, once counted.
    pub rows_total: Option<i64>,
    /// Share done, 0 to 1, once counted.
    pub progress: Option<f64>,
    /// Why it failed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub error: String,
    /// Where to download it, when done.
    pub download_url: Option<String>,
    /// When it was asked for.
    pub created_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<entity::Model> for ExportView {
    fn from(m: entity::Model) -> Self {
        let progress = m.rows_total.map(|total| if total == 0 { 1.0 } else { m.rows_done as f64 / total as f64 });
        ExportView {
            download_url: (m.state == "done").then(|| format!("/v1/reports/exports/{}/download", m.id)),
            id: m.id,
            state: m.state,
            rows_done: m.rows_done,
            rows_total: m.rows_total,
            progress,
            error: m.error,
            created_at: m.created_at,
            finished_at: m.finished_at,
        }
    }
}

/// Asks for an export of notices or inspections over a period in the
/// caller's region; answers at once with the job to follow.
#[utoipa::path(post, path = "/v1/reports/exports", tag = "reports", security(("bearer" = [])),
    request_body = ExportParams,
    responses((status = 202, body = ExportView),
        (status = 403, description = "Contractors have no exports (`forbidden`)", body = ErrorEnvelopeDoc),
        BodyErrors, AuthErrors))]
pub async fn create_export(
    State(state): State<AppState>,
    user: AuthUser,
    Json(params): Json<ExportParams>,
) -> ApiResult<(StatusCode, Json<ExportView>)> {
    let mut scope = policy::report_scope(&user)?;
    params.check()?;
    if let Some(region_id) = params.region_id {
        scope = regions::repo::below(state.db.read(), &scope, region_id).await?;
    }
    let job = entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        owner_id: Set(user.user_id),
        what: Set(params.what.as_str().to_owned()),
        params: Set(serde_json::to_string(&params).map_err(|e| ApiError::internal(e.to_string()))?),
        scope_pattern: Set(scope.like_pattern().unwrap_or_else(|| "%".into())),
        state: Set("queued".into()),
        rows_done: Set(0),
        rows_total: Set(None),
        error: Set(String::new()),
        claimed_by: Set(None),
        heartbeat_at: Set(None),
        created_at: Set(Utc::now()),
        finished_at: Set(None),
    }
    .insert(state.db.write())
    .await?;
    state.exports.notify_one();
    Ok((StatusCode::ACCEPTED, Json(job.into())))
}

async fn own(state: &AppState, user: &AuthUser, id: Uuid) -> ApiResult<entity::Model> {
    entity::Entity::find_by_id(id)
        .one(state.db.read())
        .await?
        .filter(|job| job.owner_id == user.user_id)
        .ok_or_else(ApiError::not_found)
}

/// How far an export got.
#[utoipa::path(get, path = "/v1/reports/exports/{id}", tag = "reports", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Export id")),
    responses((status = 200, body = ExportView),
        (status = 404, description = "No such export of yours (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn get_export(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ExportView>> {
    Ok(Json(own(&state, &user, id).await?.into()))
}

/// Downloads a finished export (CSV).
#[utoipa::path(get, path = "/v1/reports/exports/{id}/download", tag = "reports", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Export id")),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 404, description = "No such export of yours, or not finished (`not_found`)", body = ErrorEnvelopeDoc),
        AuthErrors))]
pub async fn download_export(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let job = own(&state, &user, id).await?;
    if job.state != "done" {
        return Err(ApiError::not_found());
    }
    let object = state.blobs.store.get(&file::key(id), None).await?;
    let mut response =
        crate::http::csv_out::attachment(Body::from_stream(object.body), &format!("{}-{id}.csv", job.what));
    response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(object.len));
    Ok(response)
}
