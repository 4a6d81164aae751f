//! The `appraisal_reviews` table: a rural appraisal that improved a C or D
//! grade, and the supervisor's decision on it.

use sea_orm::entity::prelude::*;

/// Waiting for a supervisor.
pub const PENDING: &str = "pending";
/// Approved: its grade became current.
pub const APPROVED: &str = "approved";
/// Rejected: the household kept its grade.
pub const REJECTED: &str = "rejected";
/// A newer appraisal decided before anyone reviewed it.
pub const SUPERSEDED: &str = "superseded";

/// The review of one appraisal.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appraisal_reviews")]
pub struct Model {
    /// The appraisal (an inspection of kind `rural_appraisal`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub inspection_id: Uuid,
    /// Its household.
    pub household_id: Uuid,
    /// The household's region path.
    pub region_path: String,
    /// The grade it found.
    pub grade: String,
    /// When it finished (its appraisal time).
    pub finished_at: DateTimeUtc,
    /// `pending`, `approved`, `rejected` or `superseded`.
    pub status: String,
    /// Who decided.
    pub decided_by: Option<Uuid>,
    /// When.
    pub decided_at: Option<DateTimeUtc>,
    /// The reviewer's comment.
    pub comment: String,
    /// When the review was asked for.
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
