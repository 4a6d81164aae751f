//! The `sync_clients` table: each app install signed in as one user.

use sea_orm::entity::prelude::*;

/// A sync client and how far its mutations were processed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sync_clients")]
pub struct Model {
    /// Client id, made by the app.
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: Uuid,
    /// The user it belongs to.
    pub user_id: Uuid,
    /// The device it runs on.
    pub device_id: Option<Uuid>,
    /// Highest mutation id processed.
    pub last_mutation_id: i64,
    /// First push or pull.
    pub created_at: DateTimeUtc,
    /// Latest push.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
