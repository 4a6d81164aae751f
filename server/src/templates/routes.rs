//! `/v1/admin/templates` (admins write and publish versions) and
//! `/v1/templates` (bureau staff read them).

use axum::{extract::State, http::StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    entity::{self, Entity as Templates},
    record,
    repo::{self, NewTemplate},
    status::Status,
    view::TemplateView,
};
use crate::{
    app::AppState,
    audit,
    auth::AuthUser,
    error::{ApiError, ApiResult},
    http::{
        json::{Json, Path, Query},
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
        paging::{self, Page, PageParams},
    },
    policy::{self, template_admin},
    sync::Write,
};

/// The template routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_template))
        .routes(routes!(publish_template))
        .routes(routes!(list_templates))
        .routes(routes!(get_template))
}

/// A new draft: version 1 of a new code, or the next version of a code.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTemplate {
    /// `dust_control`, `quality_safety` or `rural_appraisal`.
    pub kind: String,
    /// Code shared by the versions, e.g. `six_100`: 1–64 of `a-z0-9_`.
    pub code: String,
    /// Sections and items (see the sync protocol spec, "Checklist templates").
    #[schema(value_type = Object)]
    pub body: Value,
}

/// Filters of the template list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TemplateFilter {
    /// Only this kind.
    pub kind: Option<String>,
    /// Only this code.
    pub code: Option<String>,
    /// `published` (default), `retired`, or (admins) `draft`.
    pub status: Option<String>,
}

/// Creates a draft version; it is checked now and again when published.
#[utoipa::path(post, path = "/v1/admin/templates", tag = "templates", security(("bearer" = [])),
    request_body = CreateTemplate,
    responses((status = 201, body = TemplateView), BodyErrors, AuthErrors))]
pub async fn create_template(
    State(state): State<AppState>,
    user: AuthUser,
    Json(req): Json<CreateTemplate>,
) -> ApiResult<(StatusCode, Json<TemplateView>)> {
    let admin = template_admin(&user)?;
    let write = Write::begin(&state.db).await?;
    let draft =
        repo::create_draft(&write, &admin, NewTemplate { kind: req.kind, code: req.code, body: req.body }).await?;
    state.sync.commit(write).await?;
    Ok((StatusCode::CREATED, Json(TemplateView::from(&draft))))
}

/// Publishes a draft: it becomes the current version of its code, the
/// previous one is retired, and devices receive both. Never changed after.
#[utoipa::path(post, path = "/v1/admin/templates/{id}/publish", tag = "templates", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Template version id")),
    responses((status = 200, body = TemplateView),
        (status = 404, description = "No such template (`not_found`)", body = ErrorEnvelopeDoc),
        (status = 409, description = "Not a draft, or a newer version is published (`invalid_transition`)", body = ErrorEnvelopeDoc),
        (status = 422, description = "The body breaks a rule (`validation_failed`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn publish_template(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<TemplateView>> {
    let admin = template_admin(&user)?;
    let write = Write::begin(&state.db).await?;
    let published = repo::publish(&write, &admin, id).await?;
    let detail = json!({ "code": published.code, "version": published.version });
    audit::record(write.db(), Some(&user), record::RECORD_TYPE, published.id, "publish", detail).await?;
    state.sync.commit(write).await?;
    Ok(Json(TemplateView::from(&published)))
}

/// Lists template versions, published ones unless asked otherwise.
#[utoipa::path(get, path = "/v1/templates", tag = "templates", security(("bearer" = [])),
    params(TemplateFilter, PageParams),
    responses((status = 200, body = Page<TemplateView>),
        (status = 400, description = "Bad parameter (`invalid_parameter`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn list_templates(
    State(state): State<AppState>,
    user: AuthUser,
    Query(filter): Query<TemplateFilter>,
    Query(page): Query<PageParams>,
) -> ApiResult<Json<Page<TemplateView>>> {
    if !policy::may_read_templates(&user) {
        return Err(ApiError::forbidden());
    }
    let status = match filter.status.as_deref().map(Status::parse) {
        None => Status::Published,
        Some(Some(Status::Draft)) if !policy::may_read_drafts(&user) => return Err(ApiError::forbidden()),
        Some(Some(status)) => status,
        Some(None) => return Err(ApiError::new(sync_protocol::ErrorCode::InvalidParameter)),
    };
    let mut select = Templates::find().filter(entity::Column::Status.eq(status.as_str()));
    if let Some(kind) = filter.kind {
        select = select.filter(entity::Column::Kind.eq(kind));
    }
    if let Some(code) = filter.code {
        select = select.filter(entity::Column::Code.eq(code));
    }
    let page = paging::fetch(state.db.read(), select, entity::Column::Id, &page, |t| t.id).await?;
    Ok(Json(page.map(|t| TemplateView::from(&t))))
}

/// Reads one template version (drafts: admins only).
#[utoipa::path(get, path = "/v1/templates/{id}", tag = "templates", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Template version id")),
    responses((status = 200, body = TemplateView),
        (status = 404, description = "No such template visible to you (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn get_template(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<TemplateView>> {
    let found = Templates::find_by_id(id).one(state.db.read()).await?.ok_or_else(ApiError::not_found)?;
    let draft = found.status == Status::Draft.as_str();
    if !policy::may_read_templates(&user) || (draft && !policy::may_read_drafts(&user)) {
        return Err(ApiError::not_found());
    }
    Ok(Json(TemplateView::from(&found)))
}
