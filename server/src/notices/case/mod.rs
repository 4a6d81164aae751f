//! Penalty cases (行政处罚案件). Filing a case (`case_filed`, approved by a
//! supervisor: 立案审批) opens it; it then goes, one step at a time, through
//! the investigation by two officers with their 执法证号, the prior notice
//! of the proposed penalty with the party's rights (陈述申辩 within 3 days;
//! a hearing, 听证, within 5 days when the penalty reaches the county's
//! threshold), the decision by a supervisor once that time has passed (or
//! the party waived it), its service, the payment and the closing. Each
//! step is a history entry of the notice; the two documents the party
//! receives are numbered (罚告, 罚决); the 行政处罚决定书 exists only once
//! decided.

pub mod entity;
mod record;
pub mod routes;
pub mod stage;

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Deserialize;
use serde_json::json;
use sync_protocol::ErrorCode;
use utoipa::ToSchema;
use uuid::Uuid;

pub use record::{CaseRecord, RECORD_TYPE};

use self::{
    entity::Officer,
    stage::{Stage, Step},
};
use super::{
    Rules, access,
    entity::notice,
    kind::NoticeKind,
    perform::{Actor, append_event},
    service::{Service, ServiceBody},
};
use crate::{
    db::typed::Json,
    directory::{regions::entity as region, users::entity as user},
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    money::Fen,
    numbers::{self, Series},
    policy::{self, Role},
    sync::Write,
};

/// Days the party has to state its case (陈述、申辩) after the prior notice.
pub const STATEMENT_DAYS: u32 = 3;
/// Days the party has to ask for a hearing (听证) after the prior notice.
pub const HEARING_DAYS: u32 = 5;
/// Longest text of a step.
pub const MAX_TEXT: usize = 10_000;

/// An officer named on the investigation.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct OfficerBody {
    /// The user (bureau staff over the case's region).
    pub user_id: Uuid,
    /// Their law-enforcement certificate number (执法证号).
    pub cert: String,
}

/// What a step carries; each step reads its own fields.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct StepBody {
    /// `investigate`: the two officers.
    #[serde(default)]
    pub officers: Vec<OfficerBody>,
    /// `investigate`: the facts established.
    #[serde(default)]
    pub facts: String,
    /// `notify`: the penalty proposed; `decide`: the penalty decided (yuan, e.g. `"20000.00"`).
    #[serde(default)]
    pub amount: Option<String>,
    /// `decide`: what the party stated, or that it stated nothing.
    #[serde(default)]
    pub statement: String,
    /// `decide`: the party waived its time to state its case (and to a hearing).
    #[serde(default)]
    pub waived: bool,
    /// `serve`: how the decision was served.
    #[serde(default)]
    pub service: Option<ServiceBody>,
    /// `serve`: when, by the device clock (bounded).
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
    /// `execute`: what was paid (yuan).
    #[serde(default)]
    pub paid: Option<String>,
    /// `execute`: the day it was paid.
    #[serde(default)]
    pub paid_on: Option<NaiveDate>,
    /// `execute`: the receipt number.
    #[serde(default)]
    pub receipt: String,
    /// Any step: a comment for the history.
    #[serde(default)]
    pub comment: String,
}

/// Opens the case of a filed notice just approved.
pub async fn open(db: &impl ConnectionTrait, out: &Write, m: &notice::Model, now: DateTime<Utc>) -> Result<(), DbErr> {
    if m.kind != NoticeKind::CaseFiled {
        return Ok(());
    }
    let made = entity::ActiveModel {
        notice_id: Set(m.id),
        stage: Set(Stage::Filed),
        region_path: Set(m.region_path.clone()),
        officers: Set(Json(Vec::new())),
        facts: Set(String::new()),
        proposed_fen: Set(None),
        notification_number: Set(None),
        notified_at: Set(None),
        statement_due: Set(None),
        hearing_due: Set(None),
        statement: Set(String::new()),
        decided_fen: Set(None),
        decision_number: Set(None),
        decided_at: Set(None),
        decided_by: Set(None),
        served_at: Set(None),
        service: Set(None),
        paid_fen: Set(None),
        paid_on: Set(None),
        receipt: Set(String::new()),
        closed_at: Set(None),
        rev: Set(1),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    record::publish(out, m, &made);
    Ok(())
}

/// Ends the open case of a filed notice just revoked (撤销立案): no step
/// follows. A closed case stays closed.
pub async fn withdraw(
    db: &impl ConnectionTrait,
    out: &Write,
    m: &notice::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(found) = entity::Entity::find_by_id(m.id).lock_exclusive().one(db).await? else { return Ok(()) };
    if found.stage == Stage::Closed {
        return Ok(());
    }
    let mut next: entity::ActiveModel = found.clone().into();
    next.stage = Set(Stage::Revoked);
    next.closed_at = Set(Some(now));
    next.rev = Set(found.rev + 1);
    next.updated_at = Set(now);
    let saved = next.update(db).await?;
    record::publish(out, m, &saved);
    Ok(())
}

/// Takes `step` on the case of notice `id`, in the caller's transaction.
pub async fn take(
    db: &impl ConnectionTrait,
    out: &Write,
    rules: &Rules,
    actor: Actor<'_>,
    id: Uuid,
    step: Step,
    body: StepBody,
) -> ApiResult<entity::Model> {
    let m = access::for_change(db, actor.user, id).await?;
    let found = entity::Entity::find_by_id(id).lock_exclusive().one(db).await?.ok_or_else(ApiError::not_found)?;
    let allowed = if step.is_supervisors() {
        policy::may_supervise(actor.user, &m.region_path)
    } else {
        policy::may_inspect(actor.user, &m.region_path)
    };
    if !allowed {
        return Err(ApiError::forbidden());
    }
    let (from, to) = step.from_to();
    if found.stage != from {
        return Err(ApiError::new(ErrorCode::InvalidTransition).with_details(json!({ "stage": found.stage.as_str() })));
    }
    let now = crate::clock::now();
    let calendar = rules.clock.calendar();
    let today = calendar.today(now);
    let mut check = Check::new();
    if body.comment.chars().count() > MAX_TEXT {
        check.fail("comment", Reason::TooLong { max: MAX_TEXT });
    }
    let mut next: entity::ActiveModel = found.clone().into();
    let series = |kind| Series { bureau_key: &m.bureau_key, kind, year: calendar.year(now) };
    match step {
        Step::Investigate => {
            let officers = officers(db, &mut check, &m, &body.officers).await?;
            let facts = check.text("facts", &body.facts, MAX_TEXT);
            check.finish()?;
            next.officers = Set(Json(officers));
            next.facts = Set(facts);
        }
        Step::Notify => {
            let proposed = amount(&mut check, "amount", body.amount.as_deref());
            check.finish()?;
            let proposed = proposed.unwrap_or(Fen::from_fen(0));
            let hearing = proposed.fen() >= i64::from(rules.hearing_threshold_yuan) * 100;
            next.proposed_fen = Set(Some(proposed.fen()));
            next.notified_at = Set(Some(now));
            next.statement_due = Set(Some(calendar.deadline(today, STATEMENT_DAYS)));
            next.hearing_due = Set(hearing.then(|| calendar.deadline(today, HEARING_DAYS)));
            let number = numbers::series::issue(db, &rules.numbering, series("prior_notice"), id, now).await?;
            next.notification_number = Set(Some(number));
        }
        Step::Decide => {
            let decided = amount(&mut check, "amount", body.amount.as_deref());
            let statement = check.text("statement", &body.statement, MAX_TEXT);
            if let Some(decided) = decided
                && found.proposed_fen.is_some_and(|proposed| decided.fen() > proposed)
            {
                check.fail(
                    "amount",
                    Reason::Rule {
                        code: "above_the_notice",
                        en: "A penalty above the one the party was told of needs a new prior notice.".into(),
                        zh: "处罚金额高于事先告知的金额，须重新履行告知程序。".into(),
                    },
                );
            }
            // The party's time to answer runs to the end of its last day.
            let last_day = found.hearing_due.max(found.statement_due);
            if !body.waived && last_day.is_some_and(|day| today <= day) {
                check.fail(
                    "waived",
                    Reason::Rule {
                        code: "rights_period_running",
                        en: "The party's time to state its case or ask for a hearing has not passed.".into(),
                        zh: "当事人陈述、申辩（听证）期限未届满，不得作出处罚决定。".into(),
                    },
                );
            }
            check.finish()?;
            next.decided_fen = Set(decided.map(Fen::fen));
            next.statement = Set(statement);
            next.decided_at = Set(Some(now));
            next.decided_by = Set(Some(actor.user.user_id));
            let number = numbers::series::issue(db, &rules.numbering, series("penalty_decision"), id, now).await?;
            next.decision_number = Set(Some(number));
        }
        Step::Serve => {
            let at = rules.clock.accept("at", body.at, now)?;
            match &body.service {
                Some(service) => Service::from(service.clone()).check(&mut check),
                None => check.fail("service", Reason::Required),
            }
            if found.decided_at.is_some_and(|decided| at < decided) {
                check.fail(
                    "at",
                    Reason::Rule {
                        code: "before_decision",
                        en: "The decision cannot be served before it was made.".into(),
                        zh: "送达时间不能早于处罚决定时间。".into(),
                    },
                );
            }
            check.finish()?;
            next.served_at = Set(Some(at));
            next.service = Set(body.service.map(|s| Json(Service::from(s).trimmed())));
        }
        Step::Execute => {
            let paid = amount(&mut check, "paid", body.paid.as_deref());
            let receipt = check.text("receipt", &body.receipt, 100);
            if paid.is_some_and(|paid| Some(paid.fen()) != found.decided_fen) {
                check.fail(
                    "paid",
                    Reason::Rule {
                        code: "not_the_penalty",
                        en: "What is paid must be the penalty decided.".into(),
                        zh: "缴纳金额须与处罚决定金额一致。".into(),
                    },
                );
            }
            match body.paid_on {
                None => check.fail("paid_on", Reason::Required),
                Some(day) if day > today || found.served_at.is_some_and(|s| day < calendar.today(s)) => {
                    check.fail("paid_on", Reason::Invalid)
                }
                Some(_) => {}
            }
            check.finish()?;
            next.paid_fen = Set(paid.map(Fen::fen));
            next.paid_on = Set(body.paid_on);
            next.receipt = Set(receipt);
        }
        Step::Close => {
            check.finish()?;
            next.closed_at = Set(Some(now));
        }
    }
    next.stage = Set(to);
    next.rev = Set(found.rev + 1);
    next.updated_at = Set(now);
    let saved = next.update(db).await?;
    let action = format!("case.{}", step.as_str());
    append_event(db, actor, &m, &action, m.state, body.comment.trim(), step == Step::Investigate).await?;
    record::publish(out, &m, &saved);
    Ok(saved)
}

/// A yuan amount field: required, positive, two decimals at most.
fn amount(check: &mut Check, field: &str, value: Option<&str>) -> Option<Fen> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => {
            check.fail(field, Reason::Required);
            None
        }
        Some(text) => match Fen::parse(text).filter(|f| f.fen() > 0) {
            Some(fen) => Some(fen),
            None => {
                check.fail(field, Reason::Invalid);
                None
            }
        },
    }
}

/// The two officers: distinct, bureau staff over the case's region, each
/// with a certificate number.
async fn officers(
    db: &impl ConnectionTrait,
    check: &mut Check,
    m: &notice::Model,
    given: &[OfficerBody],
) -> Result<Vec<Officer>, DbErr> {
    if given.len() != 2 || given[0].user_id == given[1].user_id {
        check.fail(
            "officers",
            Reason::Rule {
                code: "two_officers",
                en: "An investigation is done by two officers.".into(),
                zh: "调查须由两名执法人员进行。".into(),
            },
        );
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (i, officer) in given.iter().enumerate() {
        let cert = check.text(&format!("officers[{i}].cert"), &officer.cert, 50);
        let found = user::Entity::find_by_id(officer.user_id).one(db).await?;
        let root = match found.as_ref().and_then(|u| u.region_id) {
            Some(region_id) => region::Entity::find_by_id(region_id).one(db).await?.map(|r| r.path),
            None => None,
        };
        match found {
            Some(u) if may_investigate(&u, root.as_deref(), &m.region_path) => {
                out.push(Officer { user_id: u.id, name: u.display_name, cert })
            }
            _ => check.fail(&format!("officers[{i}].user_id"), Reason::OutOfScope),
        }
    }
    Ok(out)
}

/// Whether a user (scoped to the region at `root`) may investigate a case
/// at `region_path`: enabled bureau staff over it.
fn may_investigate(u: &user::Model, root: Option<&str>, region_path: &str) -> bool {
    let role = Role::parse(&u.role);
    !u.disabled && role.is_some_and(|role| policy::is_bureau_over(role, root, region_path))
}

/// The users who may investigate a case at `region_path`, by name: (id, name).
pub async fn eligible_officers(db: &impl ConnectionTrait, region_path: &str) -> Result<Vec<(Uuid, String)>, DbErr> {
    let bureau = [Role::Admin, Role::Supervisor, Role::Inspector].map(|r| r.as_str());
    let staff = user::Entity::find()
        .filter(user::Column::Role.is_in(bureau))
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::DisplayName)
        .limit(500)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = staff.iter().filter_map(|u| u.region_id).collect();
    let paths: HashMap<Uuid, String> = region::Entity::find()
        .filter(region::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.path))
        .collect();
    Ok(staff
        .into_iter()
        .filter(|u| may_investigate(u, u.region_id.and_then(|r| paths.get(&r)).map(String::as_str), region_path))
        .map(|u| (u.id, u.display_name))
        .collect())
}
