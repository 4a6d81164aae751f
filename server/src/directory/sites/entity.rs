//! The `sites` table: construction projects.

use sea_orm::entity::prelude::*;

/// A construction site.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sites")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Project name.
    pub name: String,
    /// Address.
    pub address: String,
    /// WGS-84 latitude.
    pub latitude: Option<f64>,
    /// WGS-84 longitude.
    pub longitude: Option<f64>,
    /// Project type, see `ProjectType`.
    pub project_type: String,
    /// The contractor company building it.
    pub contractor_id: Option<Uuid>,
    /// The township or village it lies in.
    pub region_id: Uuid,
    /// Copy of the region's path, for subtree filters.
    pub region_path: String,
    /// Construction permit number.
    pub permit_number: Option<String>,
    /// The owner or developer (建设单位), as printed on documents.
    pub owner_unit: Option<String>,
    /// The supervision company (监理单位), as printed on documents.
    pub supervision_unit: Option<String>,
    /// `planned`, `active`, `suspended` or `completed`.
    pub status: String,
    /// Disabled sites are hidden from new work.
    pub disabled: bool,
    /// Creation time.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
    /// Derived from the CSV row that created it (`None` if not imported):
    /// the same row imported again is recognised.
    #[sea_orm(unique)]
    pub import_key: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
