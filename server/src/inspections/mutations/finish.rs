//! `inspection.finish`: a draft becomes finished, once every required item
//! is answered. Finished, it is never edited again. A finished rural
//! appraisal grades its household by its appraisal time (see
//! [`crate::directory::households::grading`]).

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    audit,
    directory::households::grading::{self, Appraisal},
    error::{ApiError, ApiResult, Reason},
    inspections::{access, checklist, entity, mutations::create::MAX_NOTES, record},
    sync::{Ctx, Mutation, device_time::DeviceClock, merge::FieldRev},
    templates::Stage,
    webhooks::EventType,
};

/// Arguments of `inspection.finish`.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// The inspection.
    pub id: Uuid,
    /// The conclusion (default: the one the draft has).
    #[serde(default)]
    pub conclusion: Option<String>,
    /// When it finished, by the device clock (default: now); bounded
    /// ([`crate::sync::device_time`]): it decides the report period and
    /// which appraisal of a household is the latest.
    #[serde(default)]
    pub finished_at: Option<DateTime<Utc>>,
}

/// The `inspection.finish` mutation.
#[derive(Debug)]
pub struct FinishInspection {
    /// The bounds of the device's `finished_at`.
    pub clock: DeviceClock,
}

#[async_trait::async_trait]
impl Mutation for FinishInspection {
    const NAME: &'static str = "inspection.finish";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        if args.conclusion.as_ref().is_some_and(|c| c.chars().count() > MAX_NOTES) {
            return Err(ApiError::field("conclusion", Reason::TooLong { max: MAX_NOTES }));
        }
        // Microseconds, as PostgreSQL keeps them: appraisal times compare as stored.
        let finished_at = self.clock.accept("finished_at", args.finished_at, crate::clock::now())?.trunc_subsecs(6);
        let found = access::editable(ctx, args.id).await?;
        let template = checklist::kept(ctx.db, &found).await?;
        let evaluation = checklist::judge(template.as_ref(), &found.answers, &found.findings, Stage::Final)?;
        let rev = found.rev + 1;
        let mut revs = found.field_revs.clone();
        for field in ["status", "finished_at"].into_iter().chain(args.conclusion.as_ref().map(|_| "conclusion")) {
            revs.insert(field.to_owned(), FieldRev { rev, by: ctx.client_id });
        }
        let mut active: entity::ActiveModel = found.clone().into();
        active.status = Set("finished".into());
        active.finished_at = Set(Some(finished_at));
        if let Some(conclusion) = args.conclusion {
            active.conclusion = Set(conclusion);
        }
        checklist::store(&mut active, evaluation.as_ref());
        active.field_revs = Set(revs);
        active.rev = Set(rev);
        active.updated_at = Set(crate::clock::now());
        let model = active.update(ctx.db).await?;
        let grade = evaluation.as_ref().and_then(|e| e.grade.clone());
        let mut effect = None;
        if let (Some(household), Some(grade)) = (model.household_id, &grade)
            && model.kind == "rural_appraisal"
        {
            let appraisal = Appraisal { id: model.id, grade, finished_at };
            effect = Some(grading::appraised(ctx.db, ctx.write(), household, appraisal).await?);
        }
        audit::record(
            ctx.db,
            Some(ctx.user),
            record::RECORD_TYPE,
            model.id,
            "finish",
            json!({ "grade": grade, "household_grade": effect, "client_id": ctx.client_id, "mutation_id": ctx.mutation_id }),
        )
        .await?;
        record::announce(ctx, &model, EventType::InspectionFinished).await?;
        record::publish(ctx, &model);
        let mut result = json!({ "rev": model.rev, "grade": grade, "score": model.score });
        if let Some(effect) = effect {
            result["household_grade"] = json!(effect);
        }
        Ok(Some(result))
    }
}
