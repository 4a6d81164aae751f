//! Photos: a content-addressed store (SHA-256 names), resumable verified
//! uploads, references from records, authorised downloads with ranges, and
//! thumbnails and cleanup off the request path.
//!
//! The bytes live in a [`store::BlobStore`] (local files or S3); the
//! database holds what is stored (`blobs`), uploads in progress
//! (`blob_uploads`) and which record references which photo (`blob_refs`).
//! A photo counts as stored only once its bytes are complete and verified.

mod access;
pub mod cleanup;
pub mod download;
pub mod entity;
pub mod exif;
mod hashing;
pub mod holders;
mod missing;
mod owed;
mod range;
pub mod refs;
pub mod sha256;
pub mod sniff;
pub mod store;
pub mod thumbnails;
pub mod uploads;

use std::{collections::HashMap, sync::Arc, sync::Mutex, time::Duration};

use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub use sha256::Sha256;
pub use store::{BlobStore, StoreError};

use crate::{
    app::AppState,
    config::{BlobBackend, BlobSettings},
    jobs::Background,
};

/// The photo service: the store, its limits and the thumbnail queue.
#[derive(Debug)]
pub struct Blobs {
    /// Where the bytes are.
    pub store: Arc<dyn BlobStore>,
    /// Limits and background settings.
    pub settings: BlobSettings,
    /// Makes thumbnails, a few at a time.
    pub thumbnails: thumbnails::Thumbnailer,
    /// Upload sessions with a chunk in flight in this process.
    busy: Mutex<HashMap<Uuid, Arc<tokio::sync::Mutex<()>>>>,
}

impl Blobs {
    /// Opens the configured store (creating the directory of the `fs` one);
    /// thumbnails are made in `background`.
    pub async fn open(
        settings: &BlobSettings,
        data_dir: &std::path::Path,
        background: &Background,
    ) -> anyhow::Result<Arc<Blobs>> {
        let store: Arc<dyn BlobStore> = match settings.backend {
            BlobBackend::Fs => Arc::new(store::fs::FsStore::open(&settings.fs_dir(data_dir)).await?),
            BlobBackend::S3 => Arc::new(store::s3::S3Store::new(&settings.s3)),
        };
        Ok(Arc::new(Blobs {
            thumbnails: thumbnails::Thumbnailer::new(store.clone(), settings.thumbnail_concurrency, background.clone()),
            store,
            settings: settings.clone(),
            busy: Mutex::new(HashMap::new()),
        }))
    }

    /// Whether the store answers within two seconds (for `/readyz`).
    pub async fn healthy(&self) -> bool {
        match tokio::time::timeout(Duration::from_secs(2), self.store.ping()).await {
            Ok(Ok(())) => true,
            Ok(Err(err)) => {
                tracing::warn!(error.cause = %err, "readiness: photo store unavailable");
                false
            }
            Err(_) => false,
        }
    }

    /// Waits until no other chunk of the session is in flight in this
    /// process (a retry often arrives while the cut request still unwinds);
    /// `None` after `patience`.
    async fn claim(self: &Arc<Self>, session: Uuid, patience: Duration) -> Option<Busy> {
        let lock = {
            let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
            busy.entry(session).or_default().clone()
        };
        let guard = tokio::time::timeout(patience, lock.lock_owned()).await.ok()?;
        Some(Busy { blobs: self.clone(), session, guard: Some(guard) })
    }
}

/// A session claimed by [`Blobs::claim`].
struct Busy {
    blobs: Arc<Blobs>,
    session: Uuid,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.guard.take();
        let mut busy = self.blobs.busy.lock().unwrap_or_else(|e| e.into_inner());
        // Forget the lock when nobody else holds or waits for it.
        if busy.get(&self.session).is_some_and(|lock| Arc::strong_count(lock) == 1) {
            busy.remove(&self.session);
        }
    }
}

/// The photo routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(missing::missing_blobs))
        .routes(routes!(uploads::create::create_upload))
        .routes(routes!(uploads::chunk::put_chunk, uploads::status::get_upload, uploads::status::cancel_upload))
        .routes(routes!(owed::owed_blobs))
        .routes(routes!(owed::missing_records))
        .routes(routes!(download::get_blob))
        .routes(routes!(download::get_thumbnail))
}
