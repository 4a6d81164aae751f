//! The overdue job: marks notices whose deadline passed without
//! verification, and after a grace period issues the formal reminder (督办).
//! Marking publishes the notice, which pokes the devices of the inspector,
//! the supervisors over the region and the addressee.
//!
//! Correct with any number of processes: each mark is a conditional UPDATE
//! (`overdue_at IS NULL`, `escalated_at IS NULL`). On PostgreSQL a second
//! process updating the same row waits for the first to commit, then finds
//! the condition false and skips it; on SQLite writers are serialised. So a
//! notice is marked, and reminded, exactly once.

use std::time::Duration;

use crate::jobs::Background;
use chrono::{DateTime, Days, Utc};
use sea_orm::{
    ColumnTrait, Condition, DbErr, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    entity::notice::{self, Column},
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
    let grace = u64::from(app.settings.notices.escalation_grace_days);
    // Overdue is the addressee's: an answer already given waits for the bureau.
    let outstanding = || Column::State.is_in(State::awaiting_addressee_names());
    let mut swept = Swept::default();
    loop {
        let due = Condition::all().add(outstanding()).add(Column::OverdueAt.is_null()).add(Column::Deadline.lt(today));
        let marked = mark(app, due, Column::OverdueAt, now, EventType::NoticeOverdue).await?;
        swept.overdue += marked;
        if marked < BATCH as usize {
            break;
        }
    }
    let reminder_before = today.checked_sub_days(Days::new(grace)).unwrap_or(today);
    loop {
        let late = Condition::all()
            .add(outstanding())
            .add(Column::OverdueAt.is_not_null())
            .add(Column::EscalatedAt.is_null())
            .add(Column::Deadline.lt(reminder_before));
        // The action names the entry (督办); pages show it in their language.
        let marked = mark(app, late, Column::EscalatedAt, now, EventType::NoticeReminded).await?;
        swept.reminded += marked;
        if marked < BATCH as usize {
            break;
        }
    }
    Ok(swept)
}

/// Sets `column` to `now` on a batch of notices matching `which` (and still
/// unset), with a history entry and a webhook event each, and publishes them.
async fn mark(
    app: &AppState,
    which: Condition,
    column: Column,
    now: DateTime<Utc>,
    kind: EventType,
) -> Result<usize, DbErr> {
    let action = if kind == EventType::NoticeReminded { "reminder" } else { "overdue" };
    let ids: Vec<Uuid> = notice::Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(which.clone())
        .limit(BATCH)
        .into_tuple()
        .all(app.db.read())
        .await?;
    if ids.is_empty() {
        return Ok(0);
    }
    let write = Write::begin(&app.db).await?;
    let updated = notice::Entity::update_many()
        .col_expr(column, Expr::value(now))
        .col_expr(Column::Rev, Expr::col(Column::Rev).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.is_in(ids))
        .filter(which)
        .exec_with_returning(write.db())
        .await?;
    for m in &updated {
        append_system_event(write.db(), m, action, "").await?;
        record::announce(write.db(), m, kind, None).await?;
        record::publish_notice(&write, m);
    }
    app.sync.commit(write).await?;
    Ok(updated.len())
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
