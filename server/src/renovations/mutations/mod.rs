//! The renovation mutations devices push.

pub mod advance;
pub mod open;
pub mod pay;
pub mod photos;

use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};
use uuid::Uuid;

use super::entity::renovation;
use crate::{
    auth::AuthUser,
    error::{ApiError, ApiResult},
    policy,
};

/// The file, locked for change, if bureau staff over its region ask (else `not_found`).
pub async fn file_for_change(db: &impl ConnectionTrait, user: &AuthUser, id: Uuid) -> ApiResult<renovation::Model> {
    renovation::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .filter(|r| policy::may_inspect(user, &r.region_path))
        .ok_or_else(ApiError::not_found)
}
