//! The `blob_uploads` table: resumable upload sessions.

use sea_orm::entity::prelude::*;

/// An upload in progress.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "blob_uploads")]
pub struct Model {
    /// Session id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The uploading user.
    pub user_id: Uuid,
    /// Their device.
    pub device_id: Option<Uuid>,
    /// The sync client, when given.
    pub client_id: Option<Uuid>,
    /// Declared SHA-256.
    pub sha256: String,
    /// Declared size.
    pub size: i64,
    /// MIME type sniffed from the first chunk.
    pub content_type: Option<String>,
    /// Bytes received and stored so far.
    pub received: i64,
    /// Saved SHA-256 state after `received` bytes.
    pub hash_state: String,
    /// The store's upload handle (S3 upload id, or staging file).
    pub store_upload: String,
    /// Stored parts, JSON.
    pub parts: String,
    /// When the uploading device says it was taken (bounded when the session started).
    pub claimed_taken_at: Option<DateTimeUtc>,
    /// Where the device says it was: degrees north.
    pub claimed_latitude: Option<f64>,
    /// Degrees east.
    pub claimed_longitude: Option<f64>,
    /// The accuracy the device claimed, in metres.
    pub claimed_accuracy_m: Option<f64>,
    /// Creation.
    pub created_at: DateTimeUtc,
    /// Last chunk.
    pub updated_at: DateTimeUtc,
    /// When the session is discarded if unfinished.
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
