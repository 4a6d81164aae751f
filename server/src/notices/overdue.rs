//! The overdue job: marks notices whose deadline passed without
//! verification, and climbs the county's escalation ladder with those that
//! stay unrectified: the 督办单 after the grace days, then its steps.
//! Marking publishes the notice, which pokes the devices of the inspector,
//! the supervisors over the region and the addressee.
//!
//! Correct with any number of processes: each mark is a conditional UPDATE
//! (`overdue_at IS NULL`; `escalation_level` one below the rung). On PostgreSQL a second
//! process updating the same row waits for the first to commit, then finds
//! the condition false and skips it; on SQLite writers are serialised. So a
//! notice is marked, and reminded, exactly once.

use std::time::Duration;

use crate::jobs::Background;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, DbErr, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    entity::notice::{self, Column},
    escalation,
    perform::append_system_event,
    record,
    state::State,
};
use crate::{app::AppState, sync::Write, webhooks::EventType};

/// Most notices one step marks in one transaction.
const BATCH: u64 = 500;

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Notices newly marked overdue.
    pub overdue: usize,
    /// Formal reminders issued.
    pub reminded: usize,
}

/// Marks what is overdue at `now` and reminds what is past the grace period.
pub async fn sweep(app: &AppState, now: DateTime<Utc>) -> Result<Swept, DbErr> {
    let today = app.calendar.today(now);
    // Overdue is the addressee's: an answer already given waits for the bureau.
    let outstanding = || Column::State.is_in(State::awaiting_addressee_names());
    let mut swept = Swept::default();
    loop {
        let due = Condition::all().add(outstanding()).add(Column::OverdueAt.is_null()).add(Column::Deadline.lt(today));
        let marked = mark_overdue(app, due, now).await?;
        swept.overdue += marked;
        if marked < BATCH as usize {
            break;
        }
    }
    // Then each rung of the county's ladder, the 督办单 first: a notice
    // overdue long enough climbs several in one sweep, one document each.
    let county = escalation::County {
        calendar: &app.calendar,
        numbering: &app.numbering,
        ladder: &app.ladder,
        supervision_days: app.settings.notices.supervision_days,
    };
    for level in 1..=app.ladder.rungs().len() {
        while let Some(due) = escalation::due(&county, level, now) {
            let climbed = escalate(app, &county, due, level, now).await?;
            swept.reminded += climbed;
            if climbed < BATCH as usize {
                break;
            }
        }
    }
    Ok(swept)
}

/// Marks a batch of notices matching `which` (and not yet marked) overdue,
/// with a history entry and a webhook event each, and publishes them.
async fn mark_overdue(app: &AppState, which: Condition, now: DateTime<Utc>) -> Result<usize, DbErr> {
    let ids = batch_of(app, &which).await?;
    if ids.is_empty() {
        return Ok(0);
    }
    let write = Write::begin(&app.db).await?;
    let updated = notice::Entity::update_many()
        .col_expr(Column::OverdueAt, Expr::value(now))
        .col_expr(Column::Rev, Expr::col(Column::Rev).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.is_in(ids))
        .filter(which)
        .exec_with_returning(write.db())
        .await?;
    for m in &updated {
        append_system_event(write.db(), m, "overdue", "").await?;
        record::announce(write.db(), m, EventType::NoticeOverdue, None).await?;
        record::publish_notice(&write, m);
    }
    app.sync.commit(write).await?;
    Ok(updated.len())
}

/// Moves a batch of due notices up to `level`, each with its document.
async fn escalate(
    app: &AppState,
    county: &escalation::County<'_>,
    which: Condition,
    level: usize,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let ids = batch_of(app, &which).await?;
    if ids.is_empty() {
        return Ok(0);
    }
    let write = Write::begin(&app.db).await?;
    let climbed = escalation::climb(write.db(), ids, which, level, now).await?;
    for m in &climbed {
        let step = escalation::issue(write.db(), &write, county, m, now).await?;
        record::announce(write.db(), m, EventType::NoticeReminded, Some(step.step.as_str())).await?;
        record::publish_notice(&write, m);
    }
    app.sync.commit(write).await?;
    Ok(climbed.len())
}

/// The ids of a batch of notices matching `which`.
async fn batch_of(app: &AppState, which: &Condition) -> Result<Vec<Uuid>, DbErr> {
    notice::Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(which.clone())
        .limit(BATCH)
        .into_tuple()
        .all(app.db.read())
        .await
}

/// Runs the sweep every `every` until `stop`.
pub fn spawn(app: AppState, every: Duration, background: &Background) {
    let db = app.db.clone();
    crate::jobs::every(db, "notices.overdue", every, background, move || {
        let app = app.clone();
        async move {
            match sweep(&app, Utc::now()).await {
                Ok(s) if s.overdue + s.reminded > 0 => {
                    tracing::info!(overdue = s.overdue, reminded = s.reminded, "notices marked overdue")
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(error.cause = %err, "overdue sweep failed"),
            }
        }
    });
}
