//! The `households` table: rural households under building safety checks.

use sea_orm::entity::prelude::*;

/// A rural household.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "households")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Name of the household head.
    pub head_name: String,
    /// Resident identity card number of the head, unique.
    pub id_number: String,
    /// Phone.
    pub phone: Option<String>,
    /// The village.
    pub region_id: Uuid,
    /// Copy of the village's path, for subtree filters.
    pub region_path: String,
    /// Household category, see `HouseholdCategory`.
    pub category: String,
    /// Current safety grade `A`–`D`, if appraised.
    pub grade: Option<String>,
    /// When the appraisal that gave the current grade finished (`None`: the
    /// grade was entered or imported, or there is none).
    pub graded_at: Option<DateTimeUtc>,
    /// The appraisal that gave the current grade.
    pub grade_appraisal_id: Option<Uuid>,
    /// A newer appraisal improving a C or D grade, waiting for a supervisor's review.
    pub pending_appraisal_id: Option<Uuid>,
    /// The grade of that appraisal.
    pub pending_grade: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Number of members.
    pub members: Option<i32>,
    /// Disabled households are hidden from new work.
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
