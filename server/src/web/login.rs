//! Signing in and out of the pages, the language switch, and `/app` itself,
//! which sends each role to its start page.

use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::cookie::Cookie;
use serde::Deserialize;
use sync_protocol::ErrorCode;

use super::{
    csrf,
    layout::{self, Chrome},
    session::{self, Signed},
    text::{self, Text},
};
use crate::{
    app::AppState,
    auth::signin,
    error::{ApiError, ApiResult},
    http::client_addr::ClientAddr,
    policy::Role,
};

/// The sign-in page.
#[derive(Template)]
#[template(path = "web/login.html")]
pub struct LoginPage {
    /// Texts.
    pub t: &'static Text,
    /// No header before sign-in.
    pub chrome: Option<Chrome>,
    /// The form's token (matches the `fs_login` cookie).
    pub csrf: String,
    /// Where to go after.
    pub next: String,
    /// The name typed before, on a failed attempt.
    pub username: String,
    /// Why the last attempt failed.
    pub problem: Option<&'static str>,
}

/// `?next=` of the sign-in page and the language switch.
#[derive(Debug, Deserialize)]
pub struct Next {
    /// A path of these pages.
    pub next: Option<String>,
}

/// `GET /app`: the start page of the user's role.
pub async fn home(signed: Signed) -> Redirect {
    match signed.user.role {
        Role::Admin | Role::Supervisor => Redirect::to("/app/dashboard"),
        Role::Inspector => Redirect::to("/app/work"),
        Role::Contractor => Redirect::to("/app/orders"),
    }
}

/// `GET /app/login`.
pub async fn login_page(
    State(state): State<AppState>,
    signed: Option<Signed>,
    headers: HeaderMap,
    Query(query): Query<Next>,
) -> Response {
    let next = session::safe_next(query.next.as_deref());
    if signed.is_some() {
        return Redirect::to(&next).into_response();
    }
    let t = text::text(text::lang_of(&headers));
    let token = session::cookie_value(&headers, csrf::LOGIN_COOKIE).unwrap_or_else(session::random_token);
    let page = LoginPage { t, chrome: None, csrf: token.clone(), next, username: String::new(), problem: None };
    with_cookie(layout::render(&page), session::cookie(&state.settings, csrf::LOGIN_COOKIE, token))
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    /// User name.
    #[serde(default)]
    pub username: String,
    /// Password.
    #[serde(default)]
    pub password: String,
    /// Where to go after.
    #[serde(default)]
    pub next: Option<String>,
}

/// `POST /app/login`: the same check as `POST /v1/auth/login`, then a session.
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> ApiResult<Response> {
    let next = session::safe_next(form.next.as_deref());
    let checked = match signin::username(&form.username) {
        Ok(username) => signin::check_password(&state, &username, form.password, addr).await,
        Err(err) => Err(err),
    };
    let found = match checked {
        Ok(found) => found,
        Err(err) => return refused(&headers, err, form.username, next),
    };
    let cookie = session::start(state.db.write(), &state.settings, found.id).await?;
    tracing::info!(user.id = %found.id, "signed in to the web pages");
    let mut gone = session::cookie(&state.settings, csrf::LOGIN_COOKIE, String::new());
    gone.make_removal();
    Ok(with_cookie(with_cookie(Redirect::to(&next).into_response(), cookie), gone))
}

/// The sign-in page again, saying why; internal errors stay errors.
fn refused(headers: &HeaderMap, err: ApiError, username: String, next: String) -> ApiResult<Response> {
    let t = text::text(text::lang_of(headers));
    let (status, problem) = match err.code() {
        ErrorCode::InvalidCredentials | ErrorCode::ValidationFailed => (StatusCode::UNAUTHORIZED, t.bad_credentials),
        ErrorCode::AccountDisabled => (StatusCode::FORBIDDEN, t.account_disabled),
        ErrorCode::TooManyRequests => (StatusCode::TOO_MANY_REQUESTS, t.too_many_attempts),
        _ => return Err(err),
    };
    let token = session::cookie_value(headers, csrf::LOGIN_COOKIE).unwrap_or_default();
    let page = LoginPage { t, chrome: None, csrf: token, next, username, problem: Some(problem) };
    let mut response = layout::render(&page);
    *response.status_mut() = status;
    Ok(response)
}

/// `POST /app/logout`: deletes the session and its cookie.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    session::end(state.db.write(), &headers).await?;
    Ok(with_cookie(Redirect::to("/app/login").into_response(), session::removal(&state.settings)))
}

/// `GET /app/lang/{zh|en}?next=`: remembers the language and goes back.
pub async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<Next>,
) -> ApiResult<Response> {
    if code != "zh" && code != "en" {
        return Err(ApiError::not_found());
    }
    // Kept a year, unlike the session cookie that ends with the browser.
    let cookie = session::cookie(&state.settings, text::LANG_COOKIE, code);
    let mut response = Redirect::to(&session::safe_next(query.next.as_deref())).into_response();
    if let Ok(value) = format!("{}; Max-Age=31536000", cookie.encoded()).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

fn with_cookie(mut response: Response, cookie: Cookie<'static>) -> Response {
    if let Ok(value) = cookie.encoded().to_string().parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
