//! `renovation.advance`: the next step of the process, dated (never after
//! today in the bureau's time zone), with a note and photos; the county
//! approval fixes the subsidy.

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde::Deserialize;
use serde_json::{Value, json};
use sync_protocol::ErrorCode;
use uuid::Uuid;

use super::file_for_change;
use crate::{
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    money::Fen,
    notices::content::check_photos,
    renovations::{
        Rules,
        entity::renovation,
        record::{self, StepDone},
        steps::{self, Refusal, SUBSIDY_APPROVAL, Step},
    },
    sync::{Ctx, Mutation},
};

/// Arguments of `renovation.advance`.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// The file.
    pub id: Uuid,
    /// The step reached: the one after the file's current step.
    pub step: String,
    /// The day it was reached.
    pub on: NaiveDate,
    /// A note.
    #[serde(default)]
    pub note: String,
    /// Photos of it, by SHA-256.
    #[serde(default)]
    pub photos: Vec<String>,
    /// The subsidy approved, in yuan (e.g. `"35000.00"`): required with
    /// `county_approval`, and only there.
    #[serde(default)]
    pub subsidy: Option<String>,
}

/// The `renovation.advance` mutation.
#[derive(Debug)]
pub struct AdvanceRenovation {
    /// The county's rules.
    pub rules: Rules,
}

/// The approved subsidy sent with a step: required at the county approval
/// (a positive amount), refused anywhere else.
fn check_subsidy(check: &mut Check, step: Option<Step>, subsidy: Option<&str>) -> Option<Fen> {
    match (step, subsidy) {
        (Some(SUBSIDY_APPROVAL), None) => {
            check.fail("subsidy", Reason::Required);
            None
        }
        (Some(SUBSIDY_APPROVAL), Some(yuan)) => {
            let fen = Fen::parse(yuan.trim()).filter(|f| f.fen() > 0);
            if fen.is_none() {
                check.fail("subsidy", Reason::Invalid);
            }
            fen
        }
        (_, Some(_)) => {
            check.fail(
                "subsidy",
                Reason::Rule {
                    code: "subsidy_at_county_approval",
                    en: "The approved subsidy is recorded with the county approval step.".into(),
                    zh: "补助金额应在县级审批步骤中录入。".into(),
                },
            );
            None
        }
        (_, None) => None,
    }
}

#[async_trait::async_trait]
impl Mutation for AdvanceRenovation {
    const NAME: &'static str = "renovation.advance";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        let mut check = Check::new();
        let step = Step::parse(&args.step);
        if step.is_none() {
            check.fail("step", Reason::NotAllowed { allowed: Step::NAMES });
        }
        check_photos(&mut check, "photos", &args.photos);
        if args.note.chars().count() > 2_000 {
            check.fail("note", Reason::TooLong { max: 2_000 });
        }
        let subsidy = check_subsidy(&mut check, step, args.subsidy.as_deref());
        check.finish()?;
        self.rules.not_after_today("on", args.on)?;
        let step = step.ok_or_else(|| ApiError::field("step", Reason::Invalid))?;
        let found = file_for_change(ctx.db, ctx.user, args.id).await?;
        let mut done = found.steps.0.clone();
        let last = found.step;
        let last_day = done.get(last.as_str()).map(|s| s.on).unwrap_or(args.on);
        let posted = done.get(Step::PublicNotice.as_str()).map(|s| s.on);
        steps::check(last, last_day, posted, step, args.on).map_err(|refusal| match refusal {
            Refusal::OutOfOrder(next) => ApiError::new(ErrorCode::InvalidTransition)
                .with_details(json!({ "state": last.as_str(), "expected": next.map(Step::as_str) })),
            Refusal::BeforePrevious(day) => ApiError::field(
                "on",
                Reason::Rule {
                    code: "before_previous_step",
                    en: format!("The previous step was reached on {day}."),
                    zh: format!("上一步骤日期为 {day}。"),
                },
            ),
            Refusal::NoticeTooShort(day) => ApiError::field(
                "on",
                Reason::Rule {
                    code: "public_notice_too_short",
                    en: format!("The public notice posted on {day} must stay up {} days.", steps::PUBLIC_NOTICE_DAYS),
                    zh: format!("{day} 张贴的公示须满 {} 天。", steps::PUBLIC_NOTICE_DAYS),
                },
            ),
        })?;
        done.insert(
            step.as_str().into(),
            StepDone { on: args.on, by: ctx.user.user_id, note: args.note, photos: args.photos },
        );
        let mut next: renovation::ActiveModel = found.clone().into();
        match step {
            Step::BuildStarted => next.started_on = Set(Some(args.on)),
            Step::BuildCompleted => next.completed_on = Set(Some(args.on)),
            Step::JointAcceptance => next.accepted_on = Set(Some(args.on)),
            _ => {}
        }
        if let Some(fen) = subsidy {
            next.subsidy_fen = Set(Some(fen.fen()));
        }
        next.step = Set(step);
        next.steps = Set(crate::db::typed::Json(done));
        next.rev = Set(found.rev + 1);
        next.updated_at = Set(crate::clock::now());
        let saved = next.update(ctx.db).await?;
        crate::renovations::photos::reference(ctx, &saved).await?;
        record::publish(ctx.write(), &saved);
        Ok(Some(json!({ "rev": saved.rev, "step": saved.step.as_str() })))
    }
}
