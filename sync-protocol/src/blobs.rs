//! Photos: content-addressed blobs, the `missing` check, resumable upload
//! sessions and the list of photos a device still owes. See the spec, section
//! "Photos".

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::location::Location;

/// Largest number of hashes in one `POST /v1/blobs/missing`.
pub const MAX_MISSING_QUERY: usize = 5_000;

/// The header that tells how many bytes of an upload the server holds.
pub const UPLOAD_OFFSET_HEADER: &str = "upload-offset";

/// `POST /v1/blobs/missing`: which of these photos does the server lack?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct MissingRequest {
    /// SHA-256 of each photo, 64 lowercase hex digits.
    pub hashes: Vec<String>,
}

/// The answer to [`MissingRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct MissingResponse {
    /// The hashes the server does not hold, in the order asked; upload these.
    pub missing: Vec<String>,
}

/// `POST /v1/blobs/uploads`: starts (or finds complete) the upload of one photo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CreateUpload {
    /// SHA-256 of the whole photo, 64 lowercase hex digits.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// The sync client that will reference it (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub client_id: Option<Uuid>,
    /// When the photo was taken by the device's clock (RFC 3339): a claim,
    /// kept for reviewers beside the photo's own EXIF time, and refused
    /// (`validation_failed`, field `taken_at`) when later than the server's
    /// clock allows or older than the device-time window (spec §16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub taken_at: Option<String>,
    /// Where the device was when it was taken; bounded as
    /// [`Location::out_of_range`] says (fields `location.latitude`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub location: Option<Location>,
}

/// State of an upload session (answer to create, to each chunk and to `GET`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct UploadState {
    /// The session, for the chunk URL `/v1/blobs/uploads/{upload_id}`; absent
    /// when the server already holds the photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub upload_id: Option<Uuid>,
    /// The photo.
    pub sha256: String,
    /// Its declared size.
    pub size: u64,
    /// How many bytes the server holds: send the next chunk from here.
    pub offset: u64,
    /// Whether the photo is stored and verified (nothing more to send).
    pub complete: bool,
    /// Every chunk but the last must be at least this large.
    pub min_chunk_bytes: u64,
    /// When an unfinished session is discarded (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub expires_at: Option<String>,
}

/// `GET /v1/blobs/owed`: photos the caller's devices referenced but never sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct OwedResponse {
    /// Each owed photo with the records that reference it.
    pub owed: Vec<OwedBlob>,
}

/// One photo a device still owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct OwedBlob {
    /// The photo's SHA-256.
    pub sha256: String,
    /// The client that made the reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub client_id: Option<Uuid>,
    /// The records that reference it.
    pub records: Vec<RecordRef>,
}

/// A record that references photos.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RecordRef {
    /// Record type, e.g. `inspection`.
    pub record_type: String,
    /// Record id.
    pub record_id: Uuid,
}
