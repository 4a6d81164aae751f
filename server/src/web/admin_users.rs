//! `/app/admin/users`: the accounts an admin or supervisor manages: find
//! them, create one (a contractor in their company, an inspector in a
//! township), set a new password, disable or enable. Every change goes
//! through `directory::users::manage`, as the API's does.

use std::collections::HashMap;

use askama::Template;
use axum::{
    Form,
    extract::{Query, State},
    http::Uri,
    response::Response,
};
use sea_orm::{ColumnTrait, Condition, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    actions::go_back,
    admin_places::{self, Choice},
    layout::{self, Chrome},
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    directory::users::{
        entity as user, manage, repo,
        routes::{CreateUser, UpdateUser},
    },
    error::ApiResult,
    http::json::Path,
    policy::{Role, directory_admin},
};

/// Accounts listed at most.
const SHOWN: u64 = 200;

/// The list's filters.
#[derive(Debug, Default, Deserialize)]
pub struct UsersQuery {
    /// Name contains.
    #[serde(default)]
    pub q: String,
    /// Only this role.
    #[serde(default)]
    pub role: String,
}

/// One account's line.
#[derive(Debug)]
pub struct UserLine {
    /// Id.
    pub id: Uuid,
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Role, in words.
    pub role: String,
    /// Region or company.
    pub place: String,
    /// Disabled.
    pub disabled: bool,
}

/// The page.
#[derive(Template)]
#[template(path = "web/admin_users.html")]
pub struct UsersPage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// The session's CSRF token for the forms.
    pub csrf: String,
    /// The filters.
    pub q: UsersQuery,
    /// The accounts.
    pub users: Vec<UserLine>,
    /// Roles the reader may give.
    pub roles: Vec<Choice>,
    /// Regions a user's scope may start at.
    pub regions: Vec<Choice>,
    /// Contractor companies.
    pub companies: Vec<Choice>,
}

/// `GET /app/admin/users`.
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    uri: Uri,
    Query(q): Query<UsersQuery>,
) -> ApiResult<Response> {
    let admin = directory_admin(&signed.user)?;
    let t = signed.t();
    let db = state.db.read();
    let mut select = repo::in_scope(&admin);
    if let Some(role) = Role::parse(q.role.trim()) {
        select = select.filter(user::Column::Role.eq(role.as_str()));
    }
    if !q.q.trim().is_empty() {
        let text = q.q.trim();
        select = select.filter(
            Condition::any()
                .add(user::Column::Username.contains(text.to_lowercase()))
                .add(user::Column::DisplayName.contains(text)),
        );
    }
    let found = select.order_by_asc(user::Column::Username).limit(SHOWN).all(db).await?;
    let regions = admin_places::regions(db, &admin).await?;
    let companies = admin_places::companies(db, &admin).await?;
    let region_ids: Vec<Uuid> = found.iter().filter_map(|u| u.region_id).collect();
    let region_names: HashMap<Uuid, String> = admin_places::region_names(db, region_ids).await?;
    let company_ids: Vec<Uuid> = found.iter().filter_map(|u| u.organisation_id).collect();
    let company_names: HashMap<Uuid, String> = admin_places::organisation_names(db, company_ids).await?;
    let users = found
        .into_iter()
        .map(|u| UserLine {
            id: u.id,
            place: u
                .organisation_id
                .filter(|_| u.role == Role::Contractor.as_str())
                .and_then(|id| company_names.get(&id).cloned())
                .or_else(|| u.region_id.and_then(|id| region_names.get(&id).cloned()))
                .unwrap_or_default(),
            role: t.role(&u.role),
            username: u.username,
            display_name: u.display_name,
            disabled: u.disabled,
        })
        .collect();
    let roles = Role::NAMES
        .iter()
        .filter_map(|name| Role::parse(name))
        .filter(|r| admin.may_assign_role(*r))
        .map(|r| Choice { value: r.as_str().to_owned(), label: t.role(r.as_str()) })
        .collect();
    let page = UsersPage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        csrf: signed.csrf.clone(),
        q,
        users,
        roles,
        regions,
        companies,
    };
    Ok(layout::render(&page))
}

/// The create form.
#[derive(Debug, Deserialize)]
pub struct NewUserForm {
    /// Login name.
    #[serde(default)]
    pub username: String,
    /// Name shown.
    #[serde(default)]
    pub display_name: String,
    /// Role.
    #[serde(default)]
    pub role: String,
    /// Region id (bureau staff).
    #[serde(default)]
    pub region_id: String,
    /// Company id (contractors).
    #[serde(default)]
    pub organisation_id: String,
    /// Phone.
    #[serde(default)]
    pub phone: String,
    /// First password.
    #[serde(default)]
    pub password: String,
}

fn id_of(text: &str) -> Option<Uuid> {
    text.trim().parse().ok()
}

/// `POST /app/admin/users`.
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(form): Form<NewUserForm>,
) -> ApiResult<Response> {
    let role = Role::parse(form.role.trim());
    let req = CreateUser {
        username: form.username,
        display_name: form.display_name,
        password: form.password,
        role: form.role,
        // The company for a contractor, the region for bureau staff: the form has both.
        region_id: id_of(&form.region_id).filter(|_| role != Some(Role::Contractor)),
        organisation_id: id_of(&form.organisation_id).filter(|_| role == Some(Role::Contractor)),
        phone: Some(form.phone).filter(|p| !p.trim().is_empty()),
    };
    let done = manage::create(&state, &signed.user, req).await.map(|_| ());
    go_back(&state, &signed, "/app/admin/users", "user_created", done)
}

/// The new-password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    /// The new password.
    #[serde(default)]
    pub password: String,
}

fn no_change() -> UpdateUser {
    UpdateUser {
        display_name: None,
        phone: None,
        role: None,
        region_id: None,
        organisation_id: None,
        disabled: None,
        password: None,
    }
}

/// `POST /app/admin/users/{id}/password`: the user's sessions end.
pub async fn set_password(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(form): Form<PasswordForm>,
) -> ApiResult<Response> {
    let req = UpdateUser { password: Some(form.password), ..no_change() };
    let done = manage::update(&state, &signed.user, id, req).await.map(|_| ());
    go_back(&state, &signed, "/app/admin/users", "password_reset", done)
}

/// The disable/enable form.
#[derive(Debug, Deserialize)]
pub struct DisabledForm {
    /// `true` to disable, `false` to enable.
    #[serde(default)]
    pub disabled: String,
}

/// `POST /app/admin/users/{id}/disabled`: disabling ends the user's sessions.
pub async fn set_disabled(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(form): Form<DisabledForm>,
) -> ApiResult<Response> {
    let disabled = form.disabled == "true";
    let req = UpdateUser { disabled: Some(disabled), ..no_change() };
    let done = manage::update(&state, &signed.user, id, req).await.map(|_| ());
    let said = if disabled { "user_disabled" } else { "user_enabled" };
    go_back(&state, &signed, "/app/admin/users", said, done)
}
