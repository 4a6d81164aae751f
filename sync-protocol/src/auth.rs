//! `POST /v1/auth/login` and `/v1/auth/refresh`: signing in and renewing the
//! pair of tokens. See the spec, sections 4 and 6.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest `device_id` a sign-in accepts, in bytes.
pub const MAX_DEVICE_ID: usize = 128;

/// `POST /v1/auth/login`. A field the server does not know is refused
/// (`validation_failed`, spec §6 and §15): a credential sent under a
/// misspelt name must not be silently dropped.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// User name (case-insensitive).
    pub username: String,
    /// Password.
    pub password: String,
    /// The app's own stable id of this install (1–128 characters); binds the
    /// session and every client id to this device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub device_id: Option<String>,
}

impl fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginRequest")
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .field("device_id", &self.device_id)
            .finish()
    }
}

/// `POST /v1/auth/refresh`. A field the server does not know is refused, as
/// at sign-in (the refresh token is then not used).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token of the last sign-in or refresh.
    pub refresh_token: String,
}

impl fmt::Debug for RefreshRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshRequest").field("refresh_token", &"[redacted]").finish()
    }
}

/// The answer to a sign-in or a refresh: a new pair of tokens and the user.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// Short-lived token for the `Authorization: Bearer` header; opaque to
    /// the client (do not decode it).
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: TokenType,
    /// Seconds until the access token expires (900 by default).
    pub expires_in: u64,
    /// Opaque token for the next pair; it can be used once. Store it durably
    /// as soon as the answer arrives.
    pub refresh_token: String,
    /// The signed-in user.
    pub user: User,
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"[redacted]")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &"[redacted]")
            .field("user", &self.user)
            .finish()
    }
}

/// The kind of access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TokenType {
    /// Sent as `Authorization: Bearer <access_token>`.
    Bearer,
}

/// A user as the API shows it (never with the password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = UserView))]
pub struct User {
    /// Id.
    pub id: Uuid,
    /// Login name.
    pub username: String,
    /// Name shown to people.
    pub display_name: String,
    /// Role: `admin`, `supervisor`, `inspector` or `contractor`.
    pub role: String,
    /// Root of a supervisor's or inspector's region scope.
    pub region_id: Option<Uuid>,
    /// A contractor's company.
    pub organisation_id: Option<Uuid>,
    /// Phone.
    pub phone: Option<String>,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// Creation time (RFC 3339).
    pub created_at: DateTime<Utc>,
    /// Last change (RFC 3339).
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_passwords_and_tokens() {
        let login = LoginRequest { username: "u".into(), password: "hunter2".into(), device_id: None };
        let refresh = RefreshRequest { refresh_token: "secret-refresh".into() };
        assert!(!format!("{login:?}").contains("hunter2"));
        assert!(!format!("{refresh:?}").contains("secret-refresh"));
    }

    #[test]
    fn a_login_with_an_unknown_field_is_refused() {
        let json = serde_json::json!({"username": "u", "password": "p", "pasword": "p"});
        assert!(serde_json::from_value::<LoginRequest>(json).is_err());
    }

    #[test]
    fn the_token_type_is_bearer_on_the_wire() {
        assert_eq!(serde_json::to_value(TokenType::Bearer).ok(), Some(serde_json::json!("Bearer")));
    }
}
