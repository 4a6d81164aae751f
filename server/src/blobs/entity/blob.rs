//! The `blobs` table: one row per stored and verified photo. A row exists
//! only once the bytes are complete in the object store.

use sea_orm::entity::prelude::*;

/// A stored photo.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "blobs")]
pub struct Model {
    /// SHA-256 of the bytes, 64 lowercase hex digits.
    #[sea_orm(primary_key, auto_increment = false)]
    pub sha256: String,
    /// Size in bytes.
    pub size: i64,
    /// MIME type sniffed from the bytes.
    pub content_type: String,
    /// EXIF time the photo was taken, as the camera wrote it (informative only).
    pub taken_at: Option<String>,
    /// EXIF GPS latitude (informative only, never used to authorise).
    pub latitude: Option<f64>,
    /// EXIF GPS longitude.
    pub longitude: Option<f64>,
    /// When the uploading device says it was taken (bounded when received).
    pub claimed_taken_at: Option<DateTimeUtc>,
    /// Where the device says it was: degrees north.
    pub claimed_latitude: Option<f64>,
    /// Degrees east.
    pub claimed_longitude: Option<f64>,
    /// The accuracy the device claimed, in metres.
    pub claimed_accuracy_m: Option<f64>,
    /// Thumbnails: `pending`, `done`, `none` (format not decodable) or `failed`.
    pub thumbnails: String,
    /// When it was stored.
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
