//! `renovation.open`: a household's file, opened when it applies — only for
//! a house of a grade the county renovates, with a type that fits the grade.

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    db::typed::Json,
    directory::households::entity as household,
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    policy,
    renovations::{
        entity::renovation,
        record::{self, HousePhotos, StepDone},
        rules::{self, Rules},
        steps::Step,
    },
    sync::{Ctx, Mutation},
};

/// Renovation types.
pub const TYPES: &[&str] = &["repair_reinforce", "demolish_rebuild", "new_build"];
/// Build modes.
pub const MODES: &[&str] = &["self_built", "unified"];

/// Arguments of `renovation.open`.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// Id made by the device.
    pub id: Uuid,
    /// The household.
    pub household_id: Uuid,
    /// The county's file number.
    #[serde(default)]
    pub file_number: String,
    /// `repair_reinforce`, `demolish_rebuild` or `new_build`.
    pub renovation_type: String,
    /// `self_built` or `unified`.
    pub build_mode: String,
    /// The day the household applied (default: today in the bureau's time zone).
    #[serde(default)]
    pub applied_on: Option<NaiveDate>,
}

/// The `renovation.open` mutation.
#[derive(Debug)]
pub struct OpenRenovation {
    /// The county's rules.
    pub rules: Rules,
}

#[async_trait::async_trait]
impl Mutation for OpenRenovation {
    const NAME: &'static str = "renovation.open";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        let mut check = Check::new();
        let renovation_type = check.one_of("renovation_type", &args.renovation_type, TYPES);
        let build_mode = check.one_of("build_mode", &args.build_mode, MODES);
        let file_number = check.opt_text("file_number", Some(&args.file_number), 100).unwrap_or_default();
        // The household is locked until the commit, so two files opened for it
        // at once are decided one after the other: the second sees the first.
        let home = household::Entity::find_by_id(args.household_id)
            .lock_exclusive()
            .one(ctx.db)
            .await?
            .filter(|h| policy::may_inspect(ctx.user, &h.region_path));
        if home.is_none() {
            check.fail("household_id", Reason::NotFound);
        }
        check.finish()?;
        let home = home.ok_or_else(ApiError::not_found)?;
        let mut fits = Check::new();
        if let Some(reason) = self.rules.refuse_grade(home.grade.as_deref()) {
            fits.fail("household_id", reason);
        } else if let Some(reason) = home.grade.as_deref().and_then(|g| rules::refuse_type(g, &renovation_type)) {
            fits.fail("renovation_type", reason);
        }
        fits.finish()?;
        let applied_on = args.applied_on.unwrap_or_else(|| self.rules.today());
        self.rules.not_after_today("applied_on", applied_on)?;
        if renovation::Entity::find().filter(renovation::Column::HouseholdId.eq(home.id)).one(ctx.db).await?.is_some() {
            return Err(ApiError::field(
                "household_id",
                Reason::Rule {
                    code: "file_exists",
                    en: "This household already has a renovation file.".into(),
                    zh: "该农户已有改造档案。".into(),
                },
            ));
        }
        if renovation::Entity::find_by_id(args.id).one(ctx.db).await?.is_some() {
            return Err(ApiError::field("id", Reason::Taken));
        }
        let now = crate::clock::now();
        let applied = StepDone { on: applied_on, by: ctx.user.user_id, note: String::new(), photos: Vec::new() };
        let model = renovation::ActiveModel {
            id: Set(args.id),
            household_id: Set(home.id),
            region_path: Set(home.region_path),
            file_number: Set(file_number),
            renovation_type: Set(renovation_type),
            build_mode: Set(build_mode),
            step: Set(Step::Apply),
            steps: Set(Json([(Step::Apply.as_str().to_owned(), applied)].into())),
            photos: Set(Json(HousePhotos::default())),
            started_on: Set(None),
            completed_on: Set(None),
            accepted_on: Set(None),
            subsidy_fen: Set(None),
            rev: Set(1),
            created_by: Set(ctx.user.user_id),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(ctx.db)
        .await
        .map_err(|err| ApiError::taken_if_duplicate(err, "id"))?;
        crate::renovations::photos::reference(ctx, &model).await?;
        record::publish(ctx.write(), &model);
        Ok(Some(json!({ "rev": model.rev })))
    }
}
