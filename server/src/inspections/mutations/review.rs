//! `appraisal.review`: a supervisor's decision on a rural appraisal that
//! improved a C or D grade. Approved, its grade becomes the household's;
//! rejected, the household keeps its grade. The appraiser never reviews
//! their own appraisal.

use sea_orm::EntityTrait;
use serde::Deserialize;
use serde_json::{Value, json};
use sync_protocol::ErrorCode;
use uuid::Uuid;

use crate::{
    audit,
    directory::households::grading::{self, Decision, Refusal},
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    inspections::{entity, record},
    policy,
    sync::{Ctx, Mutation},
};

/// Longest review comment.
const MAX_COMMENT: usize = 2_000;

/// Arguments of `appraisal.review`.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// The appraisal (the inspection).
    pub id: Uuid,
    /// `approve` or `reject`.
    pub decision: String,
    /// Why; required to reject.
    #[serde(default)]
    pub comment: String,
}

/// The `appraisal.review` mutation.
#[derive(Debug)]
pub struct ReviewAppraisal;

#[async_trait::async_trait]
impl Mutation for ReviewAppraisal {
    const NAME: &'static str = "appraisal.review";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        let mut check = Check::new();
        let decision = match check.one_of("decision", &args.decision, &["approve", "reject"]).as_str() {
            "approve" => Decision::Approve,
            _ => Decision::Reject,
        };
        let comment = check.opt_text("comment", Some(&args.comment), MAX_COMMENT).unwrap_or_default();
        if decision == Decision::Reject && comment.is_empty() {
            check.fail("comment", Reason::Required);
        }
        check.finish()?;
        let found = entity::Entity::find_by_id(args.id)
            .one(ctx.db)
            .await?
            .filter(|i| i.kind == "rural_appraisal" && policy::may_inspect(ctx.user, &i.region_path))
            .ok_or_else(ApiError::not_found)?;
        let household = found.household_id.ok_or_else(ApiError::not_found)?;
        if !policy::may_supervise(ctx.user, &found.region_path) {
            return Err(ApiError::forbidden());
        }
        if found.inspector_id == ctx.user.user_id {
            return Err(ApiError::field(
                "id",
                Reason::Rule {
                    code: "own_appraisal",
                    en: "The appraiser cannot review their own appraisal: another supervisor must.".into(),
                    zh: "鉴定人不能复核自己的鉴定，须由其他监管人员复核。".into(),
                },
            ));
        }
        let reviewed =
            grading::review(ctx.db, ctx.write(), household, found.id, ctx.user.user_id, decision, &comment).await?;
        let household = reviewed.map_err(|Refusal::NotPending(status)| {
            ApiError::new(ErrorCode::InvalidTransition)
                .with_details(json!({ "state": found.status, "review_status": status }))
        })?;
        audit::record(
            ctx.db,
            Some(ctx.user),
            record::RECORD_TYPE,
            found.id,
            "review_appraisal",
            json!({ "decision": args.decision, "comment": comment, "household_grade": household.grade,
                "client_id": ctx.client_id, "mutation_id": ctx.mutation_id }),
        )
        .await?;
        Ok(Some(json!({ "grade": household.grade, "pending_appraisal_id": household.pending_appraisal_id })))
    }
}
