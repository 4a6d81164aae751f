//! `POST /v1/auth/login`, `/v1/auth/refresh` and `/v1/auth/logout`.

use axum::{extract::State, http::HeaderMap, http::StatusCode};
use chrono::Utc;
use sea_orm::EntityTrait;
use sync_protocol::{
    ErrorCode,
    auth::{LoginRequest, MAX_DEVICE_ID, RefreshRequest, TokenResponse, TokenType},
};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{AuthUser, refresh, signin, token};
use crate::{
    app::AppState,
    directory::{devices, users::entity as user},
    error::{ApiError, ApiResult, Reason},
    http::{
        client_addr::ClientAddr,
        json::Json,
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
    },
    policy::Role,
};

/// The auth routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login)).routes(routes!(refresh_session)).routes(routes!(logout))
}

/// Signs in with a user name and password.
#[utoipa::path(post, path = "/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = TokenResponse),
        (status = 401, description = "Wrong user name or password (`invalid_credentials`)", body = ErrorEnvelopeDoc),
        (status = 403, description = "Account disabled (`account_disabled`)", body = ErrorEnvelopeDoc),
        (status = 429, description = "Too many failures (`too_many_requests`), see `Retry-After`", body = ErrorEnvelopeDoc),
        BodyErrors))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Json(req): Json<LoginRequest>,
) -> ApiResult<Json<TokenResponse>> {
    let username = signin::username(&req.username)?;
    if let Some(device) = &req.device_id {
        if device.trim().is_empty() {
            return Err(ApiError::field("device_id", Reason::Required));
        }
        if device.len() > MAX_DEVICE_ID {
            return Err(ApiError::field("device_id", Reason::TooLong { max: MAX_DEVICE_ID }));
        }
    }
    let found = signin::check_password(&state, &username, req.password, addr).await?;

    let txn = state.db.begin().await?;
    let device_id = match &req.device_id {
        Some(key) => {
            let agent = headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned);
            Some(devices::register(&txn, found.id, key.trim(), agent).await?)
        }
        None => None,
    };
    let issued =
        refresh::issue(&txn, found.id, device_id, Uuid::now_v7(), state.settings.auth.refresh_token_ttl_days).await?;
    txn.commit().await?;
    tracing::info!(user.id = %found.id, device.id = ?device_id, "signed in");
    tokens(&state, found, device_id, issued).map(Json)
}

/// Exchanges a refresh token for a new pair; the old one stops working.
#[utoipa::path(post, path = "/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenResponse),
        (status = 401, description = "Unknown, expired or revoked (`refresh_token_invalid`), or used twice (`refresh_token_reused`, the session is revoked)", body = ErrorEnvelopeDoc),
        (status = 403, description = "Account disabled (`account_disabled`)", body = ErrorEnvelopeDoc),
        BodyErrors))]
pub async fn refresh_session(
    State(state): State<AppState>,
    Json(req): Json<RefreshRequest>,
) -> ApiResult<Json<TokenResponse>> {
    // Not in a transaction: a detected reuse must stay revoked even though we answer an error.
    let used = refresh::consume(state.db.write(), &req.refresh_token).await.inspect_err(|err| {
        if err.code() == ErrorCode::RefreshTokenReused {
            state.sync.streams.sessions_ended();
        }
    })?;
    let found = user::Entity::find_by_id(used.user_id)
        .one(state.db.read())
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::RefreshTokenInvalid))?;
    if found.disabled {
        refresh::revoke_family(state.db.write(), used.family_id, Utc::now()).await?;
        state.sync.streams.sessions_ended();
        return Err(ApiError::new(ErrorCode::AccountDisabled));
    }
    let issued = refresh::issue(
        state.db.write(),
        found.id,
        used.device_id,
        used.family_id,
        state.settings.auth.refresh_token_ttl_days,
    )
    .await?;
    tokens(&state, found, used.device_id, issued).map(Json)
}

/// Signs out: revokes the session's refresh tokens and ends its live
/// streams. The access token lapses on its own.
#[utoipa::path(post, path = "/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Signed out"), AuthErrors))]
pub async fn logout(State(state): State<AppState>, user: AuthUser) -> ApiResult<StatusCode> {
    refresh::revoke_family(state.db.write(), user.session_id, Utc::now()).await?;
    state.sync.streams.sessions_ended();
    Ok(StatusCode::NO_CONTENT)
}

fn tokens(
    state: &AppState,
    found: user::Model,
    device_id: Option<Uuid>,
    issued: refresh::Issued,
) -> ApiResult<TokenResponse> {
    let role = Role::parse(&found.role).ok_or_else(|| ApiError::internal(format!("user {} has bad role", found.id)))?;
    let ttl = state.settings.auth.access_token_ttl_secs;
    let claims =
        token::Claims::new(found.id, role, found.region_id, found.organisation_id, device_id, issued.family_id, ttl);
    Ok(TokenResponse {
        access_token: token::sign(&state.keys, &claims)?,
        token_type: TokenType::Bearer,
        expires_in: ttl,
        refresh_token: issued.token,
        user: found.into(),
    })
}
