//! `GET /v1/blobs/uploads/{id}` (how much the server holds, also as the
//! `Upload-Offset` header, so `HEAD` works) and `DELETE` (give up).

use axum::{
    extract::State,
    http::{HeaderName, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use sync_protocol::blobs::UPLOAD_OFFSET_HEADER;
use uuid::Uuid;

use super::{discard, own, state_of};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::ApiResult,
    http::{
        json::{Json, Path},
        openapi::{AuthErrors, ErrorEnvelopeDoc},
    },
};

/// How much of an upload the server holds: continue from `offset`.
#[utoipa::path(get, path = "/v1/blobs/uploads/{id}", tag = "blobs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Upload session")),
    responses(
        (status = 200, description = "`UploadState`; the `Upload-Offset` header carries `offset` too (for `HEAD`)", body = Object),
        (status = 404, description = "No such session (finished, expired or someone else's)", body = ErrorEnvelopeDoc),
        AuthErrors))]
pub async fn get_upload(State(state): State<AppState>, user: AuthUser, Path(id): Path<Uuid>) -> ApiResult<Response> {
    let session = own(state.db.read(), &user, id).await?;
    let mut response = Json(state_of(&session)).into_response();
    response.headers_mut().insert(HeaderName::from_static(UPLOAD_OFFSET_HEADER), HeaderValue::from(session.received));
    Ok(response)
}

/// Gives up an upload: its data is discarded.
#[utoipa::path(delete, path = "/v1/blobs/uploads/{id}", tag = "blobs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Upload session")),
    responses(
        (status = 204, description = "Discarded"),
        (status = 404, description = "No such session", body = ErrorEnvelopeDoc),
        AuthErrors))]
pub async fn cancel_upload(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let session = own(state.db.read(), &user, id).await?;
    discard(&state.blobs, state.db.write(), &session).await?;
    Ok(StatusCode::NO_CONTENT)
}
