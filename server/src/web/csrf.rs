//! CSRF protection for every POST under `/app`: the session's token must come
//! back, in the form's hidden `csrf` field or the `x-csrf-token` header
//! (fetch), compared in constant time; a cross-site `Origin` or
//! `Sec-Fetch-Site` is refused outright. The sign-in form, which has no
//! session yet, carries a token that must match its own cookie (double
//! submit), so another site cannot sign a browser into an account of its own.

use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, Uri, header},
    middleware::Next,
    response::Response,
};
use subtle::ConstantTimeEq;

use super::{
    layout,
    session::{self, Signed},
    text,
};
use crate::app::AppState;

/// The hidden field of every form.
pub const FIELD: &str = "csrf";
/// The header `fetch()` sends the token in.
pub const HEADER: &str = "x-csrf-token";
/// The cookie holding the sign-in form's token.
pub const LOGIN_COOKIE: &str = "fs_login";

/// Middleware: refuses a POST without the right token with a 403 page.
pub async fn check(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    // Signing out without a session changes nothing but a stale cookie.
    if request.uri().path() == "/app/logout" && request.extensions().get::<Signed>().is_none() {
        return next.run(request).await;
    }
    let lang = text::lang_of(request.headers());
    let expected = match request.extensions().get::<Signed>() {
        Some(signed) => Some(signed.csrf.clone()),
        None if request.uri().path() == "/app/login" => session::cookie_value(request.headers(), LOGIN_COOKIE),
        None => None,
    };
    let refuse = || {
        tracing::warn!(uri = %request.uri().path(), "web form refused: CSRF check failed");
        let t = text::text(lang);
        layout::message(StatusCode::FORBIDDEN, t, None, (t.csrf_title, t.csrf_body), Vec::new())
    };
    let Some(expected) = expected.filter(|e| !e.is_empty()) else { return refuse() };
    if !same_origin(request.headers(), request.uri()) {
        return refuse();
    }
    if let Some(sent) = request.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return if matches(sent, &expected) { next.run(request).await } else { refuse() };
    }
    // A form: read its body for the hidden field, then hand the body on.
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, state.settings.http.max_body_bytes).await else {
        let t = text::text(lang);
        return layout::message(StatusCode::PAYLOAD_TOO_LARGE, t, None, (t.error_title, ""), Vec::new());
    };
    let sent = form_urlencoded::parse(&bytes).find(|(name, _)| name == FIELD).map(|(_, value)| value.into_owned());
    if !sent.is_some_and(|sent| matches(&sent, &expected)) {
        let t = text::text(lang);
        tracing::warn!(uri = %parts.uri.path(), "web form refused: CSRF token missing or wrong");
        return layout::message(StatusCode::FORBIDDEN, t, None, (t.csrf_title, t.csrf_body), Vec::new());
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

fn matches(sent: &str, expected: &str) -> bool {
    bool::from(sent.as_bytes().ct_eq(expected.as_bytes()))
}

/// Whether the browser says the request comes from these pages: a
/// `Sec-Fetch-Site` other than same-origin (or none: typed by the user), or an
/// `Origin` naming another host, says it does not. Both are optional. Over
/// HTTP/2 the host is the URI's authority (`:authority`), not a header.
fn same_origin(headers: &HeaderMap, uri: &Uri) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return true };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let host = host.or_else(|| uri.authority().map(|a| a.as_str())).unwrap_or_default();
    let authority = origin.split_once("://").map(|(_, rest)| rest).unwrap_or_default();
    !host.is_empty() && authority.eq_ignore_ascii_case(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn cross_site_requests_are_told_apart() {
        let path = Uri::from_static("/app/login");
        assert!(same_origin(&headers(&[]), &path));
        assert!(same_origin(&headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")]), &path));
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")]), &path));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")]), &path));
        assert!(!same_origin(&headers(&[("host", "127.0.0.1:8080"), ("origin", "https://evil.example")]), &path));
        assert!(!same_origin(&headers(&[("host", "127.0.0.1:8080"), ("origin", "null")]), &path));
        assert!(!same_origin(&headers(&[("origin", "https://127.0.0.1:8443")]), &path), "no host to match");
    }

    #[test]
    fn over_http2_the_host_is_the_uris_authority() {
        let uri = Uri::from_static("https://192.168.1.20:8443/app/login");
        assert!(same_origin(&headers(&[("origin", "https://192.168.1.20:8443")]), &uri));
        assert!(!same_origin(&headers(&[("origin", "https://evil.example")]), &uri));
    }

    #[test]
    fn tokens_match_only_exactly() {
        assert!(matches("abc", "abc"));
        assert!(!matches("abd", "abc"));
        assert!(!matches("", "abc"));
        assert!(!matches("abcd", "abc"));
    }
}
