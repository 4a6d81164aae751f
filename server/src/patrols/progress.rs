//! What is due and what was missed: each plan's rounds against the
//! inspections finished at its place. Only a finished inspection counts,
//! by its (bounded) finish time; and a round is done only by an inspection
//! the server had received when the round ended: one sent later, or
//! back-dated into the round, is shown against the missed round, which
//! stays missed.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;

use super::{
    entity,
    record::PlanRecord,
    rounds::{Round, round_of, rounds_ended},
};
use crate::{
    inspections::entity as inspection,
    notices::Calendar,
    reports::period::{Period, PeriodKind},
};

/// A plan's current round.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueView {
    /// The plan.
    pub plan: PlanRecord,
    /// First day of the round.
    pub round_start: NaiveDate,
    /// Last day of the round: inspect by then.
    pub due: NaiveDate,
    /// Inspected in this round already.
    pub done: bool,
    /// The latest inspection at the plan's place in this round.
    pub last_inspection_at: Option<DateTime<Utc>>,
}

/// A round that ended without an inspection.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissedView {
    /// The plan.
    pub plan: PlanRecord,
    /// First day of the round.
    pub round_start: NaiveDate,
    /// Its last day.
    pub due: NaiveDate,
    /// An inspection finished in the round by its device's clock but
    /// received after the round ended: when it says it finished.
    pub late_inspection_at: Option<DateTime<Utc>>,
    /// When the server received that late inspection.
    pub late_received_at: Option<DateTime<Utc>>,
}

/// A finished inspection: when it finished (device clock, bounded) and
/// when the server received its finish.
type Seen = (DateTime<Utc>, DateTime<Utc>);

fn bounds(calendar: &Calendar, round: Round) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = Period::containing(PeriodKind::Daily, round.start).instants(calendar).0;
    let end = Period::containing(PeriodKind::Daily, round.end).instants(calendar).0;
    (start, end)
}

/// The finished inspections of the plan's kind at its place that finished
/// in `[from, to)`, by finish time. A finished inspection is never edited,
/// so its `updated_at` is when the server received the finish.
async fn inspected(
    db: &impl ConnectionTrait,
    plan: &entity::Model,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Seen>, DbErr> {
    let mut select = inspection::Entity::find()
        .select_only()
        .column(inspection::Column::FinishedAt)
        .column(inspection::Column::UpdatedAt)
        .filter(inspection::Column::Status.eq("finished"))
        .filter(inspection::Column::Kind.eq(plan.kind.clone()))
        .filter(inspection::Column::FinishedAt.gte(from))
        .filter(inspection::Column::FinishedAt.lt(to));
    select = match plan.site_id {
        Some(site) => select.filter(inspection::Column::SiteId.eq(site)),
        None => select.filter(inspection::Column::RegionPath.like(format!("{}%", plan.region_path))),
    };
    select.order_by_asc(inspection::Column::FinishedAt).into_tuple().all(db).await
}

/// The current round of each plan, most urgent first.
pub async fn due(
    db: &impl ConnectionTrait,
    calendar: &Calendar,
    plans: Vec<entity::Model>,
    today: NaiveDate,
) -> Result<Vec<DueView>, DbErr> {
    let mut out = Vec::new();
    for plan in plans {
        let Some(round) = round_of(plan.starts_on, plan.every_days as u32, today) else { continue };
        let (from, to) = bounds(calendar, round);
        let seen = inspected(db, &plan, from, to).await?;
        out.push(DueView {
            round_start: round.start,
            due: round.due(),
            done: !seen.is_empty(),
            last_inspection_at: seen.last().map(|(finished, _)| *finished),
            plan: PlanRecord::from(&plan),
        });
    }
    out.sort_by(|a, b| a.done.cmp(&b.done).then(a.due.cmp(&b.due)).then(a.plan.name.cmp(&b.plan.name)));
    Ok(out)
}

/// The rounds that ended in `[from, to)` without an inspection.
pub async fn missed(
    db: &impl ConnectionTrait,
    calendar: &Calendar,
    plans: Vec<entity::Model>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<MissedView>, DbErr> {
    let mut out = Vec::new();
    for plan in plans {
        let rounds = rounds_ended(plan.starts_on, plan.every_days as u32, from, to);
        let (Some(first), Some(last)) = (rounds.first(), rounds.last()) else { continue };
        let seen = inspected(db, &plan, bounds(calendar, *first).0, bounds(calendar, *last).1).await?;
        for round in rounds {
            let (start, end) = bounds(calendar, round);
            let in_round: Vec<&Seen> =
                seen.iter().filter(|(finished, _)| *finished >= start && *finished < end).collect();
            if in_round.iter().any(|(_, received)| *received < end) {
                continue;
            }
            let late = in_round.first();
            out.push(MissedView {
                plan: PlanRecord::from(&plan),
                round_start: round.start,
                due: round.due(),
                late_inspection_at: late.map(|(finished, _)| *finished),
                late_received_at: late.map(|(_, received)| *received),
            });
        }
    }
    out.sort_by(|a, b| a.due.cmp(&b.due).then(a.plan.name.cmp(&b.plan.name)));
    Ok(out)
}
