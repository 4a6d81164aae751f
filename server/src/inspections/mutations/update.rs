//! `inspection.update`: edits of a draft, merged field by field with edits
//! from other devices (each answer and each finding is a field of its own),
//! then checked against the inspection's template version as merged.

use std::collections::BTreeMap;

use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::{
    audit,
    blobs::{self, Sha256},
    db::typed::Json,
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    inspections::{self, access, checklist, entity, findings::Finding, mutations::create::MAX_NOTES, record},
    sync::{
        Ctx, Mutation,
        merge::{self, FieldRev},
    },
    templates::Stage,
    webhooks::EventType,
};

/// Arguments of `inspection.update`; absent fields stay as they are.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// The inspection.
    pub id: Uuid,
    /// The `rev` of the inspection the edit was made on.
    pub base_rev: i64,
    /// New notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// New conclusion.
    #[serde(default)]
    pub conclusion: Option<String>,
    /// New answers of some items (`null` clears an answer); other items stay.
    #[serde(default)]
    pub answers: Map<String, Value>,
    /// Findings added or changed, by id; other findings stay.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Ids of findings removed.
    #[serde(default)]
    pub removed_findings: Vec<Uuid>,
    /// The new list of photos of the inspection as a whole (SHA-256 hex), replacing the old one.
    #[serde(default)]
    pub photos: Option<Vec<String>>,
}

/// The `inspection.update` mutation.
#[derive(Debug)]
pub struct UpdateInspection;

#[async_trait::async_trait]
impl Mutation for UpdateInspection {
    const NAME: &'static str = "inspection.update";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        for (field, text) in [("notes", &args.notes), ("conclusion", &args.conclusion)] {
            if text.as_ref().is_some_and(|t| t.chars().count() > MAX_NOTES) {
                return Err(ApiError::field(field, Reason::TooLong { max: MAX_NOTES }));
            }
        }
        let mut check = Check::new();
        let photos = args.photos.as_deref().map(|p| blobs::refs::parse_list(&mut check, "photos", p));
        check.finish()?;
        let found = access::editable(ctx, args.id).await?;
        let mut answers = found.answers.0.clone();
        let mut findings = found.findings.0.clone();
        let mut revs = found.field_revs.0.clone();

        let mut edits = BTreeMap::new();
        if let Some(notes) = args.notes {
            edits.insert("notes".to_owned(), Value::String(notes));
        }
        if let Some(conclusion) = args.conclusion {
            edits.insert("conclusion".to_owned(), Value::String(conclusion));
        }
        if let Some(photos) = &photos {
            edits.insert("photos".to_owned(), json!(photos.iter().map(Sha256::hex).collect::<Vec<_>>()));
        }
        for (item, answer) in args.answers {
            edits.insert(format!("answers.{item}"), answer);
        }
        for finding in &args.findings {
            edits.insert(format!("findings.{}", finding.id), serde_json::to_value(finding).unwrap_or(Value::Null));
        }
        for id in &args.removed_findings {
            edits.insert(format!("findings.{id}"), Value::Null);
        }
        let current = |field: &str| match field {
            "notes" => Value::String(found.notes.clone()),
            "conclusion" => Value::String(found.conclusion.clone()),
            "photos" => json!(found.photos.iter().map(Sha256::hex).collect::<Vec<_>>()),
            other => match (other.strip_prefix("answers."), other.strip_prefix("findings.")) {
                (Some(item), _) => answers.get(item).cloned().unwrap_or(Value::Null),
                (_, Some(id)) => findings
                    .iter()
                    .find(|f| f.id.to_string() == id)
                    .and_then(|f| serde_json::to_value(f).ok())
                    .unwrap_or(Value::Null),
                _ => Value::Null,
            },
        };
        let merged = merge::merge(edits, args.base_rev, ctx.client_id, &revs, current);
        for conflict in &merged.conflicts {
            audit::record(
                ctx.db,
                Some(ctx.user),
                record::RECORD_TYPE,
                found.id,
                "conflict",
                json!({
                    "field": conflict.field, "rejected": conflict.yours, "kept": conflict.kept,
                    "client_id": ctx.client_id, "mutation_id": ctx.mutation_id,
                }),
            )
            .await?;
        }
        if merged.apply.is_empty() {
            return Ok(Some(json!({ "rev": found.rev, "conflicts": merged.conflicts })));
        }
        let rev = found.rev + 1;
        let mut active: entity::ActiveModel = found.clone().into();
        for (field, value) in &merged.apply {
            match field.as_str() {
                "notes" => active.notes = Set(value.as_str().unwrap_or_default().to_owned()),
                "conclusion" => active.conclusion = Set(value.as_str().unwrap_or_default().to_owned()),
                "photos" => active.photos = Set(Json(photos.clone().unwrap_or_default())),
                other => {
                    if let Some(item) = other.strip_prefix("answers.") {
                        if value.is_null() {
                            answers.remove(item);
                        } else {
                            answers.insert(item.to_owned(), value.clone());
                        }
                    } else if let Some(id) = other.strip_prefix("findings.") {
                        let position = findings.iter().position(|f| f.id.to_string() == id);
                        match (serde_json::from_value::<Finding>(value.clone()).ok(), position) {
                            (Some(finding), Some(at)) => findings[at] = finding,
                            (Some(finding), None) => findings.push(finding),
                            (None, Some(at)) => {
                                findings.remove(at);
                            }
                            (None, None) => {}
                        }
                    }
                }
            }
            revs.insert(field.clone(), FieldRev { rev, by: ctx.client_id });
        }
        // The merged inspection must still be valid against its template version.
        let template = checklist::kept(ctx.db, &found).await?;
        let evaluation = checklist::judge(template.as_ref(), &answers, &findings, Stage::Draft)?;
        checklist::store(&mut active, evaluation.as_ref());
        active.answers = Set(Json(answers));
        active.findings = Set(Json(findings));
        active.field_revs = Set(Json(revs));
        active.rev = Set(rev);
        active.updated_at = Set(crate::clock::now());
        let model = active.update(ctx.db).await?;
        let applied: Vec<&String> = merged.apply.keys().collect();
        audit::record(
            ctx.db,
            Some(ctx.user),
            record::RECORD_TYPE,
            model.id,
            "update",
            json!({
                "fields": applied, "client_id": ctx.client_id, "mutation_id": ctx.mutation_id,
            }),
        )
        .await?;
        inspections::photos::reference(ctx, &model, false).await?;
        record::announce(ctx, &model, EventType::InspectionUpdated).await?;
        record::publish(ctx, &model);
        Ok(Some(json!({ "rev": model.rev, "conflicts": merged.conflicts })))
    }
}
