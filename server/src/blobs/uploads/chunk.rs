//! `PUT /v1/blobs/uploads/{id}`: one chunk, `Content-Range: bytes a-b/size`,
//! streamed to the store as one part while it is hashed. The chunk that
//! reaches the declared size finishes the upload.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    body::Body,
    extract::State,
    http::{HeaderMap, StatusCode, header},
};
use bytes::{Bytes, BytesMut};
use chrono::Utc;
use futures::{StreamExt, TryStreamExt, stream};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::json;
use sync_protocol::{ErrorCode, blobs::UploadState};
use uuid::Uuid;

use super::{MIN_CHUNK_BYTES, complete, discard, own, sha_of, state_of};
use crate::{
    app::AppState,
    auth::AuthUser,
    blobs::{
        entity::upload,
        hashing::RunningHash,
        sniff::{self, SNIFF_BYTES},
        store::{self, ByteStream, Part, StoreError},
    },
    error::{ApiError, ApiResult},
    http::{
        json::{Json, Path},
        openapi::{AuthErrors, ErrorEnvelopeDoc},
    },
};

/// A `Content-Range: bytes a-b/size` header; `bytes */size` (no bytes) asks
/// the server to finish an upload whose bytes are all there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentRange {
    /// First and last byte of the chunk, if it has bytes.
    pub bytes: Option<(u64, u64)>,
    /// The whole photo's size.
    pub total: u64,
}

/// Parses a `Content-Range` header.
pub fn parse_content_range(value: &str) -> Option<ContentRange> {
    let (range, total) = value.trim().strip_prefix("bytes ")?.split_once('/')?;
    let total = total.trim().parse().ok()?;
    if range.trim() == "*" {
        return Some(ContentRange { bytes: None, total });
    }
    let (a, b) = range.split_once('-')?;
    let (a, b): (u64, u64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (a <= b).then_some(ContentRange { bytes: Some((a, b)), total })
}

/// What streamed through: the running hash and the byte count.
struct Tally {
    hash: RunningHash,
    count: u64,
    /// The client's body failed, ended early or ran long.
    client_fault: bool,
}

fn offset_mismatch(offset: i64) -> ApiError {
    ApiError::new(ErrorCode::UploadOffsetMismatch).with_details(json!({ "offset": offset }))
}

/// Stores one chunk of an upload.
#[utoipa::path(put, path = "/v1/blobs/uploads/{id}", tag = "blobs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Upload session"),
        ("content-range" = String, Header, description = "`bytes a-b/size`: the chunk's first and last byte and the photo's size; `bytes */size` with no body finishes an upload whose bytes are all there")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The chunk's bytes"),
    responses(
        (status = 200, description = "`UploadState`: stored; send the next chunk from `offset`", body = Object),
        (status = 201, description = "`UploadState` with `complete: true`: the photo is verified and stored", body = Object),
        (status = 404, description = "No such session", body = ErrorEnvelopeDoc),
        (status = 409, description = "The chunk does not start at `details.offset` (`upload_offset_mismatch`)", body = ErrorEnvelopeDoc),
        (status = 415, description = "Not a JPEG, PNG, HEIC or WebP (`blob_type_not_allowed`); the upload is discarded", body = ErrorEnvelopeDoc),
        (status = 422, description = "`blob_hash_mismatch` or `blob_size_mismatch` (the upload is discarded), `upload_chunk_too_small`", body = ErrorEnvelopeDoc),
        (status = 503, description = "The photo store is down (`storage_unavailable`); ask the offset and resume after `Retry-After`", body = ErrorEnvelopeDoc),
        AuthErrors))]
pub async fn put_chunk(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<UploadState>)> {
    let incoming = Shared::new(Box::pin(body.into_data_stream().map_err(std::io::Error::other)));
    let outcome = store_chunk(&state, &user, id, &headers, incoming.clone()).await;
    if outcome.is_err() {
        // Read what the client still sends, so it gets the answer instead of a cut connection.
        incoming.drain(state.blobs.settings.max_size_bytes).await;
    }
    outcome
}

async fn store_chunk(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
    headers: &HeaderMap,
    incoming: Shared,
) -> ApiResult<(StatusCode, Json<UploadState>)> {
    let range =
        headers.get(header::CONTENT_RANGE).and_then(|v| v.to_str().ok()).and_then(parse_content_range).ok_or_else(
            || ApiError::new(ErrorCode::InvalidParameter).with_details(json!({ "header": "content-range" })),
        )?;
    own(state.db.read(), user, id).await?;
    let Some(_busy) = state.blobs.claim(id, Duration::from_secs(30)).await else {
        return Err(ApiError::new(ErrorCode::Conflict));
    };
    // Read after the claim: a chunk that was in flight may have moved the offset.
    let session = own(state.db.read(), user, id).await?;
    let size = session.size as u64;
    if range.total != size {
        discard(&state.blobs, state.db.write(), &session).await?;
        return Err(ApiError::new(ErrorCode::BlobSizeMismatch).with_details(json!({ "declared": size })));
    }
    let Some((start, end)) = range.bytes else {
        // Finishing again after a failed finish (the store was down): every byte is here.
        if session.received as u64 != size {
            return Err(offset_mismatch(session.received));
        }
        let hash = RunningHash::restore(&session.hash_state).ok_or_else(|| ApiError::internal("bad hash state"))?;
        return complete::finish(state, &session, hash).await;
    };
    if start != session.received as u64 {
        return Err(offset_mismatch(session.received));
    }
    if end >= size {
        discard(&state.blobs, state.db.write(), &session).await?;
        return Err(ApiError::new(ErrorCode::BlobSizeMismatch).with_details(json!({ "declared": size })));
    }
    let len = end - start + 1;
    if end + 1 < size && len < MIN_CHUNK_BYTES {
        return Err(
            ApiError::new(ErrorCode::UploadChunkTooSmall).with_details(json!({ "min_chunk_bytes": MIN_CHUNK_BYTES }))
        );
    }

    let mut body: ByteStream = Box::pin(incoming);
    let mut content_type = session.content_type.clone();
    if start == 0 {
        let head = peek(&mut body, SNIFF_BYTES).await.map_err(|_| ApiError::new(ErrorCode::BlobSizeMismatch))?;
        let Some(kind) = sniff::sniff(&head) else {
            discard(&state.blobs, state.db.write(), &session).await?;
            return Err(ApiError::new(ErrorCode::BlobTypeNotAllowed));
        };
        content_type = Some(kind.mime().to_owned());
        body = Box::pin(stream::once(async move { Ok(head) }).chain(body));
    }

    let hash = RunningHash::restore(&session.hash_state).ok_or_else(|| ApiError::internal("bad hash state"))?;
    let tally = Arc::new(Mutex::new(Tally { hash, count: 0, client_fault: false }));
    let counted = tallied(body, tally.clone(), len);
    // Parts that do not decode fail the upload: read as none, the next
    // part would overwrite the first and the photo be assembled wrong.
    let mut parts: Vec<Part> = crate::db::typed::decode(&session.parts).map_err(ApiError::internal)?;
    let n = parts.len() as u32 + 1;
    let key = store::blob_key(&sha_of(&session)?);
    let stored = state.blobs.store.put_part(&key, &session.store_upload, n, start, len, counted).await;
    let Tally { hash, count, client_fault } = std::mem::replace(
        &mut *tally.lock().unwrap_or_else(|e| e.into_inner()),
        Tally { hash: RunningHash::default(), count: 0, client_fault: false },
    );
    let part = match stored {
        // A chunk cut short (the client's connection dropped) stores nothing: not the store's fault.
        Err(_) if client_fault => return Err(StoreError::Incomplete(format!("{count} of {len} bytes")).into()),
        Err(err) => return Err(err.into()),
        Ok(_) if count != len => return Err(StoreError::Incomplete(format!("{count} of {len} bytes")).into()),
        Ok(part) => part,
    };
    parts.retain(|p| p.n != n);
    parts.push(part);
    let now = Utc::now();
    let expires = now + chrono::Duration::seconds(state.blobs.settings.upload_expiry_secs as i64);
    let parts_json = serde_json::to_string(&parts).map_err(ApiError::internal)?;
    let updated = upload::Entity::update_many()
        .col_expr(upload::Column::Received, Expr::value((end + 1) as i64))
        .col_expr(upload::Column::HashState, Expr::value(hash.save()))
        .col_expr(upload::Column::Parts, Expr::value(parts_json.clone()))
        .col_expr(upload::Column::ContentType, Expr::value(content_type.clone()))
        .col_expr(upload::Column::UpdatedAt, Expr::value(now))
        .col_expr(upload::Column::ExpiresAt, Expr::value(expires))
        .filter(upload::Column::Id.eq(id))
        .filter(upload::Column::Received.eq(session.received))
        .exec(state.db.write())
        .await?;
    if updated.rows_affected == 0 {
        return Err(offset_mismatch(session.received));
    }
    let session =
        upload::Model { received: (end + 1) as i64, parts: parts_json, content_type, expires_at: expires, ..session };
    if end + 1 == size {
        return complete::finish(state, &session, hash).await;
    }
    Ok((StatusCode::OK, Json(state_of(&session))))
}

/// The request body, shared between the store (which may drop it half read)
/// and the handler (which then reads the rest).
#[derive(Clone)]
struct Shared(Arc<Mutex<ByteStream>>);

impl Shared {
    fn new(body: ByteStream) -> Shared {
        Shared(Arc::new(Mutex::new(body)))
    }

    /// Reads and drops up to `limit` more bytes, for at most a minute.
    async fn drain(self, limit: u64) {
        let mut seen = 0u64;
        let mut rest = self;
        let read = async {
            while let Some(Ok(chunk)) = rest.next().await {
                seen += chunk.len() as u64;
                if seen > limit {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(60), read).await;
    }
}

impl futures::Stream for Shared {
    type Item = std::io::Result<Bytes>;
    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).as_mut().poll_next(cx)
    }
}

/// Reads at least `want` bytes (fewer only if the body is shorter).
async fn peek(body: &mut ByteStream, want: usize) -> std::io::Result<Bytes> {
    let mut head = BytesMut::new();
    while head.len() < want {
        match body.next().await {
            Some(chunk) => head.extend_from_slice(&chunk?),
            None => break,
        }
    }
    Ok(head.freeze())
}

/// Hashes and counts the bytes as the store pulls them; a body that fails,
/// ends early or runs past `limit` is the client's fault, noted in the tally.
fn tallied(mut body: ByteStream, tally: Arc<Mutex<Tally>>, limit: u64) -> ByteStream {
    Box::pin(stream::poll_fn(move |cx| {
        let item = std::task::ready!(body.as_mut().poll_next(cx));
        let mut tally = tally.lock().unwrap_or_else(|e| e.into_inner());
        std::task::Poll::Ready(match item {
            Some(Ok(chunk)) => {
                tally.count += chunk.len() as u64;
                if tally.count > limit {
                    tally.client_fault = true;
                    Some(Err(std::io::Error::other("more bytes than Content-Range announced")))
                } else {
                    tally.hash.update(&chunk);
                    Some(Ok(chunk))
                }
            }
            Some(Err(err)) => {
                tally.client_fault = true;
                Some(Err(err))
            }
            None => {
                tally.client_fault |= tally.count < limit;
                None
            }
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_ranges_are_parsed_strictly() {
        let some = |a, b, total| Some(ContentRange { bytes: Some((a, b)), total });
        assert_eq!(parse_content_range("bytes 0-99/1000"), some(0, 99, 1000));
        assert_eq!(parse_content_range(" bytes 900-999/1000 "), some(900, 999, 1000));
        assert_eq!(parse_content_range("bytes */1000"), Some(ContentRange { bytes: None, total: 1000 }));
        for bad in ["", "bytes 0-99", "bytes 99-0/1000", "bytes 0-99/*", "items 0-99/1000", "bytes a-b/10"] {
            assert_eq!(parse_content_range(bad), None, "{bad:?}");
        }
    }
}
