//! `/v1/admin/users`: list, read, create and update user accounts.

use axum::{extract::State, http::StatusCode};
use sea_orm::{ColumnTrait, Condition, QueryFilter};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{entity, manage, repo, view::UserView};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult},
    http::{
        json::{Json, Path, Query},
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
        paging::{self, Page, PageParams},
        validate::double_option,
    },
    policy::directory_admin,
};

/// The user routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_users, create_user)).routes(routes!(get_user, update_user))
}

/// Filters of the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Only this role.
    pub role: Option<String>,
    /// Only users whose scope root is this region.
    pub region_id: Option<Uuid>,
    /// Only members of this organisation.
    pub organisation_id: Option<Uuid>,
    /// Only disabled (`true`) or enabled (`false`) accounts.
    pub disabled: Option<bool>,
    /// User name or display name contains this text.
    pub q: Option<String>,
}

/// A new user account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// Login name, unique regardless of case; stored lower-case.
    pub username: String,
    /// Name shown to people.
    pub display_name: String,
    /// Initial password, at least 8 characters.
    pub password: String,
    /// `admin`, `supervisor`, `inspector` or `contractor`; supervisors create only inspectors and contractors.
    pub role: String,
    /// Root of the user's region scope: required for supervisors and inspectors.
    #[serde(default)]
    pub region_id: Option<Uuid>,
    /// The user's organisation: required for contractors (their company).
    #[serde(default)]
    pub organisation_id: Option<Uuid>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
}

/// Changes to a user. An absent field stays as it is; for the optional
/// fields `null` (or `""` for the phone) clears the value. The user name cannot change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// New display name.
    pub display_name: Option<String>,
    /// New phone; `null` or `""` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    /// New role.
    pub role: Option<String>,
    /// New scope root; `null` clears it (not allowed for supervisors and inspectors).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub region_id: Option<Option<Uuid>>,
    /// New organisation; `null` clears it (not allowed for contractors).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub organisation_id: Option<Option<Uuid>>,
    /// Disable (`true`: the user's sessions end at once) or enable (`false`).
    pub disabled: Option<bool>,
    /// New password, at least 8 characters; the user's sessions end.
    pub password: Option<String>,
}

/// Lists the users the caller may see.
#[utoipa::path(get, path = "/v1/admin/users", tag = "directory", security(("bearer" = [])),
    params(UserFilter, PageParams),
    responses((status = 200, body = Page<UserView>),
        (status = 400, description = "Bad parameter (`invalid_parameter`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn list_users(
    State(state): State<AppState>,
    user: AuthUser,
    Query(filter): Query<UserFilter>,
    Query(page): Query<PageParams>,
) -> ApiResult<Json<Page<UserView>>> {
    let admin = directory_admin(&user)?;
    let mut select = repo::in_scope(&admin);
    if let Some(role) = filter.role {
        select = select.filter(entity::Column::Role.eq(role));
    }
    if let Some(region) = filter.region_id {
        select = select.filter(entity::Column::RegionId.eq(region));
    }
    if let Some(org) = filter.organisation_id {
        select = select.filter(entity::Column::OrganisationId.eq(org));
    }
    if let Some(disabled) = filter.disabled {
        select = select.filter(entity::Column::Disabled.eq(disabled));
    }
    if let Some(q) = filter.q.filter(|q| !q.trim().is_empty()) {
        let q = q.trim();
        select = select.filter(
            Condition::any()
                .add(entity::Column::Username.contains(q.to_lowercase()))
                .add(entity::Column::DisplayName.contains(q)),
        );
    }
    let page = paging::fetch(state.db.read(), select, entity::Column::Id, &page, |u| u.id).await?;
    Ok(Json(page.map(UserView::from)))
}

/// Reads one user.
#[utoipa::path(get, path = "/v1/admin/users/{id}", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, body = UserView),
        (status = 404, description = "No such user in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn get_user(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<UserView>> {
    let admin = directory_admin(&user)?;
    let found = repo::find_visible(state.db.read(), &admin, id).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(found.into()))
}

/// Creates a user account. Supervisors create inspectors and contractors in
/// their subtree; admins create any.
#[utoipa::path(post, path = "/v1/admin/users", tag = "directory", security(("bearer" = [])),
    request_body = CreateUser,
    responses((status = 201, body = UserView),
        (status = 409, description = "User name taken (`already_exists`)", body = ErrorEnvelopeDoc), BodyErrors, AuthErrors))]
pub async fn create_user(
    State(state): State<AppState>,
    user: AuthUser,
    Json(req): Json<CreateUser>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let created = manage::create(&state, &user, req).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// Updates a user account, disables or enables it, or sets its password.
/// Supervisors manage only inspectors and contractors in their subtree.
#[utoipa::path(patch, path = "/v1/admin/users/{id}", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")), request_body = UpdateUser,
    responses((status = 200, body = UserView),
        (status = 404, description = "No such user in scope (`not_found`)", body = ErrorEnvelopeDoc), BodyErrors, AuthErrors))]
pub async fn update_user(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
    Json(req): Json<UpdateUser>,
) -> ApiResult<Json<UserView>> {
    let updated = manage::update(&state, &user, id, req).await?;
    Ok(Json(updated.into()))
}
