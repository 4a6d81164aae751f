//! The audit trail: who changed what, when, from which device. Append-only:
//! nothing in fieldsync updates or deletes its rows.

pub mod entity;

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde_json::Value;
use uuid::Uuid;

use crate::auth::AuthUser;

/// Appends an entry.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: Option<&AuthUser>,
    record_type: &str,
    record_id: Uuid,
    action: &str,
    detail: Value,
) -> Result<(), DbErr> {
    entity::Entity::insert(entity::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        at: Set(Utc::now()),
        actor_id: Set(actor.map(|a| a.user_id)),
        device_id: Set(actor.and_then(|a| a.device_id)),
        record_type: Set(record_type.to_owned()),
        record_id: Set(record_id),
        action: Set(action.to_owned()),
        detail: Set(detail.to_string()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}
