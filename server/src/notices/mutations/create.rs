//! `notice.create`: a draft notice written on a device, often offline, after
//! an inspection. It is issued by a separate `notice.issue`.

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    db::typed::Json,
    directory::{households::entity as household, sites::entity as site},
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    inspections::entity as inspection,
    notices::{
        content::NoticeContent,
        entity::notice,
        kind::NoticeKind,
        perform::{Actor, append_event},
        photos, record,
        state::{Review, State},
    },
    numbers::bureau_key,
    policy,
    sync::{Ctx, Mutation},
    webhooks::EventType,
};

/// Arguments of `notice.create`.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// Id made by the device (UUID).
    pub id: Uuid,
    /// Kind: `rectification`, `stop_work`, `equipment_sealed`, `summons`, `case_filed`.
    pub kind: String,
    /// The inspection that found the problems.
    #[serde(default)]
    pub inspection_id: Option<Uuid>,
    /// The site (addressed to its contractor company).
    #[serde(default)]
    pub site_id: Option<Uuid>,
    /// The household (addressed to its township).
    #[serde(default)]
    pub household_id: Option<Uuid>,
    /// Last day to rectify; or give `deadline_days`.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    /// The document.
    #[serde(flatten)]
    pub content: NoticeContent,
}

/// The `notice.create` mutation.
#[derive(Debug)]
pub struct CreateNotice;

/// Where a notice goes: the place's region and addressee.
struct Target {
    region_path: String,
    addressee: Option<Uuid>,
}

async fn target(ctx: &Ctx<'_>, args: &Args, check: &mut Check) -> ApiResult<Option<Target>> {
    let (field, found) = match (args.site_id, args.household_id) {
        (Some(_), Some(_)) => {
            check.fail("household_id", Reason::Invalid);
            return Ok(None);
        }
        (None, None) => {
            check.fail("site_id", Reason::Required);
            return Ok(None);
        }
        (Some(id), None) => {
            ("site_id", site::Entity::find_by_id(id).one(ctx.db).await?.map(|s| (s.region_path, s.contractor_id)))
        }
        (None, Some(id)) => {
            ("household_id", household::Entity::find_by_id(id).one(ctx.db).await?.map(|h| (h.region_path, None)))
        }
    };
    match found.filter(|(path, _)| policy::may_inspect(ctx.user, path)) {
        Some((region_path, addressee)) => Ok(Some(Target { region_path, addressee })),
        None => {
            check.fail(field, Reason::NotFound);
            Ok(None)
        }
    }
}

async fn check_inspection(db: &impl ConnectionTrait, args: &Args, target: &Target, check: &mut Check) -> ApiResult<()> {
    let Some(id) = args.inspection_id else { return Ok(()) };
    let found = inspection::Entity::find_by_id(id).one(db).await?;
    let same_place = found.is_some_and(|i| {
        i.region_path == target.region_path && i.site_id == args.site_id && i.household_id == args.household_id
    });
    if !same_place {
        check.fail("inspection_id", Reason::NotFound);
    }
    Ok(())
}

#[async_trait::async_trait]
impl Mutation for CreateNotice {
    const NAME: &'static str = "notice.create";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        let mut check = Check::new();
        let kind = NoticeKind::parse(&args.kind);
        if kind.is_none() {
            check.fail("kind", Reason::NotAllowed { allowed: NoticeKind::NAMES });
        }
        args.content.check(&mut check, kind == Some(NoticeKind::CaseFiled));
        let target = target(ctx, &args, &mut check).await?;
        if let Some(target) = &target {
            check_inspection(ctx.db, &args, target, &mut check).await?;
        }
        check.finish()?;
        let (Some(kind), Some(target)) = (kind, target) else { return Err(ApiError::field("kind", Reason::Invalid)) };
        if notice::Entity::find_by_id(args.id).one(ctx.db).await?.is_some() {
            return Err(ApiError::field("id", Reason::Taken));
        }
        let now = crate::clock::now();
        let model = notice::ActiveModel {
            id: Set(args.id),
            number: Set(None),
            kind: Set(kind),
            state: Set(State::Draft),
            inspection_id: Set(args.inspection_id),
            site_id: Set(args.site_id),
            household_id: Set(args.household_id),
            bureau_key: Set(bureau_key(&target.region_path)),
            region_path: Set(target.region_path),
            addressee_org_id: Set(target.addressee),
            author_id: Set(ctx.user.user_id),
            content: Set(Json(args.content)),
            deadline: Set(args.deadline),
            issued_at: Set(None),
            served_at: Set(None),
            service: Set(None),
            acknowledged_at: Set(None),
            responded_at: Set(None),
            closed_at: Set(None),
            verified_on_time: Set(None),
            reinspected_late: Set(None),
            response: Set(None),
            verdict_comment: Set(String::new()),
            review_status: Set(Review::None),
            review_comment: Set(String::new()),
            reviewed_by: Set(None),
            reviewed_at: Set(None),
            overdue_at: Set(None),
            escalated_at: Set(None),
            escalation_level: Set(0),
            rev: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(ctx.db)
        .await
        .map_err(|err| ApiError::taken_if_duplicate(err, "id"))?;
        let actor = Actor { user: ctx.user, client_id: Some(ctx.client_id) };
        append_event(ctx.db, actor, &model, "create", State::Draft, "", true).await?;
        record::announce(ctx.db, &model, EventType::NoticeCreated, None).await?;
        photos::reference(ctx.db, &model, &crate::blobs::refs::Owner::new(ctx.user, Some(ctx.client_id))).await?;
        record::publish(ctx.write(), &model);
        Ok(Some(json!({ "rev": model.rev, "state": model.state })))
    }
}
