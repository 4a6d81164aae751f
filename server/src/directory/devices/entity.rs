//! The `devices` table: a user's phones and browsers, registered on login.

use sea_orm::entity::prelude::*;

/// A device of a user.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "devices")]
pub struct Model {
    /// Server id of the device.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The user.
    pub user_id: Uuid,
    /// The device's own id as the app reports it.
    pub device_key: String,
    /// The app's `User-Agent`.
    pub user_agent: Option<String>,
    /// First login from the device.
    pub first_seen_at: DateTimeUtc,
    /// Latest login from the device.
    pub last_seen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
