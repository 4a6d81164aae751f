//! The line under each photo of a page: when and where it was taken, by the
//! photo's own EXIF block or, where that says nothing, by the claims of the
//! device that uploaded it (sync-protocol §18, *Metadata*). Reviewers read
//! it to judge evidence; it authorises nothing.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::text::Text;
use crate::{
    blobs::entity::blob,
    notices::{
        Calendar,
        content::{NoticeContent, Response},
    },
};

/// Captions of a page's photos, by SHA-256; a photo with nothing known has none.
#[derive(Debug, Default)]
pub struct Captions(HashMap<String, String>);

impl Captions {
    /// The captions of `hashes` (unknown photos are left out).
    pub async fn load<'a>(
        db: &impl ConnectionTrait,
        t: &Text,
        calendar: &Calendar,
        hashes: impl IntoIterator<Item = &'a String>,
    ) -> Result<Captions, DbErr> {
        let hashes: Vec<&String> = hashes.into_iter().collect();
        if hashes.is_empty() {
            return Ok(Captions::default());
        }
        let found = blob::Entity::find().filter(blob::Column::Sha256.is_in(hashes)).all(db).await?;
        let captions = found.into_iter().filter_map(|b| Some((b.sha256.clone(), caption(t, calendar, &b)?))).collect();
        Ok(Captions(captions))
    }

    /// The caption of one photo, for the templates.
    pub fn get(&self, sha: &str) -> Option<&str> {
        self.0.get(sha).map(String::as_str)
    }
}

/// Every photo of a notice: its findings' and its answer's.
pub fn photos_of<'a>(content: &'a NoticeContent, answer: Option<&'a Response>) -> impl Iterator<Item = &'a String> {
    content.findings.iter().flat_map(|f| &f.photos).chain(answer.into_iter().flat_map(|a| &a.photos))
}

/// `Taken 2026-12-03 09:30 · 38.04000, 114.51000 (±12 m)`, from what is known.
fn caption(t: &Text, calendar: &Calendar, b: &blob::Model) -> Option<String> {
    // The camera's time is its local time as written; minutes are enough.
    let exif_time = b.taken_at.as_ref().map(|at| at.chars().take(16).collect::<String>());
    let time = exif_time
        .or_else(|| b.claimed_taken_at.map(|at| at.with_timezone(&calendar.tz).format("%Y-%m-%d %H:%M").to_string()));
    let place = match (b.latitude, b.longitude) {
        (Some(lat), Some(lon)) => Some(format!("{lat:.5}, {lon:.5}")),
        _ => match (b.claimed_latitude, b.claimed_longitude) {
            (Some(lat), Some(lon)) => Some(match b.claimed_accuracy_m {
                Some(m) => format!("{lat:.5}, {lon:.5} (±{m:.0} m)"),
                None => format!("{lat:.5}, {lon:.5}"),
            }),
            _ => None,
        },
    };
    let parts: Vec<String> = time.into_iter().chain(place).collect();
    (!parts.is_empty()).then(|| format!("{} {}", t.photo_taken, parts.join(" · ")))
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::{i18n::Lang, web::text::text};

    fn photo() -> blob::Model {
        blob::Model {
            sha256: "a".repeat(64),
            size: 1,
            content_type: "image/jpeg".into(),
            taken_at: None,
            latitude: None,
            longitude: None,
            claimed_taken_at: None,
            claimed_latitude: None,
            claimed_longitude: None,
            claimed_accuracy_m: None,
            thumbnails: "done".into(),
            created_at: Utc::now(),
        }
    }

    fn calendar() -> Calendar {
        Calendar { tz: chrono_tz::Asia::Shanghai, weekends_count: true, holidays: &crate::notices::holidays::NONE }
    }

    #[test]
    fn the_devices_claims_are_told_in_the_bureaus_time() {
        let claimed = blob::Model {
            claimed_taken_at: Some(Utc.with_ymd_and_hms(2026, 12, 3, 1, 30, 0).unwrap()),
            claimed_latitude: Some(38.04),
            claimed_longitude: Some(114.51),
            claimed_accuracy_m: Some(12.4),
            ..photo()
        };
        assert_eq!(
            caption(text(Lang::En), &calendar(), &claimed).as_deref(),
            Some("Taken 2026-12-03 09:30 · 38.04000, 114.51000 (±12 m)")
        );
    }

    #[test]
    fn the_cameras_own_record_comes_before_the_claims() {
        let both = blob::Model {
            taken_at: Some("2026-11-23 09:30:15+08:00".into()),
            latitude: Some(38.5),
            longitude: Some(114.25),
            claimed_taken_at: Some(Utc::now()),
            claimed_latitude: Some(1.0),
            claimed_longitude: Some(2.0),
            ..photo()
        };
        assert_eq!(
            caption(text(Lang::Zh), &calendar(), &both).as_deref(),
            Some("拍摄于 2026-11-23 09:30 · 38.50000, 114.25000")
        );
    }

    #[test]
    fn a_photo_nobody_said_anything_about_has_no_caption() {
        assert_eq!(caption(text(Lang::En), &calendar(), &photo()), None);
    }
}
