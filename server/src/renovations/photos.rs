//! A renovation file's photos — of its steps and of the house before,
//! during and after — referenced in the blob store under the file.

use std::collections::BTreeSet;

use sea_orm::DbErr;

use super::{
    entity::renovation::Model,
    record::{self},
};
use crate::{
    blobs::{self, Sha256, refs::Owner},
    sync::{Ctx, Placement},
};

/// Every photo the file names, once each.
pub fn all(m: &Model) -> Vec<Sha256> {
    let mut hashes: BTreeSet<String> = m.steps.values().flat_map(|s| s.photos.iter().cloned()).collect();
    let house = &m.photos;
    hashes.extend(house.before.iter().chain(&house.during).chain(&house.after).cloned());
    hashes.iter().filter_map(|h| Sha256::parse(h).ok()).collect()
}

/// References the file's photos as the file now is.
pub async fn reference(ctx: &Ctx<'_>, m: &Model) -> Result<(), DbErr> {
    let placement = Placement::region(m.region_path.clone()).internal();
    let owner = Owner::new(ctx.user, Some(ctx.client_id));
    blobs::refs::replace(ctx.db, record::RECORD_TYPE, m.id, &placement, &all(m), &owner).await
}
