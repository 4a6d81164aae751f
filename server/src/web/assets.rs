//! The pages' stylesheet and script, compiled into the binary: no CDN, no
//! front-end build. Cached for a day; the pages name them without a version,
//! so a new release is picked up by the next day at the latest.

use axum::{
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

const CSS: &str = include_str!("static/app.css");
const JS: &str = include_str!("static/app.js");
const UPLOAD_JS: &str = include_str!("static/upload.js");
const PRINT_CSS: &str = include_str!("static/print.css");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    response
}

/// `GET /app/static/app.css`.
pub async fn stylesheet() -> Response {
    asset(CSS, "text/css; charset=utf-8")
}

/// `GET /app/static/app.js`.
pub async fn script() -> Response {
    asset(JS, "text/javascript; charset=utf-8")
}

/// `GET /app/static/upload.js`: the answer form's photo uploads.
pub async fn upload_script() -> Response {
    asset(UPLOAD_JS, "text/javascript; charset=utf-8")
}

/// `GET /app/static/print.css`: the printable notice's A4 stylesheet.
pub async fn print_stylesheet() -> Response {
    asset(PRINT_CSS, "text/css; charset=utf-8")
}
