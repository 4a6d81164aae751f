//! `GET /v1/blobs/{sha256}` and its thumbnails: for users who see a record
//! that references the photo. Single byte ranges, a strong `ETag` (the hash
//! itself) with `If-None-Match`, immutable caching; on S3, optionally a
//! redirect to a short-lived presigned URL instead of streaming.

use std::time::Duration;

use axum::{
    body::Body,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use sync_protocol::ErrorCode;

use super::{
    access,
    range::{self, Wanted},
    sha256::Sha256,
    store, thumbnails,
};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult},
    http::{
        json::Path,
        openapi::{AuthErrors, ErrorEnvelopeDoc},
    },
};

/// Photos never change under their name; only the caller's right to them may.
const CACHE: &str = "private, max-age=31536000, immutable";

/// Downloads a photo (or a byte range of it).
#[utoipa::path(get, path = "/v1/blobs/{sha256}", tag = "blobs", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "The photo's SHA-256"),
        ("range" = Option<String>, Header, description = "`bytes=a-b`, `bytes=a-` or `bytes=-n`"),
        ("if-none-match" = Option<String>, Header, description = "The `ETag` of a copy held")),
    responses(
        (status = 200, description = "The photo", content_type = "image/*"),
        (status = 206, description = "The range asked for"),
        (status = 304, description = "The copy held is current"),
        (status = 307, description = "Redirect to a short-lived presigned URL of the store (when configured)"),
        (status = 404, description = "No such photo, or no record the caller sees references it", body = ErrorEnvelopeDoc),
        (status = 416, description = "The range lies outside the photo (`range_not_satisfiable`)", body = ErrorEnvelopeDoc),
        (status = 503, description = "The photo store is down (`storage_unavailable`)", body = ErrorEnvelopeDoc),
        AuthErrors))]
pub async fn get_blob(
    State(state): State<AppState>,
    user: AuthUser,
    Path(sha): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let sha = Sha256::parse(&sha).map_err(|_| ApiError::not_found())?;
    let found = access::readable(state.db.read(), &user, &sha).await?;
    let key = store::blob_key(&sha);
    let etag = format!("\"{sha}\"");
    if let Some(response) = not_modified(&headers, &etag) {
        return Ok(response);
    }
    let s3 = &state.blobs.settings.s3;
    if s3.presign_downloads
        && let Some(url) = state.blobs.store.presign_get(&key, Duration::from_secs(s3.presign_ttl_secs)).await?
    {
        let mut response = StatusCode::TEMPORARY_REDIRECT.into_response();
        response.headers_mut().insert(header::LOCATION, HeaderValue::try_from(url).map_err(ApiError::internal)?);
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        return Ok(response);
    }
    let size = found.size as u64;
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let (status, part) = match range::parse(range, size) {
        Wanted::Whole => (StatusCode::OK, None),
        Wanted::Part { start, end } => (StatusCode::PARTIAL_CONTENT, Some((start, end))),
        Wanted::Unsatisfiable => {
            let mut response = ApiError::new(ErrorCode::RangeNotSatisfiable).into_response();
            response.headers_mut().insert(header::CONTENT_RANGE, header_value(format!("bytes */{size}")));
            return Ok(response);
        }
    };
    let object = state.blobs.store.get(&key, part).await?;
    let mut response = Response::new(Body::from_stream(object.body));
    *response.status_mut() = status;
    let out = response.headers_mut();
    out.insert(header::CONTENT_TYPE, header_value(found.content_type));
    out.insert(header::CONTENT_LENGTH, HeaderValue::from(object.len));
    out.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if let Some((start, end)) = part {
        out.insert(header::CONTENT_RANGE, header_value(format!("bytes {start}-{end}/{size}")));
    }
    cacheable(out, &etag);
    Ok(response)
}

/// Downloads a thumbnail (320 or 1280 pixels on the long side, JPEG).
#[utoipa::path(get, path = "/v1/blobs/{sha256}/thumbnails/{size}", tag = "blobs", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "The photo's SHA-256"), ("size" = u32, Path, description = "320 or 1280")),
    responses(
        (status = 200, description = "The thumbnail", content_type = "image/jpeg"),
        (status = 304, description = "The copy held is current"),
        (status = 404, description = "No such photo or size, not visible, or no thumbnail (yet, or the format has none)", body = ErrorEnvelopeDoc),
        AuthErrors))]
pub async fn get_thumbnail(
    State(state): State<AppState>,
    user: AuthUser,
    Path((sha, size)): Path<(String, u32)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let sha = Sha256::parse(&sha).map_err(|_| ApiError::not_found())?;
    if !thumbnails::SIZES.contains(&size) {
        return Err(ApiError::not_found());
    }
    let found = access::readable(state.db.read(), &user, &sha).await?;
    if found.thumbnails != "done" {
        return Err(ApiError::not_found());
    }
    let etag = format!("\"{sha}-{size}\"");
    if let Some(response) = not_modified(&headers, &etag) {
        return Ok(response);
    }
    let object = state.blobs.store.get(&store::thumbnail_key(&sha, size), None).await?;
    let mut response = Response::new(Body::from_stream(object.body));
    let out = response.headers_mut();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    out.insert(header::CONTENT_LENGTH, HeaderValue::from(object.len));
    cacheable(out, &etag);
    Ok(response)
}

fn header_value(text: String) -> HeaderValue {
    HeaderValue::try_from(text).unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
}

fn cacheable(headers: &mut HeaderMap, etag: &str) {
    headers.insert(header::ETAG, header_value(etag.to_owned()));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE));
}

/// `304 Not Modified` when `If-None-Match` names the current tag.
fn not_modified(headers: &HeaderMap, etag: &str) -> Option<Response> {
    let sent = headers.get(header::IF_NONE_MATCH)?.to_str().ok()?;
    let matches = sent.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag);
    if !matches {
        return None;
    }
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    cacheable(response.headers_mut(), etag);
    Some(response)
}
