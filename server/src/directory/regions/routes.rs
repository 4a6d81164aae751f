//! `/v1/admin/regions`: list, read, create and update regions.

use axum::{extract::State, http::StatusCode};
use sea_orm::{ColumnTrait, QueryFilter};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    entity,
    repo::{self, NewRegion, RegionChanges},
    view::{Level, RegionView},
};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult, Reason},
    http::{
        json::{Json, Path, Query},
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
        paging::{self, Page, PageParams},
        validate::Check,
    },
    policy::directory_admin,
    sync::Write,
};

/// The region routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_regions, create_region)).routes(routes!(get_region, update_region))
}

/// Filters of the region list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionFilter {
    /// Only the children of this region.
    pub parent_id: Option<Uuid>,
    /// Only this level.
    pub level: Option<String>,
    /// Name contains this text.
    pub q: Option<String>,
}

/// A new region.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRegion {
    /// Parent: a county for a township, a township for a village; none for a county.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// `county`, `township` or `village`.
    pub level: String,
    /// Administrative division code, unique.
    pub code: String,
    /// Name.
    pub name: String,
}

/// Changes to a region; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRegion {
    /// New code.
    pub code: Option<String>,
    /// New name.
    pub name: Option<String>,
    /// Disable or enable.
    pub disabled: Option<bool>,
}

/// Lists the regions in the caller's scope.
#[utoipa::path(get, path = "/v1/admin/regions", tag = "directory", security(("bearer" = [])),
    params(RegionFilter, PageParams),
    responses((status = 200, body = Page<RegionView>),
        (status = 400, description = "Bad parameter (`invalid_parameter`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn list_regions(
    State(state): State<AppState>,
    user: AuthUser,
    Query(filter): Query<RegionFilter>,
    Query(page): Query<PageParams>,
) -> ApiResult<Json<Page<RegionView>>> {
    let admin = directory_admin(&user)?;
    let mut select = repo::in_scope(admin.scope());
    if let Some(parent) = filter.parent_id {
        select = select.filter(entity::Column::ParentId.eq(parent));
    }
    if let Some(level) = filter.level {
        select = select.filter(entity::Column::Level.eq(level));
    }
    if let Some(q) = filter.q.filter(|q| !q.trim().is_empty()) {
        select = select.filter(entity::Column::Name.contains(q.trim()));
    }
    let page = paging::fetch(state.db.read(), select, entity::Column::Id, &page, |r| r.id).await?;
    Ok(Json(page.map(RegionView::from)))
}

/// Reads one region.
#[utoipa::path(get, path = "/v1/admin/regions/{id}", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Region id")),
    responses((status = 200, body = RegionView),
        (status = 404, description = "No such region in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn get_region(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<RegionView>> {
    let admin = directory_admin(&user)?;
    let region = repo::find_visible(state.db.read(), admin.scope(), id).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(region.into()))
}

/// Creates a region. Admins create counties; supervisors create townships
/// and villages within their county.
#[utoipa::path(post, path = "/v1/admin/regions", tag = "directory", security(("bearer" = [])),
    request_body = CreateRegion,
    responses((status = 201, body = RegionView),
        (status = 409, description = "Code taken (`already_exists`)", body = ErrorEnvelopeDoc), BodyErrors, AuthErrors))]
pub async fn create_region(
    State(state): State<AppState>,
    user: AuthUser,
    Json(req): Json<CreateRegion>,
) -> ApiResult<(StatusCode, Json<RegionView>)> {
    let admin = directory_admin(&user)?;
    let mut check = Check::new();
    let level = Level::parse(req.level.trim());
    if level.is_none() {
        check.fail("level", Reason::NotAllowed { allowed: Level::NAMES });
    }
    let code = check.text("code", &req.code, 32);
    let name = check.text("name", &req.name, 100);
    check.finish()?;
    let new = NewRegion { parent_id: req.parent_id, level: level.ok_or_else(ApiError::forbidden)?, code, name };
    let write = Write::begin(&state.db).await?;
    let region = repo::create(&write, &admin, new).await?;
    state.sync.commit(write).await?;
    Ok((StatusCode::CREATED, Json(region.into())))
}

/// Updates a region (its parent cannot change).
#[utoipa::path(patch, path = "/v1/admin/regions/{id}", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Region id")), request_body = UpdateRegion,
    responses((status = 200, body = RegionView),
        (status = 404, description = "No such region in scope (`not_found`)", body = ErrorEnvelopeDoc),
        (status = 409, description = "Code taken (`already_exists`)", body = ErrorEnvelopeDoc), BodyErrors, AuthErrors))]
pub async fn update_region(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
    Json(req): Json<UpdateRegion>,
) -> ApiResult<Json<RegionView>> {
    let admin = directory_admin(&user)?;
    let mut check = Check::new();
    let changes = RegionChanges {
        code: req.code.as_deref().map(|c| check.text("code", c, 32)),
        name: req.name.as_deref().map(|n| check.text("name", n, 100)),
        disabled: req.disabled,
    };
    check.finish()?;
    let write = Write::begin(&state.db).await?;
    let region = repo::update(&write, &admin, id, changes).await?;
    state.sync.commit(write).await?;
    Ok(Json(region.into()))
}
