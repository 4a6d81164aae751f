//! A household's appraisal history: every finished rural appraisal, newest
//! appraisal time first, with what it did to the grade.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{entity::Model as Household, review};
use crate::{error::ApiResult, inspections::entity as inspection};

/// The review of an appraisal that improved a C or D grade.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewView {
    /// `pending`, `approved`, `rejected` or `superseded` (a newer appraisal decided first).
    pub status: String,
    /// Who decided.
    pub decided_by: Option<Uuid>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// The reviewer's comment.
    pub comment: String,
}

/// One finished appraisal of a household.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AppraisalView {
    /// The appraisal (an inspection of kind `rural_appraisal`).
    pub id: Uuid,
    /// The appraiser.
    pub inspector_id: Uuid,
    /// Its appraisal time.
    pub finished_at: Option<DateTime<Utc>>,
    /// The grade it found.
    pub grade: Option<String>,
    /// `current` (it gives the household's grade), `pending_review` (it
    /// improves a C or D grade and waits for a supervisor), `rejected`, or
    /// `history` (an older or overtaken appraisal).
    pub standing: &'static str,
    /// Its review, if it needed one.
    pub review: Option<ReviewView>,
}

/// Every finished appraisal of the household, newest first.
pub async fn history(db: &impl ConnectionTrait, household: &Household) -> ApiResult<Vec<AppraisalView>> {
    let appraisals = inspection::Entity::find()
        .filter(inspection::Column::HouseholdId.eq(household.id))
        .filter(inspection::Column::Kind.eq("rural_appraisal"))
        .filter(inspection::Column::Status.eq("finished"))
        .order_by_desc(inspection::Column::FinishedAt)
        .order_by_desc(inspection::Column::Id)
        .all(db)
        .await?;
    let reviews: HashMap<Uuid, review::Model> = review::Entity::find()
        .filter(review::Column::HouseholdId.eq(household.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.inspection_id, r))
        .collect();
    Ok(appraisals
        .into_iter()
        .map(|a| {
            let review = reviews.get(&a.id);
            let standing = if household.grade_appraisal_id == Some(a.id) {
                "current"
            } else if household.pending_appraisal_id == Some(a.id) {
                "pending_review"
            } else if review.is_some_and(|r| r.status == review::REJECTED) {
                "rejected"
            } else {
                "history"
            };
            AppraisalView {
                id: a.id,
                inspector_id: a.inspector_id,
                finished_at: a.finished_at,
                grade: a.grade,
                standing,
                review: review.map(|r| ReviewView {
                    status: r.status.clone(),
                    decided_by: r.decided_by,
                    decided_at: r.decided_at,
                    comment: r.comment.clone(),
                }),
            }
        })
        .collect())
}
