//! The `webhook_deliveries` table: one event to one endpoint.

use sea_orm::entity::prelude::*;

/// Waiting to be sent (or sent again).
pub const PENDING: &str = "pending";
/// A 2xx answer came back.
pub const DELIVERED: &str = "delivered";
/// Every attempt failed; kept for the log and manual redelivery.
pub const FAILED: &str = "failed";

/// The delivery of one event to one endpoint.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    /// Id (UUIDv7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The event's `seq`: orders the deliveries of one record.
    pub event_seq: i64,
    /// The event's id (`webhook-id`).
    pub event_id: Uuid,
    /// The endpoint.
    pub endpoint_id: Uuid,
    /// The event's type.
    pub event_type: String,
    /// The event's record type.
    pub record_type: String,
    /// The event's record id.
    pub record_id: Uuid,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    /// Attempts made so far.
    pub attempts: i32,
    /// Not sent before this time.
    pub next_attempt_at: DateTimeUtc,
    /// The process sending it now.
    pub lease_owner: Option<Uuid>,
    /// Until when that process holds it; after that another may take it.
    pub lease_until: Option<DateTimeUtc>,
    /// HTTP status of the last attempt (none: no answer).
    pub last_status: Option<i32>,
    /// What went wrong in the last attempt.
    pub last_error: String,
    /// When a 2xx came back.
    pub delivered_at: Option<DateTimeUtc>,
    /// When it was made.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
