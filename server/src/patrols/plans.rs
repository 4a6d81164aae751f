//! Making and changing patrol plans, within a supervisor's region.

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use super::{entity, record};
use crate::{
    directory::{regions, sites, users},
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    inspections::KINDS,
    policy::{DirectoryAdmin, Role},
    sync::Write,
};

/// Longest round, in days.
pub const MAX_EVERY_DAYS: i32 = 366;

/// A new plan as asked for.
#[derive(Debug, Clone)]
pub struct NewPlan {
    /// Name.
    pub name: String,
    /// Inspection kind.
    pub kind: String,
    /// A site, or
    pub site_id: Option<Uuid>,
    /// a region.
    pub region_id: Option<Uuid>,
    /// Days per round.
    pub every_days: i32,
    /// First day (default: today).
    pub starts_on: NaiveDate,
    /// Inspector in charge.
    pub assignee_id: Option<Uuid>,
}

/// Where a plan lies: its region id and path.
async fn place(
    db: &impl ConnectionTrait,
    admin: &DirectoryAdmin,
    new: &NewPlan,
    check: &mut Check,
) -> ApiResult<Option<(Uuid, String)>> {
    match (new.site_id, new.region_id) {
        (Some(site), None) => {
            let found = sites::repo::find_visible(db, admin.scope(), site).await?;
            if found.is_none() {
                check.fail("site_id", Reason::NotFound);
            }
            Ok(found.map(|s| (s.region_id, s.region_path)))
        }
        (None, Some(region)) => {
            let found = regions::repo::find_visible(db, admin.scope(), region).await?;
            if found.is_none() {
                check.fail("region_id", Reason::NotFound);
            }
            Ok(found.map(|r| (r.id, r.path)))
        }
        (Some(_), Some(_)) => {
            check.fail("region_id", Reason::Invalid);
            Ok(None)
        }
        (None, None) => {
            check.fail("site_id", Reason::Required);
            Ok(None)
        }
    }
}

/// Checks that the assignee is bureau staff whose region covers the plan.
pub async fn check_assignee(
    db: &impl ConnectionTrait,
    check: &mut Check,
    assignee: Option<Uuid>,
    region_path: &str,
) -> ApiResult<()> {
    let Some(id) = assignee else { return Ok(()) };
    let user = users::entity::Entity::find_by_id(id).one(db).await?;
    let region = match user.as_ref().and_then(|u| u.region_id) {
        Some(region) => regions::entity::Entity::find_by_id(region).one(db).await?,
        None => None,
    };
    let covers = matches!((&user, &region), (Some(u), Some(r))
        if !u.disabled
            && Role::parse(&u.role).is_some_and(|role| matches!(role, Role::Inspector | Role::Supervisor))
            && region_path.starts_with(r.path.as_str()));
    if !covers {
        check.fail(
            "assignee_id",
            Reason::Rule {
                code: "not_an_inspector_of_the_region",
                en: "The assignee must be an inspector or supervisor whose region covers the plan.".into(),
                zh: "负责人须为辖区覆盖该计划的检查员或监督员。".into(),
            },
        );
    }
    Ok(())
}

/// Checks the round length.
pub fn check_every(check: &mut Check, every_days: i32) {
    if !(1..=MAX_EVERY_DAYS).contains(&every_days) {
        check.fail(
            "every_days",
            Reason::Rule {
                code: "out_of_range",
                en: format!("Between 1 and {MAX_EVERY_DAYS} days."),
                zh: format!("须在 1 到 {MAX_EVERY_DAYS} 天之间。"),
            },
        );
    }
}

/// Creates a plan and publishes it.
pub async fn create(write: &Write, admin: &DirectoryAdmin, new: NewPlan) -> ApiResult<entity::Model> {
    let db = write.db();
    let mut check = Check::new();
    let name = check.text("name", &new.name, 200);
    let kind = check.one_of("kind", &new.kind, KINDS);
    check_every(&mut check, new.every_days);
    let placed = place(db, admin, &new, &mut check).await?;
    if let Some((_, path)) = &placed {
        check_assignee(db, &mut check, new.assignee_id, path).await?;
    }
    check.finish()?;
    let (region_id, region_path) = placed.ok_or_else(|| ApiError::field("site_id", Reason::Required))?;
    let now = crate::clock::now();
    let model = entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name),
        kind: Set(kind),
        site_id: Set(new.site_id),
        region_id: Set(region_id),
        region_path: Set(region_path),
        every_days: Set(new.every_days),
        starts_on: Set(new.starts_on),
        assignee_id: Set(new.assignee_id),
        active: Set(true),
        created_by: Set(admin.actor_id()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    record::publish(write, &model);
    Ok(model)
}
