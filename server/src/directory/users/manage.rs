//! Creating and changing user accounts, for the API and the pages alike:
//! the checks, the write, the audit row and ending sessions, in one place.

use uuid::Uuid;

use super::{
    entity,
    phone::check_phone,
    repo::{self, NewUser, UserChanges},
    routes::{CreateUser, UpdateUser},
};
use crate::{
    app::AppState,
    auth::{AuthUser, password},
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    policy::{Role, directory_admin},
};

const MAX_USERNAME: usize = 64;
const MAX_DISPLAY_NAME: usize = 100;

/// Creates a user account as `user`: supervisors create inspectors and
/// contractors in their subtree; admins create any.
pub async fn create(state: &AppState, user: &AuthUser, req: CreateUser) -> ApiResult<entity::Model> {
    let admin = directory_admin(user)?;
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
    crate::audit::record(&txn, Some(user), "user", created.id, "create", detail).await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a user account as `user`: its name, phone, role, place, whether
/// it is disabled, its password (which, like disabling, ends its sessions).
pub async fn update(state: &AppState, user: &AuthUser, id: Uuid, req: UpdateUser) -> ApiResult<entity::Model> {
    let admin = directory_admin(user)?;
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
    crate::audit::record(&txn, Some(user), "user", updated.id, "update", detail).await?;
    txn.commit().await?;
    if ends_sessions {
        state.sync.streams.sessions_ended();
    }
    Ok(updated)
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
