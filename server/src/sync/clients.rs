//! Sync clients: each belongs to one user and device, and remembers the
//! last mutation processed.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, sea_query::OnConflict};
use sync_protocol::ErrorCode;
use uuid::Uuid;

use super::entity::client;
use crate::{
    auth::AuthUser,
    error::{ApiError, ApiResult},
};

/// Loads (locking it for the transaction) or registers the client, refusing
/// one that belongs to another user or device.
pub async fn claim(db: &impl ConnectionTrait, client_id: Uuid, user: &AuthUser) -> ApiResult<client::Model> {
    let now = Utc::now();
    // One statement registers a new client or, through the conflict's update,
    // locks the existing row until the transaction ends: two pushes of one
    // client wait for each other (on SQLite the write lock does it anyway).
    let found = client::Entity::insert(client::ActiveModel {
        client_id: Set(client_id),
        user_id: Set(user.user_id),
        device_id: Set(user.device_id),
        last_mutation_id: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .on_conflict(OnConflict::column(client::Column::ClientId).update_column(client::Column::UpdatedAt).to_owned())
    .exec_with_returning(db)
    .await?;
    check_owner(found.user_id, found.device_id, user)?;
    Ok(found)
}

/// Reads a client without registering it; `None` if unknown.
pub async fn find(db: &impl ConnectionTrait, client_id: Uuid, user: &AuthUser) -> ApiResult<Option<client::Model>> {
    match client::Entity::find_by_id(client_id).one(db).await? {
        Some(found) => {
            check_owner(found.user_id, found.device_id, user)?;
            Ok(Some(found))
        }
        None => Ok(None),
    }
}

/// Refuses a client registered by another user, or on another device.
pub fn check_owner(owner: Uuid, device_id: Option<Uuid>, user: &AuthUser) -> ApiResult<()> {
    let other_device = matches!((device_id, user.device_id), (Some(a), Some(b)) if a != b);
    if owner != user.user_id || other_device {
        return Err(ApiError::new(ErrorCode::ClientMismatch));
    }
    Ok(())
}

/// Records the last processed mutation.
pub async fn advance(db: &impl ConnectionTrait, found: client::Model, last_mutation_id: u64) -> ApiResult<()> {
    if found.last_mutation_id as u64 == last_mutation_id {
        return Ok(());
    }
    let mut active: client::ActiveModel = found.into();
    active.last_mutation_id = Set(last_mutation_id as i64);
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(())
}
