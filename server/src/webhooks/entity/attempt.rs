//! The `webhook_attempts` table: the delivery log.

use sea_orm::entity::prelude::*;

/// One try at sending a delivery.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_attempts")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The delivery.
    pub delivery_id: Uuid,
    /// Which attempt of the delivery (1 first).
    pub attempt: i32,
    /// When it was sent.
    pub at: DateTimeUtc,
    /// The answer's HTTP status (none: no answer).
    pub status: Option<i32>,
    /// What went wrong (empty on success).
    pub error: String,
    /// How long it took, in milliseconds.
    pub duration_ms: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
