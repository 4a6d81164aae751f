//! A notice as devices and the API see it, and publishing it to the change log.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    content::{NoticeContent, Response},
    entity::notice::Model,
    kind::NoticeKind,
    service::Service,
    state::State,
};
use crate::{
    sync::{Placement, Write},
    webhooks::{self, EventType},
};

/// Record type of a notice in the sync protocol.
pub const RECORD_TYPE: &str = "notice";
/// Record type of a notice's supervisor review (bureau staff only).
pub const REVIEW_RECORD_TYPE: &str = "notice_review";

/// A notice: what the addressee and the bureau both see.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoticeRecord {
    /// Id.
    pub id: Uuid,
    /// Official number, once issued.
    pub number: Option<String>,
    /// Kind.
    pub kind: String,
    /// State.
    pub state: String,
    /// The inspection it came from.
    pub inspection_id: Option<Uuid>,
    /// The site.
    pub site_id: Option<Uuid>,
    /// The household.
    pub household_id: Option<Uuid>,
    /// The contractor company addressed.
    pub addressee_org_id: Option<Uuid>,
    /// The inspector who wrote it.
    pub author_id: Uuid,
    /// The document.
    #[serde(flatten)]
    pub content: NoticeContent,
    /// Last day to rectify (bureau time zone).
    pub deadline: Option<NaiveDate>,
    /// Issued.
    pub issued_at: Option<DateTime<Utc>>,
    /// Served on the addressee: the deadline counts from this day (none:
    /// issued, not yet served).
    pub served_at: Option<DateTime<Utc>>,
    /// How it was served (送达回证); none while not served, or if served
    /// before service records were kept.
    pub service: Option<Service>,
    /// Acknowledged.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Last answered.
    pub responded_at: Option<DateTime<Utc>>,
    /// Verified or revoked.
    pub closed_at: Option<DateTime<Utc>>,
    /// The addressee's last answer.
    pub response: Option<Response>,
    /// The re-inspection's comment (the reason of a rejection).
    pub verdict_comment: String,
    /// The deadline passed with the notice still open.
    pub overdue: bool,
    /// When the 督办单 was issued.
    pub escalated_at: Option<DateTime<Utc>>,
    /// Steps of the escalation ladder climbed (0: none; 1: the 督办单).
    pub escalation_level: i32,
    /// Revision.
    pub rev: i64,
}

impl From<&Model> for NoticeRecord {
    fn from(m: &Model) -> Self {
        NoticeRecord {
            id: m.id,
            number: m.number.clone(),
            kind: m.kind.as_str().to_owned(),
            state: m.state.as_str().to_owned(),
            inspection_id: m.inspection_id,
            site_id: m.site_id,
            household_id: m.household_id,
            addressee_org_id: m.addressee_org_id,
            author_id: m.author_id,
            content: m.content.0.clone(),
            deadline: m.deadline,
            issued_at: m.issued_at,
            served_at: m.served_at,
            service: m.service.as_ref().map(|s| s.0.clone()),
            acknowledged_at: m.acknowledged_at,
            responded_at: m.responded_at,
            closed_at: m.closed_at,
            response: m.response.as_ref().map(|r| r.0.clone()),
            verdict_comment: m.verdict_comment.clone(),
            overdue: is_overdue(m),
            escalated_at: m.escalated_at,
            escalation_level: m.escalation_level,
            rev: m.rev,
        }
    }
}

/// A notice's supervisor review and approval comments: bureau staff only.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewRecord {
    /// The notice.
    pub notice_id: Uuid,
    /// `none`, `pending`, `approved` or `returned`.
    pub review_status: String,
    /// The supervisor's comment (a return's or a declined approval's reason).
    pub review_comment: String,
    /// Who.
    pub reviewed_by: Option<Uuid>,
    /// When.
    pub reviewed_at: Option<DateTime<Utc>>,
}

impl From<&Model> for ReviewRecord {
    fn from(m: &Model) -> Self {
        ReviewRecord {
            notice_id: m.id,
            review_status: m.review_status.as_str().to_owned(),
            review_comment: m.review_comment.clone(),
            reviewed_by: m.reviewed_by,
            reviewed_at: m.reviewed_at,
        }
    }
}

/// Where a notice lies: its region for the bureau; once issued, also its
/// addressee company. Drafts and strong measures awaiting approval are the
/// bureau's own business.
pub fn placement(m: &Model) -> Placement {
    let region = Placement::region(m.region_path.clone());
    if m.issued_at.is_some() { region.with_org(m.addressee_org_id) } else { region.internal() }
}

/// Where the review lies: bureau staff of the region only.
pub fn review_placement(m: &Model) -> Placement {
    Placement::region(m.region_path.clone()).internal()
}

/// Publishes the notice and its review to devices.
pub fn publish(out: &Write, m: &Model) {
    publish_notice(out, m);
    out.upsert(REVIEW_RECORD_TYPE, m.id, review_placement(m), &ReviewRecord::from(m));
}

/// Publishes the notice alone, when its review did not change.
pub fn publish_notice(out: &Write, m: &Model) {
    out.upsert(RECORD_TYPE, m.id, placement(m), &NoticeRecord::from(m));
}

/// Tells the webhook endpoints over the notice's region of a change to it,
/// in the transaction of the change.
pub async fn announce(
    db: &impl sea_orm::ConnectionTrait,
    m: &Model,
    kind: EventType,
    action: Option<&str>,
) -> Result<(), sea_orm::DbErr> {
    announce_to(db, &webhooks::Endpoints::load(db).await?, m, kind, action).await
}

/// [`announce`] to endpoints read beforehand.
pub async fn announce_to(
    db: &impl sea_orm::ConnectionTrait,
    endpoints: &webhooks::Endpoints,
    m: &Model,
    kind: EventType,
    action: Option<&str>,
) -> Result<(), sea_orm::DbErr> {
    let data = NoticeRecord::from(m);
    endpoints.record(db, webhooks::Event::new(kind, RECORD_TYPE, m.id, &m.region_path, &data).with_action(action)).await
}

/// Whether the deadline passed with the notice still out with the addressee.
pub fn is_overdue(m: &Model) -> bool {
    m.state.is_outstanding() && m.overdue_at.is_some()
}

/// [`is_overdue`] as a query condition, so lists and counts agree with it.
pub fn overdue_condition() -> sea_orm::Condition {
    use super::entity::notice::Column;
    use sea_orm::ColumnTrait;
    sea_orm::Condition::all()
        .add(Column::OverdueAt.is_not_null())
        .add(Column::State.is_in(super::state::State::outstanding_names()))
}

/// The kind of a stored notice.
pub fn kind_of(m: &Model) -> NoticeKind {
    m.kind
}

/// The state of a stored notice.
pub fn state_of(m: &Model) -> State {
    m.state
}

/// Where a stored notice stands, as the lifecycle table decides from it.
pub fn standing(m: &Model) -> super::lifecycle::Standing {
    super::lifecycle::Standing { state: m.state, review: m.review_status, served: m.served_at.is_some() }
}
