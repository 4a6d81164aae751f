//! The demo's camera: draws a photo (with `demo_photos`), puts its bytes in the
//! object store and records it as a stored photo held by whoever took it,
//! as a finished upload would. Every photo the demo's records cite exists.

use std::collections::HashMap;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use image::RgbImage;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, sea_query::OnConflict};
use uuid::Uuid;

use demo_photos::{Shot, Subject};

use crate::{
    blobs::{Blobs, Sha256, entity::blob, exif, holders, store},
    notices::Calendar,
};

/// Takes and stores the demo's photos.
pub struct Camera<'a> {
    blobs: &'a Blobs,
    calendar: &'a Calendar,
    taken: Vec<Sha256>,
    backdrops: HashMap<Subject, RgbImage>,
}

/// Where a photo is taken: the place's name and position.
#[derive(Debug, Clone)]
pub struct Spot {
    /// The site's name, or the household's head and village.
    pub name: String,
    /// Latitude in degrees.
    pub latitude: f64,
    /// Longitude in degrees.
    pub longitude: f64,
}

impl<'a> Camera<'a> {
    /// A camera storing into `blobs`, stamping times in the bureau's zone.
    pub fn new(blobs: &'a Blobs, calendar: &'a Calendar) -> Camera<'a> {
        Camera { blobs, calendar, taken: Vec::new(), backdrops: HashMap::new() }
    }

    /// Takes a photo of `subject` at `spot` by `user` at `at`; returns its name (SHA-256).
    pub async fn shoot(
        &mut self,
        db: &impl ConnectionTrait,
        user: Uuid,
        at: DateTime<Utc>,
        spot: &Spot,
        subject: Subject,
        caption: &str,
    ) -> anyhow::Result<String> {
        // A few metres off the place's point, as a phone's fix would be.
        let jitter = (self.taken.len() % 7) as f64 * 0.00004;
        let (latitude, longitude) = (spot.latitude + jitter, spot.longitude - jitter);
        let shot = Shot {
            subject,
            at: at.with_timezone(&self.calendar.tz).fixed_offset(),
            latitude,
            longitude,
            place: &spot.name,
            caption,
        };
        let backdrop = self.backdrops.entry(subject).or_insert_with(|| demo_photos::backdrop(subject)).clone();
        let taken = shot.at.format("%Y:%m:%d %H:%M:%S").to_string();
        // The TIFF data of the APP1 segment, after its marker, length and "Exif\0\0".
        let exif = exif::app1_segment(&taken, latitude, longitude, 1).get(10..).unwrap_or_default().to_vec();
        let jpeg = demo_photos::stamp(backdrop, &shot, exif)?;
        let sha = Sha256::of(&jpeg);
        let size = jpeg.len() as i64;
        self.blobs.store.put(&store::blob_key(&sha), Bytes::from(jpeg), "image/jpeg").await?;
        blob::Entity::insert(blob::ActiveModel {
            sha256: Set(sha.hex()),
            size: Set(size),
            content_type: Set("image/jpeg".into()),
            taken_at: Set(None),
            latitude: Set(None),
            longitude: Set(None),
            claimed_taken_at: Set(Some(at)),
            claimed_latitude: Set(Some(latitude)),
            claimed_longitude: Set(Some(longitude)),
            claimed_accuracy_m: Set(Some(8.0)),
            thumbnails: Set("pending".into()),
            // When the bytes were stored (the photo's own time is its claim above).
            created_at: Set(Utc::now()),
        })
        .on_conflict(OnConflict::column(blob::Column::Sha256).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
        holders::add(db, user, &[sha.hex()]).await?;
        self.taken.push(sha);
        Ok(sha.hex())
    }

    /// The photos taken, for their thumbnails once the demo is committed.
    pub fn taken(self) -> Vec<Sha256> {
        self.taken
    }
}
