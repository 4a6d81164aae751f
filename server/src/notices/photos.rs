//! A notice's photos — its findings' and the addressee's answer's — are
//! referenced in the blob store under the notice, with the notice's
//! placement: the addressee company may download them once it is issued to
//! them, and the device that cited them is told which it still owes.

use std::collections::BTreeSet;

use sea_orm::{ConnectionTrait, DbErr};

use super::{entity::notice::Model, record};
use crate::blobs::{self, Sha256, refs::Owner};

/// Every photo the notice names, once each.
pub fn all(m: &Model) -> Vec<Sha256> {
    let mut hashes: BTreeSet<String> = m.content.photos().cloned().collect();
    if let Some(response) = &m.response {
        hashes.extend(response.photos.iter().cloned());
    }
    hashes.iter().filter_map(|h| Sha256::parse(h).ok()).collect()
}

/// References the notice's photos as the notice now is.
pub async fn reference(db: &impl ConnectionTrait, m: &Model, owner: &Owner) -> Result<(), DbErr> {
    blobs::refs::replace(db, record::RECORD_TYPE, m.id, &record::placement(m), &all(m), owner).await
}

/// References the photos of a notice changed from `before` to `after`,
/// reading nothing when the photos and, if it has any, where it lies are
/// the same (the common case of a lifecycle step without an answer).
pub async fn rereference(db: &impl ConnectionTrait, before: &Model, after: &Model, owner: &Owner) -> Result<(), DbErr> {
    let hashes = all(after);
    if hashes == all(before) && (hashes.is_empty() || record::placement(before) == record::placement(after)) {
        return Ok(());
    }
    blobs::refs::replace(db, record::RECORD_TYPE, after.id, &record::placement(after), &hashes, owner).await
}
