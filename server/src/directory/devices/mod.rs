//! Devices: registered per user on sign-in.

pub mod entity;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use entity::Entity as Devices;

/// Registers a device of a user (or refreshes its last-seen time); returns its server id.
pub async fn register(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    device_key: &str,
    user_agent: Option<String>,
) -> Result<Uuid, DbErr> {
    let now = Utc::now();
    let existing = Devices::find()
        .filter(entity::Column::UserId.eq(user_id))
        .filter(entity::Column::DeviceKey.eq(device_key))
        .one(db)
        .await?;
    if let Some(device) = existing {
        let id = device.id;
        let mut active: entity::ActiveModel = device.into();
        active.last_seen_at = Set(now);
        active.user_agent = Set(user_agent);
        active.update(db).await?;
        return Ok(id);
    }
    let id = Uuid::now_v7();
    Devices::insert(entity::ActiveModel {
        id: Set(id),
        user_id: Set(user_id),
        device_key: Set(device_key.to_owned()),
        user_agent: Set(user_agent),
        first_seen_at: Set(now),
        last_seen_at: Set(now),
    })
    .exec(db)
    .await?;
    Ok(id)
}
