//! Escalation of an overdue notice (督办): after the grace days a numbered
//! 督办单 goes to the company (or, for a household's notice, the township)
//! with a new day to rectify by; while the notice stays unrectified the
//! county's further steps follow (通报批评, 约谈, 记入不良行为记录 by default),
//! each its own numbered document naming what comes next.
//!
//! A notice climbs by compare-and-set on `escalation_level` (from `k - 1`
//! to `k`), so each step is taken exactly once with any number of
//! processes; its number is taken only after the step is won, so a series
//! has no gap.

pub mod entity;
pub mod ladder;
mod record;

use chrono::{DateTime, Days, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

pub use record::{EscalationRecord, RECORD_TYPE};

use self::ladder::{Ladder, Rung, Step};
use super::{
    Calendar,
    entity::notice::{self, Column},
    perform::append_system_event,
    state::State,
};
use crate::{
    directory::{organisations::entity as organisation, regions::entity as region, regions::repo::township_path},
    numbers::{self, Numbering, Series},
    sync::Write,
};

/// What a sweep of one rung needs from the county.
#[derive(Debug, Clone, Copy)]
pub struct County<'a> {
    /// Its calendar.
    pub calendar: &'a Calendar,
    /// Its numbering.
    pub numbering: &'a Numbering,
    /// Its ladder.
    pub ladder: &'a Ladder,
    /// Days a 督办单 gives to rectify.
    pub supervision_days: u32,
}

/// The notices due to climb to `level` (from 1, the 督办单) at `now`: still
/// waiting for the addressee, on the rung below, their deadline further
/// back than the rung's days. Answers none past the top of the ladder.
pub fn due(county: &County<'_>, level: usize, now: DateTime<Utc>) -> Option<Condition> {
    let rung: Rung = *county.ladder.rungs().get(level.checked_sub(1)?)?;
    let today = county.calendar.today(now);
    let before = today.checked_sub_days(Days::new(u64::from(rung.after_days))).unwrap_or(today);
    Some(
        Condition::all()
            .add(Column::State.is_in(State::awaiting_addressee_names()))
            .add(Column::OverdueAt.is_not_null())
            .add(Column::EscalationLevel.eq(level as i32 - 1))
            .add(Column::Deadline.lt(before)),
    )
}

/// Moves the notices of `ids` that are still due (`which`) to `level`,
/// answering those this call moved (others were moved by another process).
pub async fn climb(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
    which: Condition,
    level: usize,
    now: DateTime<Utc>,
) -> Result<Vec<notice::Model>, DbErr> {
    let mut update = notice::Entity::update_many()
        .col_expr(Column::EscalationLevel, Expr::value(level as i32))
        .col_expr(Column::Rev, Expr::col(Column::Rev).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now));
    if level == 1 {
        update = update.col_expr(Column::EscalatedAt, Expr::value(now));
    }
    update.filter(Column::Id.is_in(ids)).filter(which).exec_with_returning(db).await
}

/// Writes the step a notice just climbed to: its numbered document, a
/// history entry, and its record for the devices that see the notice.
pub async fn issue(
    db: &impl ConnectionTrait,
    out: &Write,
    county: &County<'_>,
    m: &notice::Model,
    now: DateTime<Utc>,
) -> Result<entity::Model, DbErr> {
    let level = usize::try_from(m.escalation_level).unwrap_or(0);
    let step = county.ladder.rungs().get(level.saturating_sub(1)).map_or(Step::Supervision, |r| r.step);
    let year = county.calendar.year(now);
    let series = Series { bureau_key: &m.bureau_key, kind: "supervision", year };
    let number = numbers::series::issue(db, county.numbering, series, m.id, now).await?;
    let today = county.calendar.today(now);
    let made = entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        notice_id: Set(m.id),
        step: Set(step),
        level: Set(m.escalation_level),
        number: Set(number),
        addressee_org_id: Set(m.addressee_org_id),
        addressee_name: Set(addressee_name(db, m).await?),
        region_path: Set(m.region_path.clone()),
        deadline: Set(m.deadline.unwrap_or(today)),
        respond_by: Set(county.calendar.deadline(today, county.supervision_days)),
        issued_at: Set(now),
    }
    .insert(db)
    .await?;
    let action = if step == Step::Supervision { "reminder" } else { step.as_str() };
    append_system_event(db, m, action, &made.number).await?;
    record::publish(out, m, &made);
    Ok(made)
}

/// The name a step is addressed to: the company, or the township's government.
async fn addressee_name(db: &impl ConnectionTrait, m: &notice::Model) -> Result<String, DbErr> {
    if let Some(id) = m.addressee_org_id
        && let Some(org) = organisation::Entity::find_by_id(id).one(db).await?
    {
        return Ok(org.name);
    }
    let path = township_path(&m.region_path);
    let township = region::Entity::find().filter(region::Column::Path.eq(path)).one(db).await?;
    Ok(township.map(|r| format!("{}人民政府", r.name)).unwrap_or_default())
}

/// A notice's escalation steps, the first first.
pub async fn of_notice(db: &impl ConnectionTrait, notice_id: Uuid) -> Result<Vec<entity::Model>, DbErr> {
    entity::Entity::find()
        .filter(entity::Column::NoticeId.eq(notice_id))
        .order_by_asc(entity::Column::Level)
        .limit(64)
        .all(db)
        .await
}
