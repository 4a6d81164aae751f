//! `POST /v1/blobs/uploads`: starts the upload of one photo, or answers that
//! nothing needs sending. That answer is given only when the caller holds the
//! photo already or may read it ([`holders::vouch`]); anyone else uploads the
//! bytes as if the server had never seen them, so the answer tells nobody
//! whether a photo exists elsewhere.

use axum::{extract::State, http::StatusCode};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::json;
use sync_protocol::{
    ErrorCode,
    blobs::{CreateUpload, UploadState},
    location::Location,
};
use uuid::Uuid;

use super::{complete_state, state_of};
use crate::{
    app::AppState,
    auth::AuthUser,
    blobs::{entity::blob, entity::upload, hashing::RunningHash, holders, refs::Owner, sha256::Sha256, store},
    error::{ApiError, ApiResult, Reason},
    http::{
        json::Json,
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
        validate::Check,
    },
};

/// Starts an upload session.
#[utoipa::path(post, path = "/v1/blobs/uploads", tag = "blobs", security(("bearer" = [])),
    request_body(content = Object, description = "`CreateUpload`: `{sha256, size, client_id?, taken_at?, location?}`"),
    responses(
        (status = 201, description = "`UploadState` of a new session: send chunks to `/v1/blobs/uploads/{upload_id}`", body = Object),
        (status = 200, description = "`UploadState` with `complete: true`: the caller holds or may read the photo already", body = Object),
        (status = 413, description = "Larger than the server accepts (`blob_too_large`)", body = ErrorEnvelopeDoc),
        (status = 503, description = "The photo store is down (`storage_unavailable`); retry after `Retry-After`", body = ErrorEnvelopeDoc),
        BodyErrors, AuthErrors))]
pub async fn create_upload(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<CreateUpload>,
) -> ApiResult<(StatusCode, Json<UploadState>)> {
    // Photos come from phones; the web pages start uploads through [`start`].
    if user.device_id.is_none() {
        return Err(ApiError::forbidden());
    }
    start(&state, &user, body).await
}

/// Starts an upload session for a caller already allowed to upload: a
/// device's (above) or a web page's (`/app/uploads`).
pub async fn start(
    state: &AppState,
    user: &AuthUser,
    body: CreateUpload,
) -> ApiResult<(StatusCode, Json<UploadState>)> {
    let sha = Sha256::parse(&body.sha256).map_err(|_| ApiError::field("sha256", Reason::Invalid))?;
    let max = state.blobs.settings.max_size_bytes;
    if body.size > max {
        return Err(ApiError::new(ErrorCode::BlobTooLarge).with_details(json!({ "max_size_bytes": max })));
    }
    if body.size == 0 {
        return Err(ApiError::field("size", Reason::Invalid));
    }
    let now = Utc::now();
    let claims = Claims::check(state, &body, now)?;
    if let Some(found) = blob::Entity::find_by_id(sha.hex()).one(state.db.read()).await?
        && holders::vouch(state.db.write(), &Owner::new(user, body.client_id), &[sha.hex()]).await?.contains(&sha.hex())
    {
        return Ok((StatusCode::OK, Json(complete_state(&sha, found.size as u64))));
    }
    // The type is not known until the first chunk; the store does not need it for parts.
    let handle = state.blobs.store.begin_upload(&store::blob_key(&sha), "application/octet-stream").await?;
    let expiry = chrono::Duration::seconds(state.blobs.settings.upload_expiry_secs as i64);
    let session = upload::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user.user_id),
        device_id: Set(user.device_id),
        client_id: Set(body.client_id),
        sha256: Set(sha.hex()),
        size: Set(body.size as i64),
        content_type: Set(None),
        received: Set(0),
        hash_state: Set(RunningHash::default().save()),
        store_upload: Set(handle),
        parts: Set("[]".into()),
        claimed_taken_at: Set(claims.taken_at),
        claimed_latitude: Set(claims.location.map(|l| l.latitude)),
        claimed_longitude: Set(claims.location.map(|l| l.longitude)),
        claimed_accuracy_m: Set(claims.location.and_then(|l| l.accuracy_m)),
        created_at: Set(now),
        updated_at: Set(now),
        expires_at: Set(now + expiry),
    }
    .insert(state.db.write())
    .await?;
    Ok((StatusCode::CREATED, Json(state_of(&session))))
}

/// When and where the device says the photo was taken, once bounded.
struct Claims {
    taken_at: Option<DateTime<Utc>>,
    location: Option<Location>,
}

impl Claims {
    /// The body's claims, or every one out of bounds as a field error
    /// (nothing is started then; the device may start again without them).
    fn check(state: &AppState, body: &CreateUpload, now: DateTime<Utc>) -> ApiResult<Claims> {
        let mut check = Check::new();
        let mut taken_at = None;
        if let Some(text) = &body.taken_at {
            match DateTime::parse_from_rfc3339(text) {
                Ok(claim) => match state.clock.bound(claim.to_utc(), now) {
                    Ok(claim) => taken_at = Some(claim),
                    Err(reason) => check.fail("taken_at", reason),
                },
                Err(_) => check.fail("taken_at", Reason::Invalid),
            }
        }
        if let Some(location) = &body.location {
            check.location("location", location);
        }
        check.finish()?;
        Ok(Claims { taken_at, location: body.location })
    }
}
