//! The `AuthUser` extractor: a verified access token plus the user's current
//! record. A missing or bad token is 401, never "anonymous".

use axum::{extract::FromRequestParts, http::request::Parts};
use sea_orm::EntityTrait;
use sync_protocol::ErrorCode;
use uuid::Uuid;

use super::{refresh, token};
use crate::{
    app::AppState,
    directory::{regions::entity::Entity as Regions, users::entity::Entity as Users},
    error::ApiError,
    policy::Role,
};

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The user id.
    pub user_id: Uuid,
    /// The user name.
    pub username: String,
    /// The user's current role.
    pub role: Role,
    /// Root of the user's region scope.
    pub region_id: Option<Uuid>,
    /// Materialised path of that root.
    pub region_path: Option<String>,
    /// The user's organisation.
    pub organisation_id: Option<Uuid>,
    /// The device of this session.
    pub device_id: Option<Uuid>,
    /// The sign-in (refresh-token family) of this session.
    pub session_id: Uuid,
    /// When the access token expires, seconds since the epoch.
    pub expires_at: i64,
}

/// The bearer token of a request's headers, if any.
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

/// The sign-in an [`AuthUser`] acts through: a token's claims or a web session.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    /// The sign-in (refresh-token family, or web session) id.
    pub id: Uuid,
    /// The device signed in from, if any.
    pub device_id: Option<Uuid>,
    /// When the sign-in's credential expires, seconds since the epoch.
    pub expires_at: i64,
}

impl AuthUser {
    /// The caller as their current record says: role, scope and the disabled
    /// flag come from the database, not from the credential, so a change
    /// takes effect at once. `token_invalid` for a deleted user,
    /// `account_disabled` for a disabled one.
    pub async fn load(state: &AppState, user_id: Uuid, session: Session) -> Result<AuthUser, ApiError> {
        // One query for the user and their region: it runs on every request.
        let (user, region) = Users::find_by_id(user_id)
            .find_also_related(Regions)
            .one(state.db.read())
            .await?
            .ok_or_else(|| ApiError::new(ErrorCode::TokenInvalid))?;
        if user.disabled {
            return Err(ApiError::new(ErrorCode::AccountDisabled));
        }
        let role =
            Role::parse(&user.role).ok_or_else(|| ApiError::internal(format!("user {} has bad role", user.id)))?;
        let region_path = region.map(|r| r.path);
        Ok(AuthUser {
            user_id: user.id,
            username: user.username,
            role,
            region_id: user.region_id,
            region_path,
            organisation_id: user.organisation_id,
            device_id: session.device_id,
            session_id: session.id,
            expires_at: session.expires_at,
        })
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(user) = parts.extensions.get::<AuthUser>() {
            return Ok(user.clone());
        }
        let token = bearer(&parts.headers).ok_or_else(|| ApiError::new(ErrorCode::Unauthenticated))?;
        let claims = token::verify(&state.keys, &state.db, token).await?;
        let auth = AuthUser::load(
            state,
            claims.sub,
            Session { id: claims.sid, device_id: claims.dev, expires_at: claims.exp },
        )
        .await?;
        // After the user's own checks, so a disabled account still says so.
        if !refresh::is_live(state.db.read(), claims.sid).await? {
            return Err(ApiError::new(ErrorCode::TokenInvalid));
        }
        parts.extensions.insert(auth.clone());
        Ok(auth)
    }
}
