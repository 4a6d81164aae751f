//! A renovation file's photos — of its steps and of the house before,
//! during and after — referenced in the blob store under the file.

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::DbErr;

use super::{
    entity::renovation::Model,
    record::{self, HousePhotos, StepDone},
};
use crate::{
    blobs::{self, Sha256},
    sync::{Ctx, Placement},
};

/// Every photo the file names, once each.
pub fn all(m: &Model) -> Vec<Sha256> {
    let steps: BTreeMap<String, StepDone> = serde_json::from_str(&m.steps).unwrap_or_default();
    let house: HousePhotos = serde_json::from_str(&m.photos).unwrap_or_default();
    let mut hashes: BTreeSet<String> = steps.into_values().flat_map(|s| s.photos).collect();
    hashes.extend(house.before.into_iter().chain(house.during).chain(house.after));
    hashes.iter().filter_map(|h| Sha256::parse(h).ok()).collect()
}

/// References the file's photos as the file now is.
pub async fn reference(ctx: &Ctx<'_>, m: &Model) -> Result<(), DbErr> {
    let placement = Placement::region(m.region_path.clone()).internal();
    let owner = (ctx.user.user_id, Some(ctx.client_id));
    blobs::refs::replace(ctx.db, record::RECORD_TYPE, m.id, &placement, &all(m), owner).await
}
