//! Proof of holding a photo's bytes. Identical photos are stored once, but
//! storage is deduplicated, not permission: naming a hash in a record proves
//! nothing. A user becomes a holder of a photo by uploading its bytes (even
//! when the server had them already) or by referencing it while they could
//! already read it (the bytes came from a record in their scope). A
//! reference lets the record's readers download the photo only once its
//! maker is a holder ([`super::access`]); until then the photo is owed by
//! the maker's device ([`super::owed`]).

use std::collections::HashSet;

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, sea_query::OnConflict,
};
use uuid::Uuid;

use super::{access, entity::holder, missing, refs::Owner};

/// Hashes per query (well under SQLite's parameter limit).
pub const BATCH: usize = 500;

/// Records that `user` holds the photos `hashes` (already stored).
pub async fn add(db: &impl ConnectionTrait, user: Uuid, hashes: &[String]) -> Result<(), DbErr> {
    let now = Utc::now();
    for batch in hashes.chunks(BATCH) {
        let rows = batch.iter().map(|sha| holder::ActiveModel {
            sha256: Set(sha.clone()),
            user_id: Set(user),
            created_at: Set(now),
        });
        holder::Entity::insert_many(rows)
            .on_conflict(OnConflict::columns([holder::Column::Sha256, holder::Column::UserId]).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Of `hashes`, those `user` holds.
pub async fn held_by(db: &impl ConnectionTrait, user: Uuid, hashes: &[String]) -> Result<HashSet<String>, DbErr> {
    let mut held = HashSet::new();
    for batch in hashes.chunks(BATCH) {
        let found: Vec<String> = holder::Entity::find()
            .select_only()
            .column(holder::Column::Sha256)
            .filter(holder::Column::UserId.eq(user))
            .filter(holder::Column::Sha256.is_in(batch.iter().cloned()))
            .into_tuple()
            .all(db)
            .await?;
        held.extend(found);
    }
    Ok(held)
}

/// Every (photo, user) proof among `hashes`.
pub async fn of_blobs(db: &impl ConnectionTrait, hashes: &[String]) -> Result<HashSet<(String, Uuid)>, DbErr> {
    let mut proofs = HashSet::new();
    for batch in hashes.chunks(BATCH) {
        let found: Vec<(String, Uuid)> = holder::Entity::find()
            .select_only()
            .column(holder::Column::Sha256)
            .column(holder::Column::UserId)
            .filter(holder::Column::Sha256.is_in(batch.iter().cloned()))
            .into_tuple()
            .all(db)
            .await?;
        proofs.extend(found);
    }
    Ok(proofs)
}

/// Makes `owner` a holder of those of `hashes` that are stored and that its
/// scope already reads; answers which of `hashes` it holds afterwards. Call
/// it when `owner` references photos, and when its device offers to upload
/// one the server has.
pub async fn vouch(db: &impl ConnectionTrait, owner: &Owner, hashes: &[String]) -> Result<HashSet<String>, DbErr> {
    if hashes.is_empty() {
        return Ok(HashSet::new());
    }
    let stored: Vec<String> = missing::stored_among(db, hashes).await?.into_iter().collect();
    if stored.is_empty() {
        return Ok(HashSet::new());
    }
    let mut held = held_by(db, owner.user_id, &stored).await?;
    let rest: Vec<String> = stored.into_iter().filter(|sha| !held.contains(sha)).collect();
    if rest.is_empty() {
        return Ok(held);
    }
    let readable = access::readable_among(db, &owner.scope, &rest).await?;
    let vouched: Vec<String> = rest.into_iter().filter(|sha| readable.contains(sha)).collect();
    add(db, owner.user_id, &vouched).await?;
    held.extend(vouched);
    Ok(held)
}
