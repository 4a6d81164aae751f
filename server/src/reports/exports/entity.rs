//! The `export_jobs` table.

use sea_orm::entity::prelude::*;

/// A CSV export produced in the background.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "export_jobs")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who asked for it (only they may read it).
    pub owner_id: Uuid,
    /// What is exported: `notices` or `inspections`.
    pub what: String,
    /// The request: period and region (JSON).
    pub params: String,
    /// `LIKE` pattern of the region paths in the owner's scope, fixed when asked.
    pub scope_pattern: String,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    /// Rows written so far.
    pub rows_done: i64,
    /// Rows to write, once counted.
    pub rows_total: Option<i64>,
    /// Why it failed.
    pub error: String,
    /// The process working on it.
    pub claimed_by: Option<Uuid>,
    /// Last sign of life of that process.
    pub heartbeat_at: Option<DateTimeUtc>,
    /// When it was asked for.
    pub created_at: DateTimeUtc,
    /// When it finished.
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
