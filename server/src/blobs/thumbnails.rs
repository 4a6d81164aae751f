//! Thumbnails (320 and 1280 pixels on the long side, JPEG, EXIF orientation
//! applied) made after an upload, off the request path, a few at a time, and
//! stored beside the photo. The EXIF time and place are read at the same time.

use std::{io::Cursor, sync::Arc};

use futures::TryStreamExt;
use image::{
    DynamicImage, ImageDecoder, ImageError, ImageReader, Limits,
    codecs::jpeg::JpegEncoder,
    error::{LimitError, LimitErrorKind},
    metadata::Orientation,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use tokio::sync::Semaphore;

use super::{
    entity::blob,
    exif,
    sha256::Sha256,
    sniff::PhotoType,
    store::{self, BlobStore},
};
use crate::{db::Db, jobs::Background};

/// Largest side of each thumbnail, in pixels.
pub const SIZES: [u32; 2] = [320, 1280];

/// Makes thumbnails with bounded concurrency.
#[derive(Debug, Clone)]
pub struct Thumbnailer {
    store: Arc<dyn BlobStore>,
    permits: Arc<Semaphore>,
    background: Background,
}

/// The outcome for one photo.
struct Made {
    exif: exif::Exif,
    thumbnails: Vec<(u32, Vec<u8>)>,
    state: &'static str,
}

impl Thumbnailer {
    /// A thumbnailer that works on at most `concurrency` photos at once, in
    /// `background` (a shutdown waits for the photos under way).
    pub fn new(store: Arc<dyn BlobStore>, concurrency: usize, background: Background) -> Thumbnailer {
        Thumbnailer { store, permits: Arc::new(Semaphore::new(concurrency.max(1))), background }
    }

    /// Makes the photo's thumbnails in the background. If the store is down,
    /// or the process stops first, the photo stays `pending` and the cleanup
    /// job asks again later.
    pub fn enqueue(&self, db: Db, sha: Sha256, content_type: String) {
        let this = self.clone();
        self.background.spawn(async move {
            let Ok(_permit) = this.permits.clone().acquire_owned().await else { return };
            if this.background.is_cancelled() {
                return;
            }
            if let Err(err) = this.process(&db, sha, &content_type).await {
                tracing::warn!(error.cause = %err, blob.sha256 = %sha, "thumbnails not made; will retry");
            }
        });
    }

    /// Reads the photo, makes and stores its thumbnails, records its EXIF data.
    ///
    /// The head of the file comes first: EXIF, the format and the pixel size
    /// are read from it, so a file that cannot be decoded (or would need too
    /// much memory) is never loaded whole.
    pub async fn process(&self, db: &Db, sha: Sha256, content_type: &str) -> anyhow::Result<()> {
        let key = store::blob_key(&sha);
        let head = self.read(&key, Some((0, HEAD_BYTES - 1))).await?;
        let kind = PhotoType::from_mime(content_type);
        let size = blob::Entity::find_by_id(sha.hex()).one(db.read()).await?.map(|b| b.size as u64).unwrap_or_default();
        let made = match tokio::task::spawn_blocking(move || inspect(&head, kind, size)).await? {
            Err(made) => made,
            Ok(exif) => {
                let data = self.read(&key, None).await?;
                tokio::task::spawn_blocking(move || match render(&data, exif.orientation) {
                    Ok(thumbnails) => Made { exif, thumbnails, state: "done" },
                    Err(err) => {
                        tracing::info!(error.cause = %err, "photo could not be decoded for thumbnails");
                        Made { exif, thumbnails: Vec::new(), state: "failed" }
                    }
                })
                .await?
            }
        };
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

    async fn read(&self, key: &str, range: Option<(u64, u64)>) -> anyhow::Result<Vec<u8>> {
        let object = self.store.get(key, range).await?;
        let mut data = Vec::with_capacity(object.len as usize);
        let mut body = object.body;
        while let Some(chunk) = body.try_next().await? {
            data.extend_from_slice(&chunk);
        }
        Ok(data)
    }
}

/// How much of a photo is read first.
const HEAD_BYTES: u64 = 1024 * 1024;

/// Largest picture decoded (pixels): 64 MP, about 200 MB of RGB at worst.
const MAX_PIXELS: u64 = 64_000_000;

/// From the head of a file of `size` bytes: its EXIF data if it should be
/// decoded, or the final outcome if not.
fn inspect(head: &[u8], kind: Option<PhotoType>, size: u64) -> Result<exif::Exif, Made> {
    let exif = exif::read(head);
    if !matches!(kind, Some(PhotoType::Jpeg | PhotoType::Png | PhotoType::Webp)) {
        return Err(Made { exif, thumbnails: Vec::new(), state: "none" });
    }
    let dimensions = ImageReader::new(Cursor::new(head))
        .with_guessed_format()
        .map_err(image::ImageError::IoError)
        .and_then(|reader| reader.into_dimensions());
    match dimensions {
        Ok((w, h)) if u64::from(w) * u64::from(h) > MAX_PIXELS => {
            Err(Made { exif, thumbnails: Vec::new(), state: "none" })
        }
        Ok(_) => Ok(exif),
        // The header lies beyond the head: try the whole file.
        Err(image::ImageError::IoError(err))
            if err.kind() == std::io::ErrorKind::UnexpectedEof && size > head.len() as u64 =>
        {
            Ok(exif)
        }
        Err(err) => {
            tracing::info!(error.cause = %err, "photo header could not be read for thumbnails");
            Err(Made { exif, thumbnails: Vec::new(), state: "failed" })
        }
    }
}

/// Limits of every decode: the pixel bound is checked again here, on the
/// whole file, since a header past the head escapes [`inspect`]'s check.
fn limits() -> Limits {
    let mut limits = Limits::default();
    // RGBA at the largest picture allowed; the decoders refuse to allocate more.
    limits.max_alloc = Some(MAX_PIXELS * 4);
    limits
}

fn render(data: &[u8], exif_orientation: Option<u8>) -> image::ImageResult<Vec<(u32, Vec<u8>)>> {
    let mut reader = ImageReader::new(Cursor::new(data)).with_guessed_format()?;
    reader.limits(limits());
    let mut decoder = reader.into_decoder()?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageError::Limits(LimitError::from_kind(LimitErrorKind::DimensionError)));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A small real JPEG whose frame header claims `width` × `height`, after
    /// comment segments that push that header past the first MiB.
    fn lying_jpeg(width: u16, height: u16) -> Vec<u8> {
        let small = DynamicImage::new_rgb8(16, 16);
        let mut real = Vec::new();
        JpegEncoder::new_with_quality(&mut real, 80).encode_image(&small).unwrap();
        let sof = real.windows(2).position(|w| w == [0xFF, 0xC0]).expect("baseline frame header");
        // Height and width follow the marker, its length and the precision byte.
        real[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
        real[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
        let mut out = real[..2].to_vec();
        let comment = vec![b' '; 65_000];
        while out.len() < HEAD_BYTES as usize + 100_000 {
            out.extend_from_slice(&[0xFF, 0xFE]);
            out.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
            out.extend_from_slice(&comment);
        }
        out.extend_from_slice(&real[2..]);
        out
    }

    #[test]
    fn a_picture_whose_header_lies_past_the_head_is_still_held_to_the_pixel_limit() {
        let bomb = lying_jpeg(60_000, 60_000);
        // Refused before 3.6 billion pixels are allocated.
        let refused = render(&bomb, None).expect_err("a 3.6 GP picture is not decoded");
        assert!(matches!(refused, ImageError::Limits(_)), "{refused}");
    }

    #[test]
    fn a_picture_within_the_limit_still_gets_its_thumbnails() {
        let fine = lying_jpeg(16, 16);
        let made = render(&fine, None).expect("decoded");
        assert_eq!(made.len(), SIZES.len());
    }
}
