//! `/v1/admin/users`: list, read, create and update user accounts.

use axum::{extract::State, http::StatusCode};
use sea_orm::{ColumnTrait, Condition, QueryFilter};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    entity,
    phone::check_phone,
    repo::{self, NewUser, UserChanges},
    view::UserView,
};
use crate::{
    app::AppState,
    auth::{AuthUser, password},
    error::{ApiError, ApiResult, Reason},
    http::{
        json::{Json, Path, Query},
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
        paging::{self, Page, PageParams},
        validate::{Check, double_option},
    },
    policy::{Role, directory_admin},
};

const MAX_USERNAME: usize = 64;
const MAX_DISPLAY_NAME: usize = 100;

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

/// Records a role field; returns the role when it is valid.
fn check_role(check: &mut Check, value: &str) -> Option<Role> {
    let role = Role::parse(value.trim());
    if role.is_none() {
        check.fail("role", Reason::NotAllowed { allowed: Role::NAMES });
    }
    role
}

/// Records a password field that breaks the rule of [`password::problem`].
fn check_password(check: &mut Check, value: &str) {
    if let Some(reason) = password::problem(value) {
        check.fail("password", reason);
    }
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
    let admin = directory_admin(&user)?;
    let mut check = Check::new();
    let username = check.text("username", &req.username, MAX_USERNAME);
    if username.chars().any(|c| c.is_whitespace() || c.is_control()) {
        check.fail("username", Reason::Invalid);
    }
    let display_name = check.text("display_name", &req.display_name, MAX_DISPLAY_NAME);
    check_password(&mut check, &req.password);
    let role = check_role(&mut check, &req.role);
    let phone = check_phone(&mut check, "phone", req.phone.as_deref());
    check.finish()?;
    let new = NewUser {
        username,
        display_name,
        password: req.password,
        role: role.ok_or_else(ApiError::forbidden)?,
        region_id: req.region_id,
        organisation_id: req.organisation_id,
        phone,
    };
    let hash = crate::auth::password::hash(new.password.clone()).await?;
    let txn = state.db.begin().await?;
    let created = repo::create_hashed(&txn, &admin, new, hash).await?;
    let detail = serde_json::json!({
        "role": created.role, "region_id": created.region_id, "organisation_id": created.organisation_id,
    });
    crate::audit::record(&txn, Some(&user), "user", created.id, "create", detail).await?;
    txn.commit().await?;
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
    let admin = directory_admin(&user)?;
    let mut check = Check::new();
    if let Some(password) = &req.password {
        check_password(&mut check, password);
    }
    let changes = UserChanges {
        display_name: req.display_name.as_deref().map(|n| check.text("display_name", n, MAX_DISPLAY_NAME)),
        phone: req.phone.map(|p| check_phone(&mut check, "phone", p.as_deref())),
        role: req.role.as_deref().and_then(|r| check_role(&mut check, r)),
        region_id: req.region_id,
        organisation_id: req.organisation_id,
        disabled: req.disabled,
        password_hash: None,
    };
    check.finish()?;
    // Hashed before the transaction: argon2 would hold the writer.
    let changes = match req.password {
        Some(password) => UserChanges { password_hash: Some(crate::auth::password::hash(password).await?), ..changes },
        None => changes,
    };
    let ends_sessions = changes.disabled == Some(true) || changes.password_hash.is_some();
    let txn = state.db.begin().await?;
    let updated = repo::update(&txn, &admin, id, changes).await?;
    let detail = serde_json::json!({
        "role": updated.role, "region_id": updated.region_id, "organisation_id": updated.organisation_id,
        "disabled": updated.disabled,
    });
    crate::audit::record(&txn, Some(&user), "user", updated.id, "update", detail).await?;
    txn.commit().await?;
    if ends_sessions {
        state.sync.streams.sessions_ended();
    }
    Ok(Json(updated.into()))
}
