//! The object store behind one trait, with two backends: files on the local
//! disk ([`fs::FsStore`]) and an S3-protocol service ([`s3::S3Store`]).
//!
//! Nothing becomes visible under its key until it is complete: single
//! objects are written to a temporary name and renamed (or PUT whole), and
//! uploads in parts become visible only when completed (rename, or S3
//! multipart completion).

pub mod fs;
pub mod s3;

use std::{io, pin::Pin, time::Duration};

use bytes::Bytes;
use futures::Stream;

use super::sha256::Sha256;

/// A stream of bytes in or out of the store.
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, io::Error>> + Send>>;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store cannot be reached or answers with a server error; retry later.
    #[error("object store unavailable: {0}")]
    Unavailable(String),
    /// No object under that key (or no such upload).
    #[error("no such object")]
    NotFound,
    /// The bytes sent were fewer or more than announced (the client's
    /// connection was cut, or it sent too much).
    #[error("incomplete data: {0}")]
    Incomplete(String),
    /// Anything else.
    #[error("object store error: {0}")]
    Other(String),
}

/// The result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// One stored part of an upload.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    /// Part number, from 1.
    pub n: u32,
    /// The store's tag of the part (S3 ETag; empty on disk).
    pub etag: String,
}

/// An object read from the store.
pub struct Object {
    /// The bytes (of the range asked for).
    pub body: ByteStream,
    /// Length of `body`.
    pub len: u64,
}

impl std::fmt::Debug for Object {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Object").field("len", &self.len).finish()
    }
}

/// An object store.
#[async_trait::async_trait]
pub trait BlobStore: Send + Sync + std::fmt::Debug + 'static {
    /// Which backend this is (`fs` or `s3`), for logs and `/readyz`.
    fn name(&self) -> &'static str;

    /// Whether the store answers.
    async fn ping(&self) -> StoreResult<()>;

    /// Stores a small object whole (thumbnails), atomically.
    async fn put(&self, key: &str, data: Bytes, content_type: &str) -> StoreResult<()>;

    /// Reads an object, or bytes `start..=end` of it.
    async fn get(&self, key: &str, range: Option<(u64, u64)>) -> StoreResult<Object>;

    /// Whether an object exists.
    async fn exists(&self, key: &str) -> StoreResult<bool>;

    /// Deletes an object; deleting a missing one is not an error.
    async fn delete(&self, key: &str) -> StoreResult<()>;

    /// Starts an upload in parts that will become `key`; returns the store's upload handle.
    async fn begin_upload(&self, key: &str, content_type: &str) -> StoreResult<String>;

    /// Stores part `part` of an upload: exactly `len` bytes from `body`, which
    /// begin at byte `offset` of the object. A part cut short stores nothing.
    async fn put_part(
        &self,
        key: &str,
        upload: &str,
        part: u32,
        offset: u64,
        len: u64,
        body: ByteStream,
    ) -> StoreResult<Part>;

    /// Makes the upload visible under `key`, all at once.
    async fn complete_upload(&self, key: &str, upload: &str, parts: &[Part]) -> StoreResult<()>;

    /// Discards an upload and its parts.
    async fn abort_upload(&self, key: &str, upload: &str) -> StoreResult<()>;

    /// A URL that reads the object for `ttl` without credentials, where the store can make one.
    async fn presign_get(&self, key: &str, ttl: Duration) -> StoreResult<Option<String>>;
}

/// The key of a photo.
pub fn blob_key(sha: &Sha256) -> String {
    let hex = sha.hex();
    format!("blobs/{}/{hex}", &hex[..2])
}

/// The key of a photo's thumbnail `size` pixels wide at most.
pub fn thumbnail_key(sha: &Sha256, size: u32) -> String {
    let hex = sha.hex();
    format!("thumbnails/{size}/{}/{hex}", &hex[..2])
}

impl From<StoreError> for crate::error::ApiError {
    /// An unreachable store is `storage_unavailable` (503, retry after a few
    /// seconds); a chunk cut short is `blob_size_mismatch`.
    fn from(err: StoreError) -> Self {
        use crate::error::ApiError;
        use sync_protocol::ErrorCode;
        match err {
            StoreError::Unavailable(cause) => {
                tracing::warn!(error.cause = %cause, "photo store unavailable");
                ApiError::new(ErrorCode::StorageUnavailable).with_retry_after(5)
            }
            StoreError::NotFound => ApiError::not_found(),
            StoreError::Incomplete(_) => ApiError::new(ErrorCode::BlobSizeMismatch),
            StoreError::Other(cause) => ApiError::internal(cause),
        }
    }
}
