//! `inspection.create`: a new inspection recorded on a device.

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
    inspections::{KINDS, entity, record},
    policy,
    sync::{Ctx, Mutation},
};

/// Arguments of `inspection.create`.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// Id made by the device (UUID).
    pub id: Uuid,
    /// `dust_control`, `quality_safety` or `rural_safety`.
    pub kind: String,
    /// The site (dust control, quality and safety).
    #[serde(default)]
    pub site_id: Option<Uuid>,
    /// The household (rural safety).
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
    /// Photos by SHA-256 (hex); they may be uploaded later.
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
        let kind = check.one_of("kind", &args.kind, KINDS);
        if args.notes.chars().count() > MAX_NOTES {
            check.fail("notes", Reason::TooLong { max: MAX_NOTES });
        }
        let rural = kind == "rural_safety";
        match (rural, args.site_id, args.household_id) {
            (true, _, None) => check.fail("household_id", Reason::Required),
            (false, None, _) => check.fail("site_id", Reason::Required),
            (true, Some(_), _) | (false, _, Some(_)) => check.fail("kind", Reason::Invalid),
            _ => {}
        }
        let photos = blobs::refs::parse_list(&mut check, "photos", &args.photos);
        check.finish()?;
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
        let now = Utc::now();
        let model = entity::ActiveModel {
            id: Set(args.id),
            kind: Set(kind),
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
            rev: Set(1),
            field_revs: Set("{}".into()),
            photos: Set(blobs::refs::to_json(&photos)),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(ctx.db)
        .await?;
        audit::record(
            ctx.db,
            Some(ctx.user),
            record::RECORD_TYPE,
            model.id,
            "create",
            json!({ "client_id": ctx.client_id, "mutation_id": ctx.mutation_id }),
        )
        .await?;
        let owner = (ctx.user.user_id, Some(ctx.client_id));
        blobs::refs::replace(ctx.db, record::RECORD_TYPE, model.id, &record::placement(&model), &photos, owner).await?;
        record::publish(ctx, &model);
        Ok(Some(json!({ "rev": model.rev })))
    }
}
