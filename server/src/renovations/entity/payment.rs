//! The `subsidy_payments` table.

use sea_orm::entity::prelude::*;

/// A subsidy payment to a household for its renovation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subsidy_payments")]
pub struct Model {
    /// Id, made by the device that recorded it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The renovation file.
    pub renovation_id: Uuid,
    /// The household's region path.
    pub region_path: String,
    /// Amount in fen.
    pub amount_fen: i64,
    /// Day paid.
    pub paid_on: Date,
    /// Voucher or transfer reference.
    pub reference: String,
    /// Who recorded it.
    pub recorded_by: Uuid,
    /// Recorded.
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
