//! Finishing an upload: the SHA-256 of everything received must be the one
//! declared, else the data is discarded. Only then is the upload made
//! visible in the store and recorded as a stored photo, in that order, so
//! nothing is reported saved that is not; the uploader is then a holder of
//! the photo, whether the server kept these bytes or had them already.

use axum::http::StatusCode;
use chrono::Utc;
use sea_orm::{ActiveValue::Set, EntityTrait, sea_query::OnConflict};
use serde_json::json;
use sync_protocol::{ErrorCode, blobs::UploadState};

use super::{complete_state, discard, sha_of};
use crate::{
    app::AppState,
    blobs::{
        entity::{blob, upload},
        hashing::RunningHash,
        holders,
        store::{self, Part},
    },
    error::{ApiError, ApiResult},
    http::json::Json,
};

/// Verifies and stores a session whose bytes are all received.
pub async fn finish(
    state: &AppState,
    session: &upload::Model,
    hash: RunningHash,
) -> ApiResult<(StatusCode, Json<UploadState>)> {
    let sha = sha_of(session)?;
    let got = hash.finish();
    if got != sha {
        discard(&state.blobs, state.db.write(), session).await?;
        return Err(ApiError::new(ErrorCode::BlobHashMismatch)
            .with_details(json!({ "declared": sha.hex(), "received": got.hex() })));
    }
    let size = session.size as u64;
    if blob::Entity::find_by_id(sha.hex()).one(state.db.read()).await?.is_some() {
        // Stored already (by another device, or a session meanwhile): keep one copy.
        discard(&state.blobs, state.db.write(), session).await?;
        holders::add(state.db.write(), session.user_id, &[sha.hex()]).await?;
        return Ok((StatusCode::CREATED, Json(complete_state(&sha, size))));
    }
    let parts: Vec<Part> = serde_json::from_str(&session.parts).map_err(ApiError::internal)?;
    state.blobs.store.complete_upload(&store::blob_key(&sha), &session.store_upload, &parts).await?;
    let content_type = session.content_type.clone().unwrap_or_else(|| "application/octet-stream".into());
    blob::Entity::insert(blob::ActiveModel {
        sha256: Set(sha.hex()),
        size: Set(session.size),
        content_type: Set(content_type.clone()),
        taken_at: Set(None),
        latitude: Set(None),
        longitude: Set(None),
        // The first uploader's claims stand: a photo stored already keeps its own.
        claimed_taken_at: Set(session.claimed_taken_at),
        claimed_latitude: Set(session.claimed_latitude),
        claimed_longitude: Set(session.claimed_longitude),
        claimed_accuracy_m: Set(session.claimed_accuracy_m),
        thumbnails: Set("pending".into()),
        created_at: Set(Utc::now()),
    })
    .on_conflict(OnConflict::column(blob::Column::Sha256).do_nothing().to_owned())
    .exec_without_returning(state.db.write())
    .await?;
    holders::add(state.db.write(), session.user_id, &[sha.hex()]).await?;
    upload::Entity::delete_by_id(session.id).exec(state.db.write()).await?;
    tracing::info!(blob.sha256 = %sha, blob.size = size, "photo stored");
    state.blobs.thumbnails.enqueue(state.db.clone(), sha, content_type);
    Ok((StatusCode::CREATED, Json(complete_state(&sha, size))))
}
