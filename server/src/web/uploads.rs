//! Photo uploads from the pages: the resumable upload protocol of
//! `/v1/blobs/uploads` (sync-protocol §18) on the session cookie instead of a
//! bearer token. Starting goes through the same `blobs::uploads::create::start`
//! as a device's; chunks, the offset and giving up are the API's own
//! handlers mounted under `/app/uploads/{id}` (see `web::router`), which take
//! the session's user. The CSRF check covers them all: the script sends the
//! token as `x-csrf-token`.

use axum::{extract::State, http::StatusCode};
use sync_protocol::blobs::{CreateUpload, UploadState};

use super::{orders::contractor_only, session::Signed};
use crate::{app::AppState, blobs::uploads::create, error::ApiResult, http::json::Json};

/// `POST /app/uploads`: starts the upload of one photo (contractors answering an order).
pub async fn create_upload(
    State(state): State<AppState>,
    signed: Signed,
    Json(body): Json<CreateUpload>,
) -> ApiResult<(StatusCode, Json<UploadState>)> {
    contractor_only(&signed)?;
    create::start(&state, &signed.user, body).await
}
