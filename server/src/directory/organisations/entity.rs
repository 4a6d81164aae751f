//! The `organisations` table: inspecting bureaus and contractor companies.

use sea_orm::entity::prelude::*;

/// An organisation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `bureau` or `contractor`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Unified social credit code (统一社会信用代码), unique when given.
    pub credit_code: Option<String>,
    /// Region the organisation is registered in.
    pub region_id: Option<Uuid>,
    /// Contact person.
    pub contact_name: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Disabled organisations take no new records.
    pub disabled: bool,
    /// Creation time.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
