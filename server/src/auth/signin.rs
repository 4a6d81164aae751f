//! Checking a user name and password: the one path for signing in, shared by
//! `POST /v1/auth/login` and the web pages' sign-in form. Throttled per user
//! name and address, constant in time for unknown users, refusing disabled
//! accounts.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sync_protocol::ErrorCode;

use super::{password, throttle};
use crate::{
    app::AppState,
    directory::users::entity as user,
    error::{ApiError, ApiResult, Reason},
};

/// The user name as stored (trimmed, lower case), or `required` when empty.
pub fn username(given: &str) -> ApiResult<String> {
    let username = given.trim().to_lowercase();
    if username.is_empty() {
        return Err(ApiError::field("username", Reason::Required));
    }
    Ok(username)
}

/// The user whose name (as returned by [`username`]) and password these are,
/// or `invalid_credentials`, `account_disabled` or `too_many_requests`.
pub async fn check_password(
    state: &AppState,
    username: &str,
    password: String,
    addr: Option<String>,
) -> ApiResult<user::Model> {
    let keys = throttle::Keys::new(username, addr);
    throttle::admit(state.db.write(), &keys, &state.settings.auth).await?;
    let found = user::Entity::find().filter(user::Column::Username.eq(username)).one(state.db.read()).await?;
    let ok = password::verify(password, found.as_ref().map(|u| u.password_hash.clone())).await?;
    let Some(found) = found.filter(|_| ok) else {
        // The failure was counted when the attempt was admitted.
        return Err(ApiError::new(ErrorCode::InvalidCredentials));
    };
    if found.disabled {
        return Err(ApiError::new(ErrorCode::AccountDisabled));
    }
    throttle::succeeded(state.db.write(), &keys).await?;
    Ok(found)
}
