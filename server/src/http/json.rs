//! `Json`, `Query` and `Path` extractors whose rejections use the API's error envelope.

use axum::{
    extract::{FromRequest, FromRequestParts, Request},
    http::request::Parts,
    response::{IntoResponse, Response},
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Value, json, value::RawValue};
use sync_protocol::ErrorCode;

use super::nul;
use crate::error::{ApiError, Reason};

/// JSON body extractor and response; a bad body answers with an [`ApiError`].
/// A string holding a NUL character anywhere in the body, key or value, is
/// refused with `validation_failed` naming its field (see [`nul`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        // axum's own extractor checks the content type, the size and the
        // syntax; the raw text then tells cheaply whether a NUL may be in it.
        let axum::Json(raw) = axum::Json::<Box<RawValue>>::from_request(request, state).await?;
        if nul::may_hold(raw.get()) {
            let value: Value = serde_json::from_str(raw.get()).map_err(|_| ApiError::new(ErrorCode::MalformedJson))?;
            if let Some(path) = nul::find(&value) {
                let field = if path.is_empty() { "body".to_owned() } else { path };
                return Err(ApiError::field(field, Reason::NulCharacter));
            }
        }
        let axum::Json(value) = axum::Json::<T>::from_bytes(raw.get().as_bytes())?;
        Ok(Json(value))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A JSON body whose strings may hold NUL characters, for a handler that
/// refuses them itself, part by part: a push rejects only the mutations
/// that hold one, never the whole batch.
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct JsonAllowingNul<T>(pub T);

/// Query-string extractor; a bad query (a NUL character in it too) answers
/// with `invalid_parameter`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        // `%00` is the only way to write a NUL in a URL.
        if let Some(query) = parts.uri.query().filter(|q| q.contains("%00")) {
            let bad = form_urlencoded::parse(query.as_bytes()).find(|(k, v)| k.contains('\0') || v.contains('\0'));
            if let Some((name, _)) = bad {
                return Err(ApiError::new(ErrorCode::InvalidParameter).with_details(json!({
                    "parameter": nul::escape(&name),
                    "reason": "contains a NUL character (U+0000)",
                })));
            }
        }
        let axum::extract::Query(value) = axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

/// Path extractor; a path that does not parse answers `not_found`.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);
