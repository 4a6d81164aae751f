//! Stop-work and sealing orders act on the site: once approved, a stop-work
//! order suspends its site (the site's status is `suspended` for every
//! device that sees it) and a sealing order seals the equipment it names.
//! The company applies to resume by answering the order (复工申请); the
//! re-inspection that verifies the answer lifts it with a numbered 复工通知书
//! (or 解封决定书); refusing the answer keeps it in force; revoking the
//! order ends it. A site stopped by two orders resumes when the last ends.

pub mod entity;
mod record;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use record::{RECORD_TYPE, SuspensionRecord};

use super::{entity::notice, kind::NoticeKind};
use crate::{
    directory::sites::{self, entity as site},
    numbers::{self, Numbering, Series},
    sync::Write,
};

/// The site status a stop-work order sets.
pub const SUSPENDED: &str = "suspended";
/// The status a site resumes to when it had none other to go back to.
pub const ACTIVE: &str = "active";

/// Where a suspension stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// The order holds.
    InForce,
    /// The company applied to resume; the re-inspection is due.
    Applied,
    /// Lifted after the re-inspection, by a numbered document.
    Lifted,
    /// Ended because the order was revoked.
    Revoked,
}

impl Standing {
    /// Every standing.
    pub const ALL: [Standing; 4] = [Standing::InForce, Standing::Applied, Standing::Lifted, Standing::Revoked];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::InForce => "in_force",
            Standing::Applied => "applied",
            Standing::Lifted => "lifted",
            Standing::Revoked => "revoked",
        }
    }

    /// The standing of a stored name.
    pub fn parse(name: &str) -> Option<Standing> {
        Standing::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the order still holds the site or the equipment.
    pub fn holds(self) -> bool {
        matches!(self, Standing::InForce | Standing::Applied)
    }
}

crate::stored_enum!(Standing);

/// Whether a kind of order suspends something.
pub fn suspends(kind: NoticeKind) -> bool {
    matches!(kind, NoticeKind::StopWork | NoticeKind::EquipmentSealed)
}

/// The kind of document that lifts a kind of order, as numbered.
pub fn lifting_document(kind: NoticeKind) -> &'static str {
    if kind == NoticeKind::StopWork { "resumption" } else { "unsealing" }
}

/// The order `m`, just approved, takes effect: its site is stopped (or the
/// equipment sealed). A household's order (no site) suspends nothing.
pub async fn begin(db: &impl ConnectionTrait, out: &Write, m: &notice::Model, now: DateTime<Utc>) -> Result<(), DbErr> {
    let Some(site_id) = m.site_id.filter(|_| suspends(m.kind)) else { return Ok(()) };
    // The site row is locked first, so that two orders beginning or ending
    // on one site at once see each other.
    let Some(site) = site::Entity::find_by_id(site_id).lock_exclusive().one(db).await? else { return Ok(()) };
    let made = entity::ActiveModel {
        notice_id: Set(m.id),
        site_id: Set(site_id),
        region_path: Set(m.region_path.clone()),
        kind: Set(m.kind),
        equipment: Set(m.content.sealed_equipment.clone()),
        standing: Set(Standing::InForce),
        began_at: Set(now),
        site_status_before: Set(site.status.clone()),
        applied_at: Set(None),
        ended_at: Set(None),
        ended_by: Set(None),
        lift_number: Set(None),
    }
    .insert(db)
    .await?;
    if m.kind == NoticeKind::StopWork && site.status != SUSPENDED {
        set_site_status(db, out, site, SUSPENDED, now).await?;
    }
    record::publish(out, m, &made);
    Ok(())
}

/// The company applied to resume (`applied`), or the re-inspection refused
/// the application (`in_force` again).
pub async fn mark(
    db: &impl ConnectionTrait,
    out: &Write,
    m: &notice::Model,
    standing: Standing,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(found) = holding(db, m.id).await? else { return Ok(()) };
    let mut next: entity::ActiveModel = found.into();
    next.standing = Set(standing);
    if standing == Standing::Applied {
        next.applied_at = Set(Some(now));
    }
    let saved = next.update(db).await?;
    record::publish(out, m, &saved);
    Ok(())
}

/// How an order ends.
#[derive(Debug, Clone, Copy)]
pub enum Ending<'a> {
    /// Lifted by the re-inspection: its document is numbered by the
    /// county's numbering, in the year of the bureau's calendar.
    Lifted {
        /// The county's numbering.
        numbering: &'a Numbering,
        /// The document's year.
        year: i32,
    },
    /// The order was revoked.
    Revoked,
}

/// The order ends: the equipment is unsealed, or the site resumes unless
/// another stop-work order still holds it. Answers the lifting document's number.
pub async fn end(
    db: &impl ConnectionTrait,
    out: &Write,
    m: &notice::Model,
    by: Uuid,
    ending: Ending<'_>,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    let Some(site_id) = m.site_id.filter(|_| suspends(m.kind)) else { return Ok(None) };
    let Some(site) = site::Entity::find_by_id(site_id).lock_exclusive().one(db).await? else { return Ok(None) };
    let Some(found) = holding(db, m.id).await? else { return Ok(None) };
    let number = match ending {
        Ending::Lifted { numbering, year } => {
            let series = Series { bureau_key: &m.bureau_key, kind: lifting_document(m.kind), year };
            Some(numbers::series::issue(db, numbering, series, m.id, now).await?)
        }
        Ending::Revoked => None,
    };
    let before = found.site_status_before.clone();
    let mut next: entity::ActiveModel = found.into();
    next.standing = Set(if number.is_some() { Standing::Lifted } else { Standing::Revoked });
    next.ended_at = Set(Some(now));
    next.ended_by = Set(Some(by));
    next.lift_number = Set(number.clone());
    let saved = next.update(db).await?;
    if m.kind == NoticeKind::StopWork && site.status == SUSPENDED && !still_stopped(db, site.id).await? {
        let back = if before == SUSPENDED { ACTIVE } else { before.as_str() };
        set_site_status(db, out, site, back, now).await?;
    }
    record::publish(out, m, &saved);
    Ok(number)
}

/// The suspension order `notice_id` holds, locked.
async fn holding(db: &impl ConnectionTrait, notice_id: Uuid) -> Result<Option<entity::Model>, DbErr> {
    let found = entity::Entity::find_by_id(notice_id).lock_exclusive().one(db).await?;
    Ok(found.filter(|s| s.standing.holds()))
}

/// Whether a stop-work order still holds the site.
async fn still_stopped(db: &impl ConnectionTrait, site_id: Uuid) -> Result<bool, DbErr> {
    let holding: Vec<&str> = Standing::ALL.into_iter().filter(|s| s.holds()).map(Standing::as_str).collect();
    let n = entity::Entity::find()
        .filter(entity::Column::SiteId.eq(site_id))
        .filter(entity::Column::Kind.eq(NoticeKind::StopWork))
        .filter(entity::Column::Standing.is_in(holding))
        .count(db)
        .await?;
    Ok(n > 0)
}

async fn set_site_status(
    db: &impl ConnectionTrait,
    out: &Write,
    site: site::Model,
    status: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut next: site::ActiveModel = site.into();
    next.status = Set(status.to_owned());
    next.updated_at = Set(now);
    let saved = next.update(db).await?;
    sites::record::publish(out, &saved);
    Ok(())
}
