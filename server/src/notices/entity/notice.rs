//! The `notices` table.

use sea_orm::entity::prelude::*;

use crate::{
    db::typed::Json,
    notices::{
        content::{NoticeContent, Response},
        kind::NoticeKind,
        service::Service,
        state::{Review, State},
    },
};

/// A rectification notice (整改通知书) or a stronger measure.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notices")]
pub struct Model {
    /// Id, made by the device that wrote it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Official number, assigned by the server when the notice is issued.
    pub number: Option<String>,
    /// Kind.
    pub kind: NoticeKind,
    /// Lifecycle state.
    pub state: State,
    /// The inspection that found the problems.
    pub inspection_id: Option<Uuid>,
    /// The site it concerns.
    pub site_id: Option<Uuid>,
    /// The household it concerns.
    pub household_id: Option<Uuid>,
    /// Region path of the site or household.
    pub region_path: String,
    /// The contractor company it is addressed to (none: the township).
    pub addressee_org_id: Option<Uuid>,
    /// The bureau whose numbering it takes (its county's path).
    pub bureau_key: String,
    /// The inspector who wrote it.
    pub author_id: Uuid,
    /// The document: cited findings, legal basis, required actions, penalty (JSON).
    pub content: Json<NoticeContent>,
    /// Last day to rectify, in the bureau's time zone.
    pub deadline: Option<Date>,
    /// When it was issued.
    pub issued_at: Option<DateTimeUtc>,
    /// When it reached the addressee: its deadline counts from that day.
    pub served_at: Option<DateTimeUtc>,
    /// How it reached the addressee (送达回证); none if served before this
    /// was recorded.
    pub service: Option<Json<Service>>,
    /// When the addressee acknowledged it.
    pub acknowledged_at: Option<DateTimeUtc>,
    /// When the addressee last answered.
    pub responded_at: Option<DateTimeUtc>,
    /// When it was verified or revoked.
    pub closed_at: Option<DateTimeUtc>,
    /// Whether the answer that was verified came by the deadline (set when verified).
    pub verified_on_time: Option<bool>,
    /// Whether it was verified after its deadline although answered by it:
    /// the bureau's lateness, not the contractor's (set when verified).
    pub reinspected_late: Option<bool>,
    /// The addressee's last answer: text and photos (JSON).
    pub response: Option<Json<Response>>,
    /// The re-inspection's last verdict comment (a rejection's reason).
    pub verdict_comment: String,
    /// Supervisor review state.
    pub review_status: Review,
    /// Supervisor's review comment: internal, never shown to contractors.
    pub review_comment: String,
    /// Who reviewed it.
    pub reviewed_by: Option<Uuid>,
    /// When it was reviewed.
    pub reviewed_at: Option<DateTimeUtc>,
    /// When the overdue job found the deadline passed.
    pub overdue_at: Option<DateTimeUtc>,
    /// When the formal reminder (督办) was issued.
    pub escalated_at: Option<DateTimeUtc>,
    /// How many steps of the county's escalation ladder it has climbed (0: none).
    pub escalation_level: i32,
    /// Revision, raised by every change.
    pub rev: i64,
    /// Creation on the server.
    pub created_at: DateTimeUtc,
    /// Last change on the server.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
