//! Who may read a photo: whoever may see a record that references it, by the
//! sync visibility rule ([`SyncScope::sees`]), provided the reference's maker
//! has proved they hold the bytes ([`super::holders`]); admins any. Anyone
//! else gets `not_found`, as if it did not exist.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::{
    entity::{blob, blob_ref},
    holders, refs,
    sha256::Sha256,
};
use crate::{
    auth::AuthUser,
    error::{ApiError, ApiResult},
    sync::SyncScope,
};

/// Of `hashes`, those the scope reads (all of them for admins, stored or not).
pub async fn readable_among(
    db: &impl ConnectionTrait,
    scope: &SyncScope,
    hashes: &[String],
) -> Result<HashSet<String>, DbErr> {
    if scope.all {
        return Ok(hashes.iter().cloned().collect());
    }
    let mut readable = HashSet::new();
    for batch in hashes.chunks(holders::BATCH) {
        let rows =
            blob_ref::Entity::find().filter(blob_ref::Column::Sha256.is_in(batch.iter().cloned())).all(db).await?;
        let seen: Vec<&blob_ref::Model> = rows.iter().filter(|row| scope.sees(&refs::placement(row))).collect();
        if seen.is_empty() {
            continue;
        }
        let proofs = holders::of_blobs(db, batch).await?;
        readable.extend(
            seen.into_iter()
                .filter(|row| proofs.contains(&(row.sha256.clone(), row.user_id)))
                .map(|row| row.sha256.clone()),
        );
    }
    Ok(readable)
}

/// The stored photo, if the user may read it; else `not_found`.
pub async fn readable(db: &impl ConnectionTrait, user: &AuthUser, sha: &Sha256) -> ApiResult<blob::Model> {
    let found = blob::Entity::find_by_id(sha.hex()).one(db).await?.ok_or_else(ApiError::not_found)?;
    if !readable_among(db, &SyncScope::of(user), &[sha.hex()]).await?.contains(&sha.hex()) {
        return Err(ApiError::not_found());
    }
    Ok(found)
}
