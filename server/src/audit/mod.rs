//! The audit trail: who changed what, when, from which device. Append-only:
//! nothing in fieldsync updates or deletes its rows.

pub mod entity;

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
    record_all(db, vec![entry(actor, record_type, record_id, action, detail)]).await
}

/// An entry to append with [`record_all`].
pub fn entry(
    actor: Option<&AuthUser>,
    record_type: &str,
    record_id: Uuid,
    action: &str,
    detail: Value,
) -> entity::ActiveModel {
    entity::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        at: Set(crate::clock::now()),
        actor_id: Set(actor.map(|a| a.user_id)),
        device_id: Set(actor.and_then(|a| a.device_id)),
        record_type: Set(record_type.to_owned()),
        record_id: Set(record_id),
        action: Set(action.to_owned()),
        detail: Set(detail.to_string()),
    }
}

/// Appends entries, in one statement.
pub async fn record_all(db: &impl ConnectionTrait, entries: Vec<entity::ActiveModel>) -> Result<(), DbErr> {
    if entries.is_empty() {
        return Ok(());
    }
    entity::Entity::insert_many(entries).exec_without_returning(db).await?;
    Ok(())
}
