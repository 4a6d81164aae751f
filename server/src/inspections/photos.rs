//! An inspection's photos: its own list, its findings' and its answers'
//! (`{"value": ..., "photos": [...]}`). All are referenced in the blob store
//! under the inspection, so the device is told which it still owes and
//! reviewers may download them.

use std::collections::BTreeSet;

use sea_orm::DbErr;
use serde_json::Value;

use super::{entity::Model, record};
use crate::{
    blobs::{self, Sha256, refs::Owner},
    sync::Ctx,
};

/// Every photo hash the inspection names, once each.
pub fn all(m: &Model) -> Vec<Sha256> {
    let mut hashes = BTreeSet::new();
    hashes.extend(m.photos.iter().map(Sha256::hex));
    for finding in m.findings.iter() {
        hashes.extend(finding.photos.iter().cloned());
    }
    for answer in m.answers.values() {
        if let Some(Value::Array(photos)) = answer.get("photos") {
            hashes.extend(photos.iter().filter_map(Value::as_str).map(str::to_owned));
        }
    }
    hashes.iter().filter_map(|h| Sha256::parse(h).ok()).collect()
}

/// References the inspection's photos as they are now (none once deleted).
pub async fn reference(ctx: &Ctx<'_>, m: &Model, deleted: bool) -> Result<(), DbErr> {
    let photos = if deleted { Vec::new() } else { all(m) };
    let owner = Owner::new(ctx.user, Some(ctx.client_id));
    blobs::refs::replace(ctx.db, record::RECORD_TYPE, m.id, &record::placement(m), &photos, &owner).await
}

/// References the photos of inspections just created, in one statement.
pub async fn reference_new(ctx: &Ctx<'_>, created: &[Model]) -> Result<(), DbErr> {
    let records: Vec<_> = created
        .iter()
        .map(|m| (record::RECORD_TYPE, m.id, record::placement(m), all(m)))
        .filter(|(_, _, _, photos)| !photos.is_empty())
        .collect();
    if records.is_empty() {
        return Ok(());
    }
    blobs::refs::add_new(ctx.db, &records, &Owner::new(ctx.user, Some(ctx.client_id))).await
}
