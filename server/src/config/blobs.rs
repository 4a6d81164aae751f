//! Photo storage settings: the object store, limits and background work.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Secret;

/// Where photos are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlobBackend {
    /// Files under `blobs.dir` (the embedded default; one server process).
    Fs,
    /// An S3-protocol object store (`[blobs.s3]`): AWS, MinIO, Garage, Ceph.
    S3,
}

/// Photo storage, limits and background work.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct BlobSettings {
    /// `fs` or `s3`.
    pub backend: BlobBackend,
    /// Directory of the `fs` store; empty means `<data_dir>/blobs`.
    pub dir: PathBuf,
    /// Largest photo accepted, in bytes.
    pub max_size_bytes: u64,
    /// How long an unfinished upload session lives, in seconds.
    pub upload_expiry_secs: u64,
    /// How long a stored photo no record references is kept, in seconds.
    pub orphan_grace_secs: u64,
    /// How many photos are turned into thumbnails at once.
    pub thumbnail_concurrency: usize,
    /// How often the cleanup job runs, in seconds.
    pub cleanup_every_secs: u64,
    /// The S3 store (with `backend = "s3"`).
    pub s3: S3Settings,
}

impl Default for BlobSettings {
    fn default() -> Self {
        Self {
            backend: BlobBackend::Fs,
            dir: PathBuf::new(),
            max_size_bytes: 25 * 1024 * 1024,
            upload_expiry_secs: 24 * 3600,
            orphan_grace_secs: 7 * 24 * 3600,
            thumbnail_concurrency: 2,
            cleanup_every_secs: 600,
            s3: S3Settings::default(),
        }
    }
}

impl BlobSettings {
    /// The directory of the `fs` store.
    pub fn fs_dir(&self, data_dir: &std::path::Path) -> PathBuf {
        if self.dir.as_os_str().is_empty() { data_dir.join("blobs") } else { self.dir.clone() }
    }
}

/// An S3-protocol object store.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct S3Settings {
    /// Endpoint URL, e.g. `https://s3.eu-west-1.amazonaws.com` or `http://minio:9000`; empty for AWS's default.
    pub endpoint: String,
    /// Region (any value for most non-AWS stores).
    pub region: String,
    /// Bucket; it must exist.
    pub bucket: String,
    /// Address the bucket in the path (`endpoint/bucket/key`): MinIO, Garage, Ceph.
    pub path_style: bool,
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: Secret,
    /// Answer downloads with a redirect to a short-lived presigned URL instead of streaming.
    pub presign_downloads: bool,
    /// Lifetime of a presigned download URL, in seconds.
    pub presign_ttl_secs: u64,
}

impl Default for S3Settings {
    fn default() -> Self {
        Self {
            endpoint: String::new(),
            region: "us-east-1".into(),
            bucket: "fieldsync".into(),
            path_style: true,
            access_key_id: String::new(),
            secret_access_key: Secret::default(),
            presign_downloads: false,
            presign_ttl_secs: 300,
        }
    }
}
