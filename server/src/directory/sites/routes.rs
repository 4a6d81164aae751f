//! `/v1/admin/sites`: list, read, create and update construction sites.

use axum::{extract::State, http::StatusCode};
use sea_orm::{ColumnTrait, QueryFilter};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    entity,
    repo::{self, SiteChanges},
    validate::SiteInput,
    view::SiteView,
};
use crate::{
    app::AppState,
    auth::AuthUser,
    directory::regions,
    error::{ApiError, ApiResult},
    http::{
        json::{Json, Path, Query},
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
        paging::{self, Page, PageParams},
        validate::double_option,
    },
    policy::directory_admin,
    sync::Write,
};

/// The site routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_sites, create_site)).routes(routes!(get_site, update_site))
}

/// Filters of the site list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SiteFilter {
    /// Only sites in this region or below it.
    pub region_id: Option<Uuid>,
    /// Only sites built by this contractor company.
    pub contractor_id: Option<Uuid>,
    /// Only this status.
    pub status: Option<String>,
    /// Project name contains this text.
    pub q: Option<String>,
}

/// A new construction site.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSite {
    /// Project name.
    pub name: String,
    /// Address.
    pub address: String,
    /// WGS-84 latitude, -90 to 90 (with `longitude`).
    #[serde(default)]
    pub latitude: Option<f64>,
    /// WGS-84 longitude, -180 to 180 (with `latitude`).
    #[serde(default)]
    pub longitude: Option<f64>,
    /// `housing`, `municipal`, `transport`, `water`, `industrial` or `other`.
    pub project_type: String,
    /// The contractor company building it (an organisation of kind `contractor`).
    #[serde(default)]
    pub contractor_id: Option<Uuid>,
    /// The township or village it lies in, within the caller's scope.
    pub region_id: Uuid,
    /// Construction permit number (施工许可证号), unique when given.
    #[serde(default)]
    pub permit_number: Option<String>,
    /// The owner or developer (建设单位), printed on documents.
    #[serde(default)]
    pub owner_unit: Option<String>,
    /// The supervision company (监理单位), printed on documents.
    #[serde(default)]
    pub supervision_unit: Option<String>,
    /// `planned`, `active` (the default), `suspended` or `completed`.
    #[serde(default)]
    pub status: Option<String>,
}

/// Changes to a site. An absent field stays as it is; for the optional
/// fields `null` clears the value (and `""` clears the permit number).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateSite {
    /// New project name.
    pub name: Option<String>,
    /// New address.
    pub address: Option<String>,
    /// New latitude; `null` clears it (clear both coordinates together).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub latitude: Option<Option<f64>>,
    /// New longitude; `null` clears it (clear both coordinates together).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub longitude: Option<Option<f64>>,
    /// New project type.
    pub project_type: Option<String>,
    /// New contractor company; `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub contractor_id: Option<Option<Uuid>>,
    /// New township or village, within the caller's scope.
    pub region_id: Option<Uuid>,
    /// New permit number; `null` or `""` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub permit_number: Option<Option<String>>,
    /// New owner unit (建设单位); `null` or `""` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub owner_unit: Option<Option<String>>,
    /// New supervision unit (监理单位); `null` or `""` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub supervision_unit: Option<Option<String>>,
    /// New status.
    pub status: Option<String>,
    /// Disable (`true`) or enable (`false`).
    pub disabled: Option<bool>,
}

/// Lists the sites in the caller's scope.
#[utoipa::path(get, path = "/v1/admin/sites", tag = "directory", security(("bearer" = [])),
    params(SiteFilter, PageParams),
    responses((status = 200, body = Page<SiteView>),
        (status = 400, description = "Bad parameter (`invalid_parameter`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn list_sites(
    State(state): State<AppState>,
    user: AuthUser,
    Query(filter): Query<SiteFilter>,
    Query(page): Query<PageParams>,
) -> ApiResult<Json<Page<SiteView>>> {
    let admin = directory_admin(&user)?;
    let db = state.db.read();
    let mut select = repo::in_scope(admin.scope());
    if let Some(region_id) = filter.region_id {
        let below = regions::repo::below(db, admin.scope(), region_id).await?;
        select = below.restrict(select, entity::Column::RegionPath);
    }
    if let Some(contractor) = filter.contractor_id {
        select = select.filter(entity::Column::ContractorId.eq(contractor));
    }
    if let Some(status) = filter.status {
        select = select.filter(entity::Column::Status.eq(status));
    }
    if let Some(q) = filter.q.filter(|q| !q.trim().is_empty()) {
        select = select.filter(entity::Column::Name.contains(q.trim()));
    }
    let page = paging::fetch(db, select, entity::Column::Id, &page, |s| s.id).await?;
    Ok(Json(page.map(SiteView::from)))
}

/// Reads one site.
#[utoipa::path(get, path = "/v1/admin/sites/{id}", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Site id")),
    responses((status = 200, body = SiteView),
        (status = 404, description = "No such site in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn get_site(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<SiteView>> {
    let admin = directory_admin(&user)?;
    let site = repo::find_visible(state.db.read(), admin.scope(), id).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(site.into()))
}

/// Creates a site in a township or village of the caller's scope.
#[utoipa::path(post, path = "/v1/admin/sites", tag = "directory", security(("bearer" = [])),
    request_body = CreateSite,
    responses((status = 201, body = SiteView), BodyErrors, AuthErrors))]
pub async fn create_site(
    State(state): State<AppState>,
    user: AuthUser,
    Json(req): Json<CreateSite>,
) -> ApiResult<(StatusCode, Json<SiteView>)> {
    let admin = directory_admin(&user)?;
    let input = SiteInput {
        name: req.name,
        address: req.address,
        latitude: req.latitude,
        longitude: req.longitude,
        project_type: req.project_type,
        permit_number: req.permit_number,
        owner_unit: req.owner_unit,
        supervision_unit: req.supervision_unit,
        status: req.status,
    };
    let new = repo::validate_new(state.db.read(), &admin, &input, req.region_id, req.contractor_id).await?;
    let write = Write::begin(&state.db).await?;
    let site = repo::insert(&write, new).await?;
    state.sync.commit(write).await?;
    Ok((StatusCode::CREATED, Json(site.into())))
}

/// Updates a site in the caller's scope, or disables it.
#[utoipa::path(patch, path = "/v1/admin/sites/{id}", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Site id")), request_body = UpdateSite,
    responses((status = 200, body = SiteView),
        (status = 404, description = "No such site in scope (`not_found`)", body = ErrorEnvelopeDoc), BodyErrors, AuthErrors))]
pub async fn update_site(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
    Json(req): Json<UpdateSite>,
) -> ApiResult<Json<SiteView>> {
    let admin = directory_admin(&user)?;
    let changes = SiteChanges {
        name: req.name,
        address: req.address,
        latitude: req.latitude,
        longitude: req.longitude,
        project_type: req.project_type,
        contractor_id: req.contractor_id,
        region_id: req.region_id,
        permit_number: req.permit_number,
        owner_unit: req.owner_unit,
        supervision_unit: req.supervision_unit,
        status: req.status,
        disabled: req.disabled,
    };
    let write = Write::begin(&state.db).await?;
    let site = repo::update(&write, &admin, id, changes).await?;
    state.sync.commit(write).await?;
    Ok(Json(site.into()))
}
