//! Resumable uploads: a session per photo, chunks sent with `Content-Range`
//! in order, the offset asked again after a cut, the SHA-256 and size
//! verified before the photo is accepted.
//!
//! Each chunk is streamed to the store as one part (an S3 multipart part, or
//! bytes appended to a staging file) while it is hashed; the hash state is
//! saved with the session, so nothing is ever read back and memory does not
//! grow with the photo.

pub mod chunk;
mod complete;
pub mod create;
pub mod status;

use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait};
use sync_protocol::blobs::UploadState;
use uuid::Uuid;

use super::{Blobs, entity::upload, sha256::Sha256, store};
use crate::{
    auth::AuthUser,
    error::{ApiError, ApiResult},
};

/// Every chunk but the last must be at least this large (S3 refuses smaller parts).
pub const MIN_CHUNK_BYTES: u64 = 5 * 1024 * 1024;

/// The session as the client sees it.
pub fn state_of(session: &upload::Model) -> UploadState {
    UploadState {
        upload_id: Some(session.id),
        sha256: session.sha256.clone(),
        size: session.size as u64,
        offset: session.received as u64,
        complete: false,
        min_chunk_bytes: MIN_CHUNK_BYTES,
        expires_at: Some(session.expires_at.to_rfc3339()),
    }
}

/// The answer for a photo the server holds.
pub fn complete_state(sha: &Sha256, size: u64) -> UploadState {
    UploadState {
        upload_id: None,
        sha256: sha.hex(),
        size,
        offset: size,
        complete: true,
        min_chunk_bytes: MIN_CHUNK_BYTES,
        expires_at: None,
    }
}

/// The caller's own live session; anyone else's, or an expired one, is `not_found`.
pub async fn own(db: &impl ConnectionTrait, user: &AuthUser, id: Uuid) -> ApiResult<upload::Model> {
    let session = upload::Entity::find_by_id(id).one(db).await?.ok_or_else(ApiError::not_found)?;
    if session.user_id != user.user_id || session.expires_at < Utc::now() {
        return Err(ApiError::not_found());
    }
    Ok(session)
}

/// The session's photo hash (stored already checked).
pub fn sha_of(session: &upload::Model) -> ApiResult<Sha256> {
    Sha256::parse(&session.sha256).map_err(|_| ApiError::internal("upload session with a bad hash"))
}

/// Drops a session and its stored parts. The row goes even if the store
/// cannot be reached; the cleanup job has no other trace of the parts then,
/// so the store is asked first.
pub async fn discard(blobs: &Blobs, db: &impl ConnectionTrait, session: &upload::Model) -> ApiResult<()> {
    let key = store::blob_key(&sha_of(session)?);
    if let Err(err) = blobs.store.abort_upload(&key, &session.store_upload).await {
        tracing::warn!(error.cause = %err, upload.id = %session.id, "could not abort a discarded upload");
    }
    upload::Entity::delete_by_id(session.id).exec(db).await?;
    Ok(())
}
