//! A short message for the page a form goes back to: what was done
//! ("已批准，通知书已下发。"), or why it was refused, each field named in
//! words ("意见：必填"). It rides in a cookie across the redirect
//! (post, redirect, get), is shown once at the top of the page, and is
//! cleared by the page that shows it.

use axum::{
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use sync_protocol::ErrorCode;

use super::{layout, session, text::Text};
use crate::{app::AppState, error::ApiError};

/// The cookie's name.
pub const COOKIE: &str = "flash";

/// The message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    /// Whether it reports success (else a refusal).
    pub ok: bool,
    /// Its lines, in the page's language.
    pub lines: Vec<String>,
}

impl Flash {
    /// What an action did.
    pub fn done(t: &Text, action: &str) -> Flash {
        Flash { ok: true, lines: vec![t.done(action)] }
    }

    /// Why a form was refused: the message, then each field in words.
    pub fn refused(t: &Text, error: &ApiError) -> Flash {
        let body = error.body(t.lang, None);
        let mut lines = vec![body["error"]["message"].as_str().unwrap_or_default().to_owned()];
        lines.extend(layout::field_messages(error, t.lang));
        Flash { ok: false, lines }
    }

    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// The message a request carries, if any.
    pub fn of(headers: &axum::http::HeaderMap) -> Option<Flash> {
        let value = session::cookie_value(headers, COOKIE)?;
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(value).ok()?).ok()
    }
}

/// Whether a refusal goes back to the form (the input was wrong, or the
/// notice moved on meanwhile) rather than to an error page.
pub fn back_to_the_form(error: &ApiError) -> bool {
    matches!(error.code(), ErrorCode::ValidationFailed | ErrorCode::InvalidTransition | ErrorCode::Conflict)
}

/// Goes to `to` with `flash` for it to show.
pub fn redirect(state: &AppState, to: &str, flash: &Flash) -> Response {
    let mut response = Redirect::to(to).into_response();
    let cookie = session::cookie(&state.settings, COOKIE, flash.encode());
    if let Ok(value) = HeaderValue::from_str(&format!("{}; Max-Age=120", cookie.encoded())) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Middleware: a page that was shown with a message clears it, so it shows once.
pub async fn clear_when_shown(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let carried = session::cookie_value(request.headers(), COOKIE).is_some();
    let mut response = next.run(request).await;
    if carried && response.status() == StatusCode::OK {
        let mut gone = session::cookie(&state.settings, COOKIE, String::new());
        gone.make_removal();
        if let Ok(value) = HeaderValue::from_str(&gone.encoded().to_string()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{error::Reason, web::text::ZH};

    #[test]
    fn a_refusal_names_the_field_in_words() {
        let error = ApiError::field("comment", Reason::Required);
        let flash = Flash::refused(&ZH, &error);
        assert!(!flash.ok);
        assert!(flash.lines.iter().any(|l| l.starts_with("意见：")), "{flash:?}");
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(header::COOKIE, format!("{COOKIE}={}", flash.encode()).parse().unwrap());
        assert_eq!(Flash::of(&headers), Some(flash));
    }
}
