//! The embedded store: files under one directory. An object is written to a
//! temporary file, flushed to disk, then renamed into place, so a crash never
//! leaves a partial photo under its name. Uploads in parts go to a staging
//! file that is renamed when complete.

use std::{
    io::{self, SeekFrom},
    path::{Path, PathBuf},
    time::Duration,
};

use bytes::Bytes;
use futures::StreamExt;
use tokio::{
    fs,
    io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt},
};
use tokio_util::io::ReaderStream;
use uuid::Uuid;

use super::{BlobStore, ByteStream, Object, Part, StoreError, StoreResult};

/// Objects as files under a root directory.
#[derive(Debug, Clone)]
pub struct FsStore {
    root: PathBuf,
}

fn io_error(err: io::Error) -> StoreError {
    match err.kind() {
        io::ErrorKind::NotFound => StoreError::NotFound,
        _ => StoreError::Unavailable(err.to_string()),
    }
}

impl FsStore {
    /// A store under `root`, created if missing.
    pub async fn open(root: &Path) -> io::Result<FsStore> {
        for sub in [".tmp", ".uploads"] {
            fs::create_dir_all(root.join(sub)).await?;
        }
        Ok(FsStore { root: root.to_owned() })
    }

    fn path(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    fn staging(&self, upload: &str) -> StoreResult<PathBuf> {
        let id = Uuid::parse_str(upload).map_err(|_| StoreError::NotFound)?;
        Ok(self.root.join(".uploads").join(id.to_string()))
    }

    /// Renames a finished file into place and makes the rename durable.
    async fn publish(&self, from: &Path, key: &str) -> io::Result<()> {
        let to = self.path(key);
        let dir = to.parent().unwrap_or(&self.root).to_owned();
        fs::create_dir_all(&dir).await?;
        fs::rename(from, &to).await?;
        fs::File::open(&dir).await?.sync_all().await
    }
}

#[async_trait::async_trait]
impl BlobStore for FsStore {
    fn name(&self) -> &'static str {
        "fs"
    }

    async fn ping(&self) -> StoreResult<()> {
        match fs::metadata(self.root.join(".tmp")).await {
            Ok(meta) if meta.is_dir() => Ok(()),
            Ok(_) => Err(StoreError::Unavailable("store directory is not a directory".into())),
            Err(err) => Err(StoreError::Unavailable(err.to_string())),
        }
    }

    async fn put(&self, key: &str, data: Bytes, _content_type: &str) -> StoreResult<()> {
        let tmp = self.root.join(".tmp").join(Uuid::new_v4().to_string());
        let mut file = fs::File::create(&tmp).await.map_err(io_error)?;
        file.write_all(&data).await.map_err(io_error)?;
        file.sync_all().await.map_err(io_error)?;
        drop(file);
        self.publish(&tmp, key).await.map_err(io_error)
    }

    async fn get(&self, key: &str, range: Option<(u64, u64)>) -> StoreResult<Object> {
        let mut file = fs::File::open(self.path(key)).await.map_err(io_error)?;
        let size = file.metadata().await.map_err(io_error)?.len();
        let (start, len) = match range {
            Some((start, end)) => (start, end.min(size.saturating_sub(1)).saturating_sub(start) + 1),
            None => (0, size),
        };
        file.seek(SeekFrom::Start(start)).await.map_err(io_error)?;
        Ok(Object { body: Box::pin(ReaderStream::new(file.take(len))), len })
    }

    async fn exists(&self, key: &str) -> StoreResult<bool> {
        fs::try_exists(self.path(key)).await.map_err(io_error)
    }

    async fn delete(&self, key: &str) -> StoreResult<()> {
        match fs::remove_file(self.path(key)).await {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(err) => Err(io_error(err)),
        }
    }

    async fn begin_upload(&self, _key: &str, _content_type: &str) -> StoreResult<String> {
        let id = Uuid::new_v4().to_string();
        fs::File::create(self.staging(&id)?).await.map_err(io_error)?;
        Ok(id)
    }

    async fn put_part(
        &self,
        _key: &str,
        upload: &str,
        part: u32,
        offset: u64,
        len: u64,
        mut body: ByteStream,
    ) -> StoreResult<Part> {
        let path = self.staging(upload)?;
        let mut file = fs::OpenOptions::new().write(true).open(&path).await.map_err(io_error)?;
        // Bytes of an earlier part that was cut short are dropped.
        file.set_len(offset).await.map_err(io_error)?;
        file.seek(SeekFrom::Start(offset)).await.map_err(io_error)?;
        let mut written = 0u64;
        let outcome = async {
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|e| StoreError::Incomplete(e.to_string()))?;
                written += chunk.len() as u64;
                if written > len {
                    return Err(StoreError::Incomplete("more bytes than announced".into()));
                }
                file.write_all(&chunk).await.map_err(io_error)?;
            }
            if written != len {
                return Err(StoreError::Incomplete(format!("{written} of {len} bytes")));
            }
            file.sync_data().await.map_err(io_error)
        }
        .await;
        if outcome.is_err() {
            let _ = file.set_len(offset).await;
        }
        outcome.map(|()| Part { n: part, etag: String::new() })
    }

    async fn complete_upload(&self, key: &str, upload: &str, _parts: &[Part]) -> StoreResult<()> {
        let path = self.staging(upload)?;
        fs::File::open(&path).await.map_err(io_error)?.sync_all().await.map_err(io_error)?;
        self.publish(&path, key).await.map_err(io_error)
    }

    async fn abort_upload(&self, _key: &str, upload: &str) -> StoreResult<()> {
        match fs::remove_file(self.staging(upload)?).await {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(err) => Err(io_error(err)),
        }
    }

    async fn presign_get(&self, _key: &str, _ttl: Duration) -> StoreResult<Option<String>> {
        Ok(None)
    }
}
