//! Who may read a photo: whoever may see a record that references it, by the
//! sync visibility rule ([`SyncScope::sees`]); admins any. Anyone else gets
//! `not_found`, as if it did not exist.

use sea_orm::{ConnectionTrait, EntityTrait};

use super::{entity::blob, refs, sha256::Sha256};
use crate::{
    auth::AuthUser,
    error::{ApiError, ApiResult},
    sync::SyncScope,
};

/// Whether the user sees some record that references the photo.
pub async fn may_read(db: &impl ConnectionTrait, user: &AuthUser, sha: &Sha256) -> ApiResult<bool> {
    let scope = SyncScope::of(user);
    if scope.all {
        return Ok(true);
    }
    Ok(refs::of_blob(db, sha).await?.iter().any(|row| scope.sees(&refs::placement(row))))
}

/// The stored photo, if the user may read it; else `not_found`.
pub async fn readable(db: &impl ConnectionTrait, user: &AuthUser, sha: &Sha256) -> ApiResult<blob::Model> {
    let found = blob::Entity::find_by_id(sha.hex()).one(db).await?.ok_or_else(ApiError::not_found)?;
    if !may_read(db, user, sha).await? {
        return Err(ApiError::not_found());
    }
    Ok(found)
}
