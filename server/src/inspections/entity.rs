//! The `inspections` table.

use sea_orm::entity::prelude::*;

/// An inspection of a site or a household.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspections")]
pub struct Model {
    /// Id, made by the device.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `dust_control`, `quality_safety` or `rural_safety`.
    pub kind: String,
    /// The construction site inspected.
    pub site_id: Option<Uuid>,
    /// The household inspected.
    pub household_id: Option<Uuid>,
    /// Region path of the site or household.
    pub region_path: String,
    /// The inspector who made it.
    pub inspector_id: Uuid,
    /// `draft` or `finished`.
    pub status: String,
    /// Start, by the device.
    pub started_at: DateTimeUtc,
    /// Finish.
    pub finished_at: Option<DateTimeUtc>,
    /// Free notes.
    pub notes: String,
    /// Conclusion.
    pub conclusion: String,
    /// Answers by checklist item id, JSON.
    pub answers: String,
    /// Revision, raised by every accepted edit.
    pub rev: i64,
    /// Revision that last changed each field, JSON.
    pub field_revs: String,
    /// Photos (SHA-256 hex), JSON list; see `blobs::refs`.
    pub photos: String,
    /// Creation on the server.
    pub created_at: DateTimeUtc,
    /// Last change on the server.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
