//! The `audit_log` table.

use sea_orm::entity::prelude::*;

/// One audit entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    /// Entry id, in order of writing.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// When.
    pub at: DateTimeUtc,
    /// Who (none for the system).
    pub actor_id: Option<Uuid>,
    /// From which device.
    pub device_id: Option<Uuid>,
    /// Record type.
    pub record_type: String,
    /// Record id.
    pub record_id: Uuid,
    /// What happened, e.g. `create`, `update`, `conflict`.
    pub action: String,
    /// Details as JSON.
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
