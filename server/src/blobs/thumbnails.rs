//! Thumbnails (320 and 1280 pixels on the long side, JPEG, EXIF orientation
//! applied) made after an upload, off the request path, a few at a time, and
//! stored beside the photo. The EXIF time and place are read at the same time.

use std::{io::Cursor, sync::Arc};

use futures::TryStreamExt;
use image::{DynamicImage, ImageDecoder, ImageReader, codecs::jpeg::JpegEncoder, metadata::Orientation};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use tokio::sync::Semaphore;

use super::{
    entity::blob,
    exif,
    sha256::Sha256,
    sniff::PhotoType,
    store::{self, BlobStore},
};
use crate::db::Db;

/// Largest side of each thumbnail, in pixels.
pub const SIZES: [u32; 2] = [320, 1280];

/// Makes thumbnails with bounded concurrency.
#[derive(Debug, Clone)]
pub struct Thumbnailer {
    store: Arc<dyn BlobStore>,
    permits: Arc<Semaphore>,
}

/// The outcome for one photo.
struct Made {
    exif: exif::Exif,
    thumbnails: Vec<(u32, Vec<u8>)>,
    state: &'static str,
}

impl Thumbnailer {
    /// A thumbnailer that works on at most `concurrency` photos at once.
    pub fn new(store: Arc<dyn BlobStore>, concurrency: usize) -> Thumbnailer {
        Thumbnailer { store, permits: Arc::new(Semaphore::new(concurrency.max(1))) }
    }

    /// Makes the photo's thumbnails in the background. If the store is down,
    /// the photo stays `pending` and the cleanup job asks again later.
    pub fn enqueue(&self, db: Db, sha: Sha256, content_type: String) {
        let this = self.clone();
        tokio::spawn(async move {
            let Ok(_permit) = this.permits.clone().acquire_owned().await else { return };
            if let Err(err) = this.process(&db, sha, &content_type).await {
                tracing::warn!(error.cause = %err, blob.sha256 = %sha, "thumbnails not made; will retry");
            }
        });
    }

    /// Reads the photo, makes and stores its thumbnails, records its EXIF data.
    pub async fn process(&self, db: &Db, sha: Sha256, content_type: &str) -> anyhow::Result<()> {
        let object = self.store.get(&store::blob_key(&sha), None).await?;
        let mut data = Vec::with_capacity(object.len as usize);
        let mut body = object.body;
        while let Some(chunk) = body.try_next().await? {
            data.extend_from_slice(&chunk);
        }
        let kind = PhotoType::from_mime(content_type);
        let made = tokio::task::spawn_blocking(move || make(&data, kind)).await?;
        for (size, bytes) in made.thumbnails {
            self.store.put(&store::thumbnail_key(&sha, size), bytes.into(), "image/jpeg").await?;
        }
        let Some(found) = blob::Entity::find_by_id(sha.hex()).one(db.read()).await? else {
            return Ok(());
        };
        let mut active: blob::ActiveModel = found.into();
        active.taken_at = Set(made.exif.taken_at);
        active.latitude = Set(made.exif.latitude);
        active.longitude = Set(made.exif.longitude);
        active.thumbnails = Set(made.state.to_owned());
        active.update(db.write()).await?;
        Ok(())
    }
}

/// Decodes the photo (JPEG, PNG, WebP; HEIC is not decoded) and encodes its thumbnails.
fn make(data: &[u8], kind: Option<PhotoType>) -> Made {
    let exif = exif::read(data);
    if !matches!(kind, Some(PhotoType::Jpeg | PhotoType::Png | PhotoType::Webp)) {
        return Made { exif, thumbnails: Vec::new(), state: "none" };
    }
    match render(data, exif.orientation) {
        Ok(thumbnails) => Made { exif, thumbnails, state: "done" },
        Err(err) => {
            tracing::info!(error.cause = %err, "photo could not be decoded for thumbnails");
            Made { exif, thumbnails: Vec::new(), state: "failed" }
        }
    }
}

fn render(data: &[u8], exif_orientation: Option<u8>) -> image::ImageResult<Vec<(u32, Vec<u8>)>> {
    let mut decoder = ImageReader::new(Cursor::new(data)).with_guessed_format()?.into_decoder()?;
    let orientation = decoder
        .orientation()
        .ok()
        .filter(|o| *o != Orientation::NoTransforms)
        .or_else(|| exif_orientation.and_then(Orientation::from_exif))
        .unwrap_or(Orientation::NoTransforms);
    let mut photo = DynamicImage::from_decoder(decoder)?;
    photo.apply_orientation(orientation);
    let mut out = Vec::new();
    for size in SIZES {
        let scaled =
            if photo.width() > size || photo.height() > size { photo.thumbnail(size, size) } else { photo.clone() };
        let mut bytes = Vec::new();
        JpegEncoder::new_with_quality(&mut bytes, 80).encode_image(&scaled.to_rgb8())?;
        out.push((size, bytes));
    }
    Ok(out)
}
