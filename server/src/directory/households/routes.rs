//! `/v1/admin/households`: list, read, create and update rural households.

use axum::{extract::State, http::StatusCode};
use sea_orm::{ColumnTrait, QueryFilter};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    appraisals::{self, AppraisalView},
    entity,
    repo::{self, HouseholdChanges},
    validate::HouseholdInput,
    view::HouseholdView,
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

/// The household routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_households, create_household))
        .routes(routes!(get_household, update_household))
        .routes(routes!(list_household_appraisals))
}

/// Filters of the household list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HouseholdFilter {
    /// Only households in this region or below it.
    pub region_id: Option<Uuid>,
    /// Only this category.
    pub category: Option<String>,
    /// Only this safety grade.
    pub grade: Option<String>,
    /// Head name contains this text.
    pub q: Option<String>,
}

/// A new rural household.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateHousehold {
    /// Name of the household head.
    pub head_name: String,
    /// Resident ID number of the head: 17 digits and a check digit or `X`; unique.
    pub id_number: String,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// The village, within the caller's scope.
    pub region_id: Uuid,
    /// `minimum_allowance` (低保户), `scattered_support_extremely_poor` (分散供养特困人员),
    /// `poverty_return_risk` (易返贫致贫户), `sudden_difficulty` (突发严重困难户),
    /// `marginal_minimum_allowance` (低保边缘家庭), `other_poverty_alleviated` (其他脱贫户)
    /// or `general` (一般户).
    pub category: String,
    /// Current safety grade `A`, `B`, `C` or `D`.
    #[serde(default)]
    pub grade: Option<String>,
    /// Address.
    #[serde(default)]
    pub address: Option<String>,
    /// Number of members, 1 to 50.
    #[serde(default)]
    pub members: Option<i64>,
}

/// Changes to a household. An absent field stays as it is; for the
/// optional fields `null` (or `""` for the texts) clears the value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateHousehold {
    /// New head name.
    pub head_name: Option<String>,
    /// New ID number.
    pub id_number: Option<String>,
    /// New phone; `null` or `""` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    /// New village, within the caller's scope.
    pub region_id: Option<Uuid>,
    /// New category.
    pub category: Option<String>,
    /// New grade; `null` or `""` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub grade: Option<Option<String>>,
    /// New address; `null` or `""` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub address: Option<Option<String>>,
    /// New number of members; `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub members: Option<Option<i64>>,
    /// Disable (`true`) or enable (`false`).
    pub disabled: Option<bool>,
}

/// Lists the households in the caller's scope.
#[utoipa::path(get, path = "/v1/admin/households", tag = "directory", security(("bearer" = [])),
    params(HouseholdFilter, PageParams),
    responses((status = 200, body = Page<HouseholdView>),
        (status = 400, description = "Bad parameter (`invalid_parameter`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn list_households(
    State(state): State<AppState>,
    user: AuthUser,
    Query(filter): Query<HouseholdFilter>,
    Query(page): Query<PageParams>,
) -> ApiResult<Json<Page<HouseholdView>>> {
    let admin = directory_admin(&user)?;
    let db = state.db.read();
    let mut select = repo::in_scope(admin.scope());
    if let Some(region_id) = filter.region_id {
        let below = regions::repo::below(db, admin.scope(), region_id).await?;
        select = below.restrict(select, entity::Column::RegionPath);
    }
    if let Some(category) = filter.category {
        select = select.filter(entity::Column::Category.eq(category));
    }
    if let Some(grade) = filter.grade {
        select = select.filter(entity::Column::Grade.eq(grade));
    }
    if let Some(q) = filter.q.filter(|q| !q.trim().is_empty()) {
        select = select.filter(entity::Column::HeadName.contains(q.trim()));
    }
    let page = paging::fetch(db, select, entity::Column::Id, &page, |h| h.id).await?;
    Ok(Json(page.map(HouseholdView::from)))
}

/// Reads one household.
#[utoipa::path(get, path = "/v1/admin/households/{id}", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Household id")),
    responses((status = 200, body = HouseholdView),
        (status = 404, description = "No such household in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn get_household(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<HouseholdView>> {
    let admin = directory_admin(&user)?;
    let household = repo::find_visible(state.db.read(), admin.scope(), id).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(household.into()))
}

/// Lists a household's finished rural appraisals, newest appraisal time
/// first: which one gives the current grade, which waits for review, and
/// the older ones kept as history.
#[utoipa::path(get, path = "/v1/admin/households/{id}/appraisals", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Household id")),
    responses((status = 200, body = Vec<AppraisalView>),
        (status = 404, description = "No such household in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn list_household_appraisals(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<AppraisalView>>> {
    let admin = directory_admin(&user)?;
    let db = state.db.read();
    let household = repo::find_visible(db, admin.scope(), id).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(appraisals::history(db, &household).await?))
}

/// Creates a household in a village of the caller's scope.
#[utoipa::path(post, path = "/v1/admin/households", tag = "directory", security(("bearer" = [])),
    request_body = CreateHousehold,
    responses((status = 201, body = HouseholdView),
        (status = 409, description = "ID number stored meanwhile (`already_exists`)", body = ErrorEnvelopeDoc), BodyErrors, AuthErrors))]
pub async fn create_household(
    State(state): State<AppState>,
    user: AuthUser,
    Json(req): Json<CreateHousehold>,
) -> ApiResult<(StatusCode, Json<HouseholdView>)> {
    let admin = directory_admin(&user)?;
    let input = HouseholdInput {
        head_name: req.head_name,
        id_number: req.id_number,
        phone: req.phone,
        category: req.category,
        grade: req.grade,
        address: req.address,
        members: req.members,
    };
    let new = repo::validate_new(state.db.read(), &admin, &input, req.region_id).await?;
    let write = Write::begin(&state.db).await?;
    let household = repo::insert(&write, new).await?;
    state.sync.commit(write).await?;
    Ok((StatusCode::CREATED, Json(household.into())))
}

/// Updates a household in the caller's scope, or disables it.
#[utoipa::path(patch, path = "/v1/admin/households/{id}", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Household id")), request_body = UpdateHousehold,
    responses((status = 200, body = HouseholdView),
        (status = 404, description = "No such household in scope (`not_found`)", body = ErrorEnvelopeDoc),
        (status = 409, description = "ID number stored meanwhile (`already_exists`)", body = ErrorEnvelopeDoc), BodyErrors, AuthErrors))]
pub async fn update_household(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
    Json(req): Json<UpdateHousehold>,
) -> ApiResult<Json<HouseholdView>> {
    let admin = directory_admin(&user)?;
    let changes = HouseholdChanges {
        head_name: req.head_name,
        id_number: req.id_number,
        phone: req.phone,
        region_id: req.region_id,
        category: req.category,
        grade: req.grade,
        address: req.address,
        members: req.members,
        disabled: req.disabled,
    };
    let write = Write::begin(&state.db).await?;
    let household = repo::update(&write, &admin, id, changes).await?;
    state.sync.commit(write).await?;
    Ok(Json(household.into()))
}
