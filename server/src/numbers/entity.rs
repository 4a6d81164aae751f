//! The `document_numbers` table: the register of every number taken.

use sea_orm::entity::prelude::*;

use super::status::Status;

/// One number of a series, from the moment it is taken.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document_numbers")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The county (bureau) of the series.
    pub bureau_key: String,
    /// The kind of document.
    pub kind: String,
    /// The year of the series.
    pub year: i32,
    /// The position in the series, from 1.
    pub seq: i64,
    /// The number as printed.
    pub number: String,
    /// Issued, reserved, free or voided.
    pub status: Status,
    /// The notice it is issued on.
    pub notice_id: Option<Uuid>,
    /// Who reserved it (and holds it while reserved).
    pub holder_id: Option<Uuid>,
    /// The device install that reserved it.
    pub client_id: Option<Uuid>,
    /// When it was reserved.
    pub reserved_at: Option<DateTimeUtc>,
    /// When it was issued.
    pub used_at: Option<DateTimeUtc>,
    /// When it was voided.
    pub voided_at: Option<DateTimeUtc>,
    /// Who voided it.
    pub voided_by: Option<Uuid>,
    /// Why it was voided.
    pub void_reason: String,
    /// When it was taken from the series.
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
