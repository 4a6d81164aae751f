//! The `sync_changes` table: the change log, one row per record and scope.

use sea_orm::entity::prelude::*;

/// The latest change of one record as seen from one scope.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sync_changes")]
pub struct Model {
    /// Row id; orders rows within a version.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Record type, e.g. `site`.
    pub record_type: String,
    /// Record id.
    pub record_id: Uuid,
    /// Region path the record lies in (`""` for none).
    pub region_path: String,
    /// Organisation that sees the record (`""` for none).
    pub org_id: String,
    /// `all` or `bureau` (hidden from contractors).
    pub audience: String,
    /// Whether the record left this scope (deleted, or moved).
    pub deleted: bool,
    /// The record as JSON, for a live row.
    pub data: Option<String>,
    /// Version of the transaction that last changed this row.
    pub version: i64,
    /// When.
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
