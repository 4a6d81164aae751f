//! An export's CSV in the object store, written in parts as it is produced:
//! any process can serve the download, whichever process made the file, and
//! no process holds a whole export in memory or on its own disk.

use std::sync::Arc;

use bytes::Bytes;
use uuid::Uuid;

use crate::blobs::store::{BlobStore, Part, StoreResult};

/// Bytes per stored part: above S3's 5 MiB minimum for all parts but the last.
const PART: usize = 8 << 20;

/// The key of an export's file.
pub fn key(id: Uuid) -> String {
    format!("exports/{id}.csv")
}

/// A file being written to the store; nothing is visible under its key
/// until [`ExportFile::finish`].
#[derive(Debug)]
pub struct ExportFile {
    store: Arc<dyn BlobStore>,
    key: String,
    upload: String,
    parts: Vec<Part>,
    pending: Vec<u8>,
    written: u64,
}

impl ExportFile {
    /// Starts the file of export `id`.
    pub async fn begin(store: Arc<dyn BlobStore>, id: Uuid) -> StoreResult<ExportFile> {
        let key = key(id);
        let upload = store.begin_upload(&key, "text/csv").await?;
        Ok(ExportFile { store, key, upload, parts: Vec::new(), pending: Vec::with_capacity(PART), written: 0 })
    }

    /// Appends bytes, storing a part whenever enough have gathered.
    pub async fn write(&mut self, bytes: &[u8]) -> StoreResult<()> {
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= PART {
            self.store_part().await?;
        }
        Ok(())
    }

    /// Stores what is left and makes the file visible.
    pub async fn finish(mut self) -> StoreResult<()> {
        if !self.pending.is_empty() || self.parts.is_empty() {
            self.store_part().await?;
        }
        self.store.complete_upload(&self.key, &self.upload, &self.parts).await
    }

    /// Discards the parts stored so far.
    pub async fn abort(self) {
        if let Err(err) = self.store.abort_upload(&self.key, &self.upload).await {
            tracing::warn!(error.cause = %err, export.key = %self.key, "export upload not aborted");
        }
    }

    async fn store_part(&mut self) -> StoreResult<()> {
        let bytes = Bytes::from(std::mem::replace(&mut self.pending, Vec::with_capacity(PART)));
        let len = bytes.len() as u64;
        let body = Box::pin(futures::stream::once(async move { Ok(bytes) }));
        let n = self.parts.len() as u32 + 1;
        let part = self.store.put_part(&self.key, &self.upload, n, self.written, len, body).await?;
        self.parts.push(part);
        self.written += len;
        Ok(())
    }
}
