//! Cross-origin calls to the API from pages the server does not serve: a
//! mobile app in a WebView shell (Capacitor, uni-app) or a page on another
//! host. Off unless `[http] allowed_origins` names origins; then only paths
//! under `/v1/` answer them. The API authenticates with bearer tokens, never
//! cookies, so no credentials are allowed; the web pages (`/app`, cookie
//! sessions behind CSRF tokens) never answer another origin.

use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::config::AllowedOrigins;

/// How long a browser may keep a preflight's answer: one preflight an hour
/// per call shape, not one per call, on a slow mobile network.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(3600);

/// The request headers an API call may carry (the protocol's §5 and uploads).
const REQUEST_HEADERS: [HeaderName; 9] = [
    header::AUTHORIZATION,
    header::CONTENT_TYPE,
    header::ACCEPT_LANGUAGE,
    HeaderName::from_static("fieldsync-protocol"),
    HeaderName::from_static("last-event-id"),
    HeaderName::from_static("x-request-id"),
    header::CONTENT_RANGE,
    header::RANGE,
    header::IF_NONE_MATCH,
];

/// The response headers a page may read beyond the always-readable ones.
const RESPONSE_HEADERS: [HeaderName; 6] = [
    HeaderName::from_static("x-request-id"),
    header::RETRY_AFTER,
    header::CONTENT_RANGE,
    header::ACCEPT_RANGES,
    header::ETAG,
    header::CONTENT_DISPOSITION,
];

/// The layer for the configured origins, or none when no origin is allowed.
pub fn layer(origins: &AllowedOrigins) -> Option<CorsLayer> {
    let allowed: Vec<HeaderValue> = match origins {
        AllowedOrigins::None => return None,
        AllowedOrigins::Any => Vec::new(),
        AllowedOrigins::Only(list) => list.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect(),
    };
    let any = matches!(origins, AllowedOrigins::Any);
    let origin = AllowOrigin::predicate(move |origin, request| {
        request.uri.path().starts_with("/v1/") && (any || allowed.iter().any(|a| a == origin))
    });
    Some(
        CorsLayer::new()
            .allow_origin(origin)
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
            .allow_headers(REQUEST_HEADERS)
            .expose_headers(RESPONSE_HEADERS)
            .max_age(PREFLIGHT_MAX_AGE),
    )
}
