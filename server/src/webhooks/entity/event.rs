//! The `webhook_events` table: the outbox.

use sea_orm::entity::prelude::*;

/// One event, written in the transaction of the change it tells of.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_events")]
pub struct Model {
    /// Order of writing; with the record's row lock, the order of a record's changes.
    #[sea_orm(primary_key)]
    pub seq: i64,
    /// The Standard Webhooks `webhook-id`: the same on every attempt and redelivery.
    #[sea_orm(unique)]
    pub id: Uuid,
    /// E.g. `notice.issued`.
    pub event_type: String,
    /// Record type, e.g. `notice`.
    pub record_type: String,
    /// Record id.
    pub record_id: Uuid,
    /// The record's region path when the event happened.
    pub region_path: String,
    /// The body sent: `{type, timestamp, data}` as JSON.
    pub payload: String,
    /// When.
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
