//! `inspection.create`: a new inspection recorded on a device, on one exact
//! template version that it keeps forever.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TryIntoModel};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use sync_protocol::location::Location;
use uuid::Uuid;

use crate::{
    audit, blobs,
    db::typed::Json,
    directory::{households::entity as household, sites::entity as site},
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    inspections::{self, KINDS, checklist, entity, findings::Finding, record},
    policy,
    sync::{Ctx, Mutation, RunMutation, RunOutcomes},
    templates::{self, Stage, TemplateBody},
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
    /// Where the device was when it started, if the inspector allowed positioning.
    #[serde(default)]
    pub location: Option<Location>,
}

/// The `inspection.create` mutation. A device back from a day offline
/// pushes its inspections in a row, so it applies runs: one read of the
/// templates, sites and ids they name and one insert for all of them.
#[derive(Debug)]
pub struct CreateInspection;

/// Longest notes accepted.
pub const MAX_NOTES: usize = 10_000;

/// Inspections per INSERT (25 columns each: well under both databases' bind limits).
const INSERT_ROWS: usize = 200;

#[async_trait::async_trait]
impl Mutation for CreateInspection {
    const NAME: &'static str = "inspection.create";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        let mut outcomes = self.apply_run(ctx, vec![(ctx.mutation_id, args)]).await?;
        outcomes.pop().unwrap_or_else(|| Err(ApiError::internal("inspection.create answered nothing")))
    }
}

#[async_trait::async_trait]
impl RunMutation for CreateInspection {
    async fn apply_run(&self, ctx: &Ctx<'_>, items: Vec<(u64, Args)>) -> ApiResult<RunOutcomes> {
        let mut known = Known::load(ctx.db, &items).await?;
        let now = crate::clock::now();
        let mut outcomes = Vec::with_capacity(items.len());
        let mut created = Vec::with_capacity(items.len());
        for (mutation_id, args) in items {
            match inspection(ctx, &known, args, now) {
                Ok(model) => {
                    // A second create of the same id later in the run is refused like any other.
                    known.taken.insert(model.id);
                    outcomes.push(Ok(Some(json!({ "rev": model.rev }))));
                    created.push((mutation_id, model));
                }
                Err(err) => outcomes.push(Err(err)),
            }
        }
        store(ctx, &created).await?;
        Ok(outcomes)
    }
}

/// What the run's mutations name, read in one query per table.
struct Known {
    templates: HashMap<Uuid, (templates::entity::Model, TemplateBody)>,
    sites: HashMap<Uuid, String>,
    households: HashMap<Uuid, String>,
    taken: HashSet<Uuid>,
}

impl Known {
    async fn load(db: &impl ConnectionTrait, items: &[(u64, Args)]) -> ApiResult<Known> {
        let mut template_ids: Vec<Uuid> = items.iter().map(|(_, a)| a.template_id).collect();
        template_ids.sort_unstable();
        template_ids.dedup();
        let mut templates = HashMap::new();
        for id in template_ids {
            if let Some(found) = templates::repo::usable(db, id).await? {
                templates.insert(id, found);
            }
        }
        let site_ids = items.iter().filter_map(|(_, a)| a.site_id).collect();
        let sites = region_paths::<site::Entity>(db, site_ids, site::Column::Id, site::Column::RegionPath).await?;
        let household_ids = items.iter().filter_map(|(_, a)| a.household_id).collect();
        let households =
            region_paths::<household::Entity>(db, household_ids, household::Column::Id, household::Column::RegionPath)
                .await?;
        let taken = entity::Entity::find()
            .filter(entity::Column::Id.is_in(items.iter().map(|(_, a)| a.id)))
            .select_only()
            .column(entity::Column::Id)
            .into_tuple::<Uuid>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        Ok(Known { templates, sites, households, taken })
    }
}

/// The region paths of the places with these ids, in one query.
async fn region_paths<E: EntityTrait>(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
    id: E::Column,
    region_path: E::Column,
) -> Result<HashMap<Uuid, String>, sea_orm::DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = E::find().filter(id.is_in(ids)).select_only().columns([id, region_path]).into_tuple().all(db).await?;
    Ok(rows.into_iter().collect())
}

/// Checks one mutation against what is known and makes its inspection
/// (nothing is written here: a refusal leaves no trace).
fn inspection(ctx: &Ctx<'_>, known: &Known, args: Args, now: DateTime<Utc>) -> ApiResult<entity::Model> {
    let mut check = Check::new();
    if let Some(kind) = &args.kind {
        check.one_of("kind", kind, KINDS);
    }
    if args.notes.chars().count() > MAX_NOTES {
        check.fail("notes", Reason::TooLong { max: MAX_NOTES });
    }
    let photos = blobs::refs::parse_list(&mut check, "photos", &args.photos);
    if let Some(location) = &args.location {
        check.location("location", location);
    }
    check.finish()?;
    let (template, body) =
        known.templates.get(&args.template_id).ok_or_else(|| ApiError::field("template_id", Reason::NotFound))?;
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
        (Some(id), _) => known.sites.get(&id),
        (_, Some(id)) => known.households.get(&id),
        _ => None,
    };
    let target_field = if rural { "household_id" } else { "site_id" };
    let region_path = region_path
        .filter(|path| policy::may_inspect(ctx.user, path))
        .ok_or_else(|| ApiError::field(target_field, Reason::NotFound))?;
    if known.taken.contains(&args.id) {
        return Err(ApiError::field("id", Reason::Taken));
    }
    let evaluation = checklist::judge(Some(body), &args.answers, &args.findings, Stage::Draft)?;
    let mut model = entity::ActiveModel {
        id: Set(args.id),
        kind: Set(template.kind.clone()),
        template_id: Set(Some(template.id)),
        site_id: Set(args.site_id),
        household_id: Set(args.household_id),
        region_path: Set(region_path.clone()),
        inspector_id: Set(ctx.user.user_id),
        status: Set("draft".into()),
        started_at: Set(args.started_at.unwrap_or(now)),
        finished_at: Set(None),
        notes: Set(args.notes),
        conclusion: Set(String::new()),
        answers: Set(Json(args.answers)),
        findings: Set(Json(args.findings)),
        score: Set(None),
        grade: Set(None),
        result: Set(None),
        rev: Set(1),
        field_revs: Set(Json::default()),
        photos: Set(Json(photos)),
        latitude: Set(args.location.map(|l| l.latitude)),
        longitude: Set(args.location.map(|l| l.longitude)),
        location_accuracy_m: Set(args.location.and_then(|l| l.accuracy_m)),
        created_at: Set(now),
        updated_at: Set(now),
    };
    checklist::store(&mut model, evaluation.as_ref());
    Ok(model.try_into_model()?)
}

/// Writes the accepted inspections, their audit entries, photo references
/// and webhook events, a statement or so for each kind, and publishes them.
async fn store(ctx: &Ctx<'_>, created: &[(u64, entity::Model)]) -> ApiResult<()> {
    if created.is_empty() {
        return Ok(());
    }
    for chunk in created.chunks(INSERT_ROWS) {
        let rows = chunk.iter().map(|(_, m)| entity::ActiveModel::from(m.clone()));
        entity::Entity::insert_many(rows)
            .exec_without_returning(ctx.db)
            .await
            .map_err(|err| ApiError::taken_if_duplicate(err, "id"))?;
    }
    let entries = created
        .iter()
        .map(|(mutation_id, m)| {
            let detail = json!({ "client_id": ctx.client_id, "mutation_id": mutation_id });
            audit::entry(Some(ctx.user), record::RECORD_TYPE, m.id, "create", detail)
        })
        .collect();
    audit::record_all(ctx.db, entries).await?;
    let models: Vec<entity::Model> = created.iter().map(|(_, m)| m.clone()).collect();
    match models.as_slice() {
        // One at a time (also how a failed run is retried), references are
        // merged with any left behind under the id; a run's are inserted in
        // one statement, and a reference already there fails the run.
        [one] => inspections::photos::reference(ctx, one, false).await?,
        _ => inspections::photos::reference_new(ctx, &models).await?,
    }
    record::announce_all(ctx, &models, EventType::InspectionCreated).await?;
    for m in &models {
        record::publish(ctx, m);
    }
    Ok(())
}
