//! A household's current safety grade, decided by its rural appraisals in
//! the order of their appraisal time (`finished_at`), never in the order
//! they sync: an older appraisal arriving late is kept in the history and
//! changes nothing. A grade that worsens, or stays, takes effect at once; an
//! appraisal that improves a C or D grade waits for the review of a
//! supervisor over the household who is not its appraiser, and until then
//! the household keeps its grade and shows the pending appraisal.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

use super::{
    category::GRADES,
    entity::{self, Entity as Households},
    record, review,
};
use crate::{
    error::{ApiError, ApiResult},
    sync::Write,
};

/// How severe a grade is: A 0 … D 3.
fn severity(grade: &str) -> Option<usize> {
    GRADES.iter().position(|g| *g == grade)
}

/// Whether `next` improves a C or D grade (and so needs a review first).
pub fn needs_review(current: Option<&str>, next: &str) -> bool {
    match (current.and_then(severity), severity(next)) {
        (Some(now), Some(then)) => now >= 2 && then < now,
        _ => false,
    }
}

/// A finished rural appraisal of a household.
#[derive(Debug, Clone, Copy)]
pub struct Appraisal<'a> {
    /// The inspection.
    pub id: Uuid,
    /// The grade it found.
    pub grade: &'a str,
    /// Its appraisal time.
    pub finished_at: DateTime<Utc>,
}

impl Appraisal<'_> {
    /// Its place in time: by appraisal time, then id (so two at the same instant are ordered too).
    fn key(&self) -> (DateTime<Utc>, Uuid) {
        (self.finished_at, self.id)
    }
}

/// What an appraisal did to its household's grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Its grade is now the household's.
    Current,
    /// It improves a C or D grade: it waits for a supervisor's review.
    PendingReview,
    /// A newer appraisal decides: it is kept in the history only.
    Older,
}

/// The household, locked until the transaction ends: appraisals and reviews
/// of one household are decided one after the other.
async fn locked(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<entity::Model> {
    Households::find_by_id(id).lock_exclusive().one(db).await?.ok_or_else(ApiError::not_found)
}

/// The review waiting on the household, if any.
async fn pending(db: &impl ConnectionTrait, household: &entity::Model) -> ApiResult<Option<review::Model>> {
    let Some(id) = household.pending_appraisal_id else { return Ok(None) };
    let found = review::Entity::find_by_id(id).one(db).await?;
    // The household names a review that is not there: stored data is broken.
    found.map(Some).ok_or_else(|| ApiError::internal(format!("household {} names a missing review {id}", household.id)))
}

/// Marks a review decided (or superseded).
async fn close(
    db: &impl ConnectionTrait,
    found: review::Model,
    status: &str,
    by: Option<Uuid>,
    comment: &str,
) -> ApiResult<()> {
    let mut active: review::ActiveModel = found.into();
    active.status = Set(status.to_owned());
    active.decided_by = Set(by);
    active.decided_at = Set(Some(crate::clock::now().trunc_subsecs(6)));
    active.comment = Set(comment.to_owned());
    active.update(db).await?;
    Ok(())
}

/// Saves and publishes a household changed here.
async fn save(db: &impl ConnectionTrait, write: &Write, mut active: entity::ActiveModel) -> ApiResult<entity::Model> {
    active.updated_at = Set(crate::clock::now().trunc_subsecs(6));
    let model = active.update(db).await?;
    record::publish(write, &model);
    Ok(model)
}

/// Decides what a newly finished appraisal does to its household's grade.
pub async fn appraised(
    db: &impl ConnectionTrait,
    write: &Write,
    household_id: Uuid,
    appraisal: Appraisal<'_>,
) -> ApiResult<Effect> {
    let household = locked(db, household_id).await?;
    if let (Some(at), Some(id)) = (household.graded_at, household.grade_appraisal_id)
        && appraisal.key() <= (at, id)
    {
        return Ok(Effect::Older);
    }
    let waiting = pending(db, &household).await?;
    let waiting_is_newer = waiting.as_ref().is_some_and(|w| appraisal.key() <= (w.finished_at, w.inspection_id));
    let mut active: entity::ActiveModel = household.clone().into();
    let effect = if needs_review(household.grade.as_deref(), appraisal.grade) {
        if waiting_is_newer {
            return Ok(Effect::Older);
        }
        if let Some(older) = waiting {
            close(db, older, review::SUPERSEDED, None, "").await?;
        }
        let now = crate::clock::now().trunc_subsecs(6);
        review::ActiveModel {
            inspection_id: Set(appraisal.id),
            household_id: Set(household.id),
            region_path: Set(household.region_path.clone()),
            grade: Set(appraisal.grade.to_owned()),
            finished_at: Set(appraisal.finished_at),
            status: Set(review::PENDING.to_owned()),
            decided_by: Set(None),
            decided_at: Set(None),
            comment: Set(String::new()),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
        active.pending_appraisal_id = Set(Some(appraisal.id));
        active.pending_grade = Set(Some(appraisal.grade.to_owned()));
        Effect::PendingReview
    } else {
        // A newer improvement keeps waiting (it still improves on this grade,
        // which is C or D too); an older one is overtaken.
        if let Some(older) = waiting.filter(|_| !waiting_is_newer) {
            close(db, older, review::SUPERSEDED, None, "").await?;
            active.pending_appraisal_id = Set(None);
            active.pending_grade = Set(None);
        }
        active.grade = Set(Some(appraisal.grade.to_owned()));
        active.graded_at = Set(Some(appraisal.finished_at));
        active.grade_appraisal_id = Set(Some(appraisal.id));
        Effect::Current
    };
    save(db, write, active).await?;
    Ok(effect)
}

/// A supervisor's decision on an appraisal waiting for review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Its grade becomes current.
    Approve,
    /// The household keeps its grade.
    Reject,
}

/// Why a review cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The appraisal is not the one waiting on its household (its review's
    /// status, if it had one).
    NotPending(Option<String>),
}

/// Records the decision on the appraisal `appraisal_id` of `household_id`,
/// by `reviewer` (authorised by the caller); returns the household.
pub async fn review(
    db: &impl ConnectionTrait,
    write: &Write,
    household_id: Uuid,
    appraisal_id: Uuid,
    reviewer: Uuid,
    decision: Decision,
    comment: &str,
) -> ApiResult<Result<entity::Model, Refusal>> {
    let household = locked(db, household_id).await?;
    let Some(waiting) = pending(db, &household).await?.filter(|w| w.inspection_id == appraisal_id) else {
        let status = review::Entity::find_by_id(appraisal_id).one(db).await?.map(|r| r.status);
        return Ok(Err(Refusal::NotPending(status)));
    };
    let mut active: entity::ActiveModel = household.into();
    active.pending_appraisal_id = Set(None);
    active.pending_grade = Set(None);
    let status = match decision {
        Decision::Approve => {
            active.grade = Set(Some(waiting.grade.clone()));
            active.graded_at = Set(Some(waiting.finished_at));
            active.grade_appraisal_id = Set(Some(waiting.inspection_id));
            review::APPROVED
        }
        Decision::Reject => review::REJECTED,
    };
    close(db, waiting, status, Some(reviewer), comment).await?;
    Ok(Ok(save(db, write, active).await?))
}

#[cfg(test)]
mod tests {
    use super::needs_review;

    #[test]
    fn only_an_improvement_from_c_or_d_needs_review() {
        for (current, next, expected) in [
            (Some("D"), "A", true),
            (Some("D"), "C", true),
            (Some("C"), "B", true),
            (Some("C"), "C", false),
            (Some("C"), "D", false),
            (Some("B"), "A", false),
            (Some("B"), "D", false),
            (None, "A", false),
        ] {
            assert_eq!(needs_review(current, next), expected, "{current:?} -> {next}");
        }
    }
}
