//! `inspection.create`: a new inspection recorded on a device, on one exact
//! template version that it keeps forever.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::{
    audit, blobs,
    directory::{households::entity as household, sites::entity as site},
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    inspections::{self, KINDS, checklist, entity, findings::Finding, record},
    policy,
    sync::{Ctx, Mutation},
    templates::Stage,
    webhooks::EventType,
};

/// Arguments of `inspection.create`.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// Id made by the device (UUID).
    pub id: Uuid,
    /// The template version (published, or retired since the device got it).
    pub template_id: Uuid,
    /// `dust_control`, `quality_safety` or `rural_appraisal`; if sent, it
    /// must be the template's kind.
    #[serde(default)]
    pub kind: Option<String>,
    /// The site (dust control, quality and safety).
    #[serde(default)]
    pub site_id: Option<Uuid>,
    /// The household (rural appraisal).
    #[serde(default)]
    pub household_id: Option<Uuid>,
    /// When it started, by the device clock (default: now).
    #[serde(default)]
    pub started_at: Option<DateTime<Utc>>,
    /// Notes.
    #[serde(default)]
    pub notes: String,
    /// Answers by checklist item id.
    #[serde(default)]
    pub answers: Map<String, Value>,
    /// Findings.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Photos of the inspection as a whole, by SHA-256 (hex); they may be uploaded later.
    #[serde(default)]
    pub photos: Vec<String>,
}

/// The `inspection.create` mutation.
#[derive(Debug)]
pub struct CreateInspection;

/// Longest notes accepted.
pub const MAX_NOTES: usize = 10_000;

#[async_trait::async_trait]
impl Mutation for CreateInspection {
    const NAME: &'static str = "inspection.create";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        let mut check = Check::new();
        if let Some(kind) = &args.kind {
            check.one_of("kind", kind, KINDS);
        }
        if args.notes.chars().count() > MAX_NOTES {
            check.fail("notes", Reason::TooLong { max: MAX_NOTES });
        }
        let photos = blobs::refs::parse_list(&mut check, "photos", &args.photos);
        check.finish()?;
        let (template, body) = checklist::usable(ctx.db, args.template_id).await?;
        if args.kind.as_ref().is_some_and(|kind| *kind != template.kind) {
            return Err(ApiError::field("kind", Reason::Invalid));
        }
        let rural = template.kind == "rural_appraisal";
        let misplaced = match (rural, args.site_id, args.household_id) {
            (true, _, None) => Some(("household_id", Reason::Required)),
            (false, None, _) => Some(("site_id", Reason::Required)),
            (true, Some(_), _) | (false, _, Some(_)) => Some(("template_id", Reason::Invalid)),
            _ => None,
        };
        if let Some((field, reason)) = misplaced {
            return Err(ApiError::field(field, reason));
        }
        let region_path = match (args.site_id, args.household_id) {
            (Some(id), _) => site::Entity::find_by_id(id).one(ctx.db).await?.map(|s| s.region_path),
            (_, Some(id)) => household::Entity::find_by_id(id).one(ctx.db).await?.map(|h| h.region_path),
            _ => None,
        };
        let target_field = if rural { "household_id" } else { "site_id" };
        let region_path = region_path
            .filter(|path| policy::may_inspect(ctx.user, path))
            .ok_or_else(|| ApiError::field(target_field, Reason::NotFound))?;
        if entity::Entity::find_by_id(args.id).one(ctx.db).await?.is_some() {
            return Err(ApiError::field("id", Reason::Taken));
        }
        let evaluation = checklist::judge(Some(&body), &args.answers, &args.findings, Stage::Draft)?;
        let now = Utc::now();
        let mut model = entity::ActiveModel {
            id: Set(args.id),
            kind: Set(template.kind),
            template_id: Set(Some(template.id)),
            site_id: Set(args.site_id),
            household_id: Set(args.household_id),
            region_path: Set(region_path),
            inspector_id: Set(ctx.user.user_id),
            status: Set("draft".into()),
            started_at: Set(args.started_at.unwrap_or(now)),
            finished_at: Set(None),
            notes: Set(args.notes),
            conclusion: Set(String::new()),
            answers: Set(Value::Object(args.answers).to_string()),
            findings: Set(serde_json::to_string(&args.findings).unwrap_or_else(|_| "[]".into())),
            score: Set(None),
            grade: Set(None),
            result: Set(None),
            rev: Set(1),
            field_revs: Set("{}".into()),
            photos: Set(blobs::refs::to_json(&photos)),
            created_at: Set(now),
            updated_at: Set(now),
        };
        checklist::store(&mut model, evaluation.as_ref());
        let model = model.insert(ctx.db).await?;
        audit::record(
            ctx.db,
            Some(ctx.user),
            record::RECORD_TYPE,
            model.id,
            "create",
            json!({ "client_id": ctx.client_id, "mutation_id": ctx.mutation_id }),
        )
        .await?;
        inspections::photos::reference(ctx, &model, false).await?;
        record::announce(ctx, &model, EventType::InspectionCreated).await?;
        record::publish(ctx, &model);
        Ok(Some(json!({ "rev": model.rev })))
    }
}
