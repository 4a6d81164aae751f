//! The `patrol_plans` table.

use sea_orm::entity::prelude::*;

/// A recurring inspection: a site, or any place in a region, every N days.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "patrol_plans")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Name, e.g. "Township One daily patrol".
    pub name: String,
    /// The inspection kind that fulfils it.
    pub kind: String,
    /// The site to inspect; none: any site or household in the region.
    pub site_id: Option<Uuid>,
    /// The region (the site's, for a site plan).
    pub region_id: Uuid,
    /// Its path.
    pub region_path: String,
    /// Days per round: 1 daily, 7 weekly, N.
    pub every_days: i32,
    /// First day of the first round (bureau time zone).
    pub starts_on: Date,
    /// The inspector in charge; none: any inspector of the region.
    pub assignee_id: Option<Uuid>,
    /// Plans are switched off, never deleted (their history stays readable).
    pub active: bool,
    /// Who made it.
    pub created_by: Uuid,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
