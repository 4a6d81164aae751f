//! `inspection.update`: edits of a draft, merged field by field with edits
//! from other devices.

use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::{
    audit, blobs,
    error::{ApiError, ApiResult, Reason},
    inspections::{access, entity, mutations::create::MAX_NOTES, record},
    sync::{
        Ctx, Mutation,
        merge::{self, FieldRev, FieldRevs},
    },
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
    /// The new photo list (SHA-256 hex each), replacing the old one.
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
        let mut check = crate::http::validate::Check::new();
        let photos = args.photos.as_deref().map(|p| blobs::refs::parse_list(&mut check, "photos", p));
        check.finish()?;
        let found = access::editable(ctx, args.id).await?;
        let mut answers: Map<String, Value> = serde_json::from_str(&found.answers).unwrap_or_default();
        let mut revs: FieldRevs = serde_json::from_str(&found.field_revs).unwrap_or_default();

        let mut edits = BTreeMap::new();
        if let Some(notes) = args.notes {
            edits.insert("notes".to_owned(), Value::String(notes));
        }
        if let Some(conclusion) = args.conclusion {
            edits.insert("conclusion".to_owned(), Value::String(conclusion));
        }
        if let Some(photos) = &photos {
            edits.insert("photos".to_owned(), json!(photos.iter().map(|p| p.hex()).collect::<Vec<_>>()));
        }
        for (item, answer) in args.answers {
            edits.insert(format!("answers.{item}"), answer);
        }
        let current = |field: &str| match field {
            "notes" => Value::String(found.notes.clone()),
            "conclusion" => Value::String(found.conclusion.clone()),
            "photos" => serde_json::from_str(&found.photos).unwrap_or(Value::Null),
            other => other.strip_prefix("answers.").and_then(|item| answers.get(item).cloned()).unwrap_or(Value::Null),
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
                "photos" => active.photos = Set(value.to_string()),
                other => {
                    if let Some(item) = other.strip_prefix("answers.") {
                        if value.is_null() {
                            answers.remove(item);
                        } else {
                            answers.insert(item.to_owned(), value.clone());
                        }
                    }
                }
            }
            revs.insert(field.clone(), FieldRev { rev, by: ctx.client_id });
        }
        active.answers = Set(Value::Object(answers).to_string());
        active.field_revs = Set(serde_json::to_string(&revs).unwrap_or_default());
        active.rev = Set(rev);
        active.updated_at = Set(Utc::now());
        let model = active.update(ctx.db).await?;
        if let (Some(photos), true) = (&photos, merged.apply.contains_key("photos")) {
            let owner = (ctx.user.user_id, Some(ctx.client_id));
            blobs::refs::replace(ctx.db, record::RECORD_TYPE, model.id, &record::placement(&model), photos, owner)
                .await?;
        }
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
        record::publish(ctx, &model);
        Ok(Some(json!({ "rev": model.rev, "conflicts": merged.conflicts })))
    }
}
