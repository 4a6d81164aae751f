//! `renovation.photos`: adds photos of the house before, during or after
//! renovation to its file. Photos are only added: a file keeps its history.

use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::file_for_change;
use crate::{
    error::{ApiResult, Reason},
    http::validate::Check,
    notices::content::check_photos,
    renovations::{
        entity::renovation,
        record::{self},
    },
    sync::{Ctx, Mutation},
};

/// Arguments of `renovation.photos`.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// The file.
    pub id: Uuid,
    /// `before`, `during` or `after`.
    pub stage: String,
    /// Photos to add, by SHA-256.
    pub photos: Vec<String>,
}

/// The `renovation.photos` mutation.
#[derive(Debug)]
pub struct AddRenovationPhotos;

#[async_trait::async_trait]
impl Mutation for AddRenovationPhotos {
    const NAME: &'static str = "renovation.photos";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        let mut check = Check::new();
        let stage = check.one_of("stage", &args.stage, &["before", "during", "after"]);
        check_photos(&mut check, "photos", &args.photos);
        if args.photos.is_empty() {
            check.fail("photos", Reason::Required);
        }
        check.finish()?;
        let found = file_for_change(ctx.db, ctx.user, args.id).await?;
        let mut photos = found.photos.0.clone();
        let list = match stage.as_str() {
            "before" => &mut photos.before,
            "during" => &mut photos.during,
            _ => &mut photos.after,
        };
        for hash in args.photos {
            if !list.contains(&hash) {
                list.push(hash);
            }
        }
        // Every photo already there: nothing changes, the rev stays.
        if photos == found.photos.0 {
            return Ok(Some(json!({ "rev": found.rev })));
        }
        let mut next: renovation::ActiveModel = found.clone().into();
        next.photos = Set(crate::db::typed::Json(photos));
        next.rev = Set(found.rev + 1);
        next.updated_at = Set(crate::clock::now());
        let saved = next.update(ctx.db).await?;
        crate::renovations::photos::reference(ctx, &saved).await?;
        record::publish(ctx.write(), &saved);
        Ok(Some(json!({ "rev": saved.rev })))
    }
}
