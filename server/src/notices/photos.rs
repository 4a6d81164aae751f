//! A notice's photos — its findings', the addressee's answer's and every
//! earlier answer's in its history — are referenced in the blob store under
//! the notice, with the notice's placement: the addressee company may
//! download them once it is issued to them, and the device that cited them
//! is told which it still owes. An answer the inspector rejected is evidence
//! of what was said: its photos stay referenced when the next answer
//! supersedes it on the notice, so the cleanup job never takes them.

use std::collections::BTreeSet;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{
    entity::{event, notice::Model},
    record,
};
use crate::blobs::{self, Sha256, refs::Owner};

/// Every photo the notice names as it is now, once each.
pub fn all(m: &Model) -> Vec<Sha256> {
    let mut hashes: BTreeSet<String> = m.content.photos().cloned().collect();
    if let Some(response) = &m.response {
        hashes.extend(response.photos.iter().cloned());
    }
    hashes.iter().filter_map(|h| Sha256::parse(h).ok()).collect()
}

/// The photos of every answer in the notice's history, once each.
pub async fn answered(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<Sha256>, DbErr> {
    let answers = event::Entity::find()
        .filter(event::Column::NoticeId.eq(id))
        .filter(event::Column::Response.is_not_null())
        .all(db)
        .await?;
    let hashes: BTreeSet<String> =
        answers.iter().flat_map(|e| e.response.iter().flat_map(|r| r.photos.clone())).collect();
    Ok(hashes.iter().filter_map(|h| Sha256::parse(h).ok()).collect())
}

/// What stays referenced: the photos the notice names now and those of
/// every answer it was given.
async fn kept(db: &impl ConnectionTrait, m: &Model) -> Result<Vec<Sha256>, DbErr> {
    let mut hashes: BTreeSet<Sha256> = all(m).into_iter().collect();
    hashes.extend(answered(db, m.id).await?);
    Ok(hashes.into_iter().collect())
}

/// References the notice's photos as the notice now is.
pub async fn reference(db: &impl ConnectionTrait, m: &Model, owner: &Owner) -> Result<(), DbErr> {
    let hashes = kept(db, m).await?;
    blobs::refs::replace(db, record::RECORD_TYPE, m.id, &record::placement(m), &hashes, owner).await
}

/// References the photos of a notice changed from `before` to `after`
/// (its history written), reading nothing when the photos and where it lies
/// are the same, or when it has no photos at all, never having been
/// answered (the common case of a lifecycle step without an answer).
pub async fn rereference(db: &impl ConnectionTrait, before: &Model, after: &Model, owner: &Owner) -> Result<(), DbErr> {
    let named = all(after);
    let none_ever = named.is_empty() && before.responded_at.is_none();
    if named == all(before) && (none_ever || record::placement(before) == record::placement(after)) {
        return Ok(());
    }
    reference(db, after, owner).await
}
