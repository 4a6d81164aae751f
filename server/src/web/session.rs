//! Web sessions: a random token in an HttpOnly, SameSite cookie, kept in the
//! database as its SHA-256, with idle and absolute timeouts. Every request
//! under `/app` loads the session and the user's current record (a disabled
//! user or a new role takes effect at once) and hands the page handlers the
//! same [`AuthUser`] the API uses, so every policy function works unchanged.

use axum::{
    extract::{FromRequestParts, Request, State},
    http::{HeaderMap, header, request::Parts},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::cookie::{Cookie, SameSite};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{
    entity::{self, Entity as Sessions},
    text::{self, Text},
};
use crate::{
    app::AppState,
    auth::{AuthUser, Session},
    config::Settings,
    i18n::Lang,
};

/// The session cookie's name.
pub const COOKIE: &str = "fs_session";
/// The path every web cookie is scoped to.
pub const PATH: &str = "/app";
/// How stale `last_seen_at` may get before a request refreshes it.
const TOUCH_EVERY: Duration = Duration::seconds(60);

/// A signed-in request: the user, the session's CSRF token, the language.
#[derive(Debug, Clone)]
pub struct Signed {
    /// The user, as the API's extractor would make them.
    pub user: AuthUser,
    /// The token the session's forms carry.
    pub csrf: String,
    /// The page language.
    pub lang: Lang,
    /// The message the last form left for this page.
    pub flash: Option<super::flash::Flash>,
}

impl Signed {
    /// The texts of the page language.
    pub fn t(&self) -> &'static Text {
        text::text(self.lang)
    }
}

/// A fresh random token (256 bits, URL-safe).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Starts a session for a user; returns the cookie to set. Sessions past
/// their timeouts are deleted on the way (one indexed statement), so the
/// table holds little more than the live ones.
pub async fn start(db: &impl ConnectionTrait, settings: &Settings, user_id: Uuid) -> Result<Cookie<'static>, DbErr> {
    let token = random_token();
    let now = Utc::now();
    let idle = Duration::minutes(settings.web.session_idle_mins as i64);
    Sessions::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(entity::Column::ExpiresAt.lte(now))
                .add(entity::Column::LastSeenAt.lte(now - idle)),
        )
        .exec(db)
        .await?;
    Sessions::insert(entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        token_hash: Set(digest(&token)),
        user_id: Set(user_id),
        csrf_secret: Set(random_token()),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + Duration::hours(settings.web.session_max_hours as i64)),
    })
    .exec_without_returning(db)
    .await?;
    Ok(cookie(settings, COOKIE, token))
}

/// Ends the session of a request's cookie, if any.
pub async fn end(db: &impl ConnectionTrait, headers: &HeaderMap) -> Result<(), DbErr> {
    if let Some(token) = cookie_value(headers, COOKIE) {
        Sessions::delete_many().filter(entity::Column::TokenHash.eq(digest(&token))).exec(db).await?;
    }
    Ok(())
}

/// Ends every session of a user (new password, account disabled).
pub async fn end_user(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    Sessions::delete_many().filter(entity::Column::UserId.eq(user_id)).exec(db).await?;
    Ok(())
}

/// A cookie of the web pages: HttpOnly, SameSite=Lax, `Path=/app`, `Secure`
/// over TLS, and otherwise unless the settings or a loopback listen address
/// say not.
pub fn cookie(settings: &Settings, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path(PATH)
        .secure(settings.web.secure_cookies(settings.listen, settings.tls.enabled()))
        .build()
}

/// The cookie that removes the session cookie from the browser.
pub fn removal(settings: &Settings) -> Cookie<'static> {
    let mut gone = cookie(settings, COOKIE, String::new());
    gone.make_removal();
    gone
}

/// The value of a request cookie.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| Cookie::parse(pair.trim().to_owned()).ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// The live session of a request, if any: known, not expired, not idle too
/// long, its user still enabled.
async fn resolve(state: &AppState, headers: &HeaderMap) -> Result<Option<Signed>, DbErr> {
    let Some(token) = cookie_value(headers, COOKIE) else { return Ok(None) };
    let db = state.db.read();
    let Some(found) = Sessions::find().filter(entity::Column::TokenHash.eq(digest(&token))).one(db).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    let idle = Duration::minutes(state.settings.web.session_idle_mins as i64);
    if found.expires_at <= now || found.last_seen_at + idle <= now {
        Sessions::delete_by_id(found.id).exec(state.db.write()).await?;
        return Ok(None);
    }
    let session = Session { id: found.id, device_id: None, expires_at: found.expires_at.timestamp() };
    let user = match AuthUser::load(state, found.user_id, session).await {
        Ok(user) => user,
        Err(_) => {
            // Deleted or disabled since sign-in: the session ends now.
            Sessions::delete_by_id(found.id).exec(state.db.write()).await?;
            return Ok(None);
        }
    };
    if now - found.last_seen_at > TOUCH_EVERY {
        Sessions::update_many()
            .col_expr(entity::Column::LastSeenAt, Expr::value(now))
            .filter(entity::Column::Id.eq(found.id))
            .exec(state.db.write())
            .await?;
    }
    Ok(Some(Signed {
        user,
        csrf: found.csrf_secret,
        lang: text::lang_of(headers),
        flash: super::flash::Flash::of(headers),
    }))
}

/// Middleware on every `/app` route: resolves the session and puts the
/// [`Signed`] caller and their [`AuthUser`] in the request's extensions.
pub async fn load(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // The stylesheet and script are the same for everyone: no database round trip for them.
    if request.uri().path().starts_with("/app/static/") {
        return next.run(request).await;
    }
    match resolve(&state, request.headers()).await {
        Ok(Some(signed)) => {
            request.extensions_mut().insert(signed.user.clone());
            request.extensions_mut().insert(signed);
        }
        Ok(None) => {}
        Err(err) => return crate::error::ApiError::from(err).into_response(),
    }
    next.run(request).await
}

/// Where to go after signing in: only a path of these pages, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if (path == PATH || path.starts_with("/app/"))
                && !path.contains("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => PATH.to_owned(),
    }
}

impl FromRequestParts<AppState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(signed) = parts.extensions.get::<Signed>() {
            return Ok(signed.clone());
        }
        let here = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or(PATH);
        let next: String = url_escape(&safe_next(Some(here)));
        Err(Redirect::to(&format!("/app/login?next={next}")).into_response())
    }
}

impl axum::extract::OptionalFromRequestParts<AppState> for Signed {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<Signed>().cloned())
    }
}

/// Percent-encodes a value for a query string.
pub fn url_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_the_pages_are_followed_after_sign_in() {
        let cases = [
            (Some("/app/notices?state=issued"), "/app/notices?state=issued"),
            (Some("/app"), "/app"),
            (Some("https://evil.example/app"), "/app"),
            (Some("//evil.example/app/"), "/app"),
            (Some("/app//evil.example"), "/app"),
            (Some("/app/\\evil"), "/app"),
            (Some("/v1/notices"), "/app"),
            (Some("/application"), "/app"),
            (None, "/app"),
        ];
        for (given, expected) in cases {
            assert_eq!(safe_next(given), expected, "{given:?}");
        }
    }
}
