//! `/v1/admin/organisations`: list, read, create and update organisations.

use axum::{extract::State, http::StatusCode};
use sea_orm::{ColumnTrait, QueryFilter};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    credit_code::check_credit_code,
    entity,
    repo::{self, NewOrganisation, OrganisationChanges},
    view::OrganisationView,
};
use crate::{
    app::AppState,
    auth::AuthUser,
    directory::users::phone::check_phone,
    error::{ApiError, ApiResult},
    http::{
        json::{Json, Path, Query},
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
        paging::{self, Page, PageParams},
        validate::{Check, double_option},
    },
    policy::directory_admin,
    sync::Write,
};

const MAX_NAME: usize = 200;
const MAX_CONTACT: usize = 100;

/// The organisation routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_organisations, create_organisation))
        .routes(routes!(get_organisation, update_organisation))
}

/// Filters of the organisation list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganisationFilter {
    /// Only this kind: `bureau` or `contractor`.
    pub kind: Option<String>,
    /// Name contains this text.
    pub q: Option<String>,
}

/// A new organisation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganisation {
    /// `bureau` or `contractor`; supervisors create only contractors.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Unified social credit code (统一社会信用代码): 18 characters with a valid check character; unique.
    #[serde(default)]
    pub credit_code: Option<String>,
    /// Region the organisation is registered in; required from supervisors (a region in their subtree).
    #[serde(default)]
    pub region_id: Option<Uuid>,
    /// Contact person.
    #[serde(default)]
    pub contact_name: Option<String>,
    /// Contact phone.
    #[serde(default)]
    pub contact_phone: Option<String>,
}

/// Changes to an organisation. An absent field stays as it is; for the
/// optional fields `null` or an empty string clears the value. The kind cannot change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganisation {
    /// New name.
    pub name: Option<String>,
    /// New credit code; `null` or `""` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub credit_code: Option<Option<String>>,
    /// New region; `null` clears it (admins only).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub region_id: Option<Option<Uuid>>,
    /// New contact person; `null` or `""` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub contact_name: Option<Option<String>>,
    /// New contact phone; `null` or `""` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub contact_phone: Option<Option<String>>,
    /// Disable (`true`) or enable (`false`).
    pub disabled: Option<bool>,
}

/// Lists the organisations the caller may see.
#[utoipa::path(get, path = "/v1/admin/organisations", tag = "directory", security(("bearer" = [])),
    params(OrganisationFilter, PageParams),
    responses((status = 200, body = Page<OrganisationView>),
        (status = 400, description = "Bad parameter (`invalid_parameter`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn list_organisations(
    State(state): State<AppState>,
    user: AuthUser,
    Query(filter): Query<OrganisationFilter>,
    Query(page): Query<PageParams>,
) -> ApiResult<Json<Page<OrganisationView>>> {
    let admin = directory_admin(&user)?;
    let mut select = repo::in_scope(&admin);
    if let Some(kind) = filter.kind {
        select = select.filter(entity::Column::Kind.eq(kind));
    }
    if let Some(q) = filter.q.filter(|q| !q.trim().is_empty()) {
        select = select.filter(entity::Column::Name.contains(q.trim()));
    }
    let page = paging::fetch(state.db.read(), select, entity::Column::Id, &page, |o| o.id).await?;
    Ok(Json(page.map(OrganisationView::from)))
}

/// Reads one organisation.
#[utoipa::path(get, path = "/v1/admin/organisations/{id}", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organisation id")),
    responses((status = 200, body = OrganisationView),
        (status = 404, description = "No such organisation in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn get_organisation(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<OrganisationView>> {
    let admin = directory_admin(&user)?;
    let org = repo::find_visible(state.db.read(), &admin, id).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(org.into()))
}

/// Creates an organisation. Admins create any; supervisors create contractor
/// companies registered in their subtree.
#[utoipa::path(post, path = "/v1/admin/organisations", tag = "directory", security(("bearer" = [])),
    request_body = CreateOrganisation,
    responses((status = 201, body = OrganisationView),
        (status = 409, description = "Credit code taken (`already_exists`)", body = ErrorEnvelopeDoc), BodyErrors, AuthErrors))]
pub async fn create_organisation(
    State(state): State<AppState>,
    user: AuthUser,
    Json(req): Json<CreateOrganisation>,
) -> ApiResult<(StatusCode, Json<OrganisationView>)> {
    let org = create(&state, &user, req).await?;
    Ok((StatusCode::CREATED, Json(org.into())))
}

/// Registers an organisation as `user`, for the API and the pages alike:
/// the checks, the write, publishing it to devices.
pub async fn create(state: &AppState, user: &AuthUser, req: CreateOrganisation) -> ApiResult<entity::Model> {
    let admin = directory_admin(user)?;
    let mut check = Check::new();
    let new = NewOrganisation {
        kind: check.one_of("kind", &req.kind, repo::KINDS),
        name: check.text("name", &req.name, MAX_NAME),
        credit_code: check_credit_code(&mut check, "credit_code", req.credit_code.as_deref()),
        region_id: req.region_id,
        contact_name: check.opt_text("contact_name", req.contact_name.as_deref(), MAX_CONTACT),
        contact_phone: check_phone(&mut check, "contact_phone", req.contact_phone.as_deref()),
    };
    check.finish()?;
    let write = Write::begin(&state.db).await?;
    let org = repo::create(&write, &admin, new).await?;
    state.sync.commit(write).await?;
    Ok(org)
}

/// Updates an organisation. Supervisors update only contractor companies
/// registered in their subtree.
#[utoipa::path(patch, path = "/v1/admin/organisations/{id}", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organisation id")), request_body = UpdateOrganisation,
    responses((status = 200, body = OrganisationView),
        (status = 404, description = "No such organisation in scope (`not_found`)", body = ErrorEnvelopeDoc),
        (status = 409, description = "Credit code taken (`already_exists`)", body = ErrorEnvelopeDoc), BodyErrors, AuthErrors))]
pub async fn update_organisation(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
    Json(req): Json<UpdateOrganisation>,
) -> ApiResult<Json<OrganisationView>> {
    let admin = directory_admin(&user)?;
    let mut check = Check::new();
    let changes = OrganisationChanges {
        name: req.name.as_deref().map(|n| check.text("name", n, MAX_NAME)),
        credit_code: req.credit_code.map(|c| check_credit_code(&mut check, "credit_code", c.as_deref())),
        region_id: req.region_id,
        contact_name: req.contact_name.map(|c| check.opt_text("contact_name", c.as_deref(), MAX_CONTACT)),
        contact_phone: req.contact_phone.map(|p| check_phone(&mut check, "contact_phone", p.as_deref())),
        disabled: req.disabled,
    };
    check.finish()?;
    let write = Write::begin(&state.db).await?;
    let org = repo::update(&write, &admin, id, changes).await?;
    state.sync.commit(write).await?;
    Ok(Json(org.into()))
}
