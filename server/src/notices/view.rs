//! Notices as the REST API shows them: the record, the review for bureau
//! staff, and the history each party may read.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    access,
    entity::{event, notice},
    record::{NoticeRecord, ReviewRecord},
};
use crate::{auth::AuthUser, db::typed::Json, notices::content::Response};

/// A notice with, for bureau staff, its review.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeView {
    /// The notice.
    #[serde(flatten)]
    pub notice: NoticeRecord,
    /// The supervisor review (bureau staff only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewRecord>,
}

impl NoticeView {
    /// The view of a notice for a user who sees it.
    pub fn for_user(user: &AuthUser, m: &notice::Model) -> Self {
        let bureau = access::parties(user, m).bureau;
        NoticeView { notice: NoticeRecord::from(m), review: bureau.then(|| ReviewRecord::from(m)) }
    }
}

/// One entry of a notice's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    /// When.
    pub at: DateTime<Utc>,
    /// Who (none: the system).
    pub actor_id: Option<Uuid>,
    /// From which device.
    pub device_id: Option<Uuid>,
    /// What happened.
    pub action: String,
    /// State before.
    pub from_state: String,
    /// State after.
    pub to_state: String,
    /// The comment.
    pub comment: String,
    /// The answer given (`respond` entries): every answer stays here, also
    /// one a later answer superseded on the notice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
}

impl From<event::Model> for EventView {
    fn from(e: event::Model) -> Self {
        EventView {
            at: e.at,
            actor_id: e.actor_id,
            device_id: e.device_id,
            action: e.action,
            from_state: e.from_state,
            to_state: e.to_state,
            comment: e.comment,
            response: e.response.map(Json::into_inner),
        }
    }
}

/// A notice with its history.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeDetail {
    /// The notice.
    #[serde(flatten)]
    pub view: NoticeView,
    /// Its history, oldest first (internal entries for bureau staff only).
    pub history: Vec<EventView>,
}

/// A notice's history, oldest first; internal entries (drafting, approval,
/// review) only for bureau staff.
pub async fn history(db: &impl ConnectionTrait, bureau: bool, id: Uuid) -> Result<Vec<event::Model>, DbErr> {
    let mut events = event::Entity::find().filter(event::Column::NoticeId.eq(id));
    if !bureau {
        events = events.filter(event::Column::Internal.eq(false));
    }
    events.order_by_asc(event::Column::Id).all(db).await
}

/// An answer the next one superseded, with the re-inspection that rejected it.
#[derive(Debug)]
pub struct Superseded<'a> {
    /// The `respond` entry.
    pub answered: &'a event::Model,
    /// What it said.
    pub answer: &'a Response,
    /// The `reject` entry that followed it, if any.
    pub rejected: Option<&'a event::Model>,
}

/// The answers in `history` (oldest first) that a later answer superseded,
/// oldest first: every answer but the last, which is the notice's own.
pub fn superseded(history: &[event::Model]) -> Vec<Superseded<'_>> {
    let answers: Vec<(usize, &Response)> =
        history.iter().enumerate().filter_map(|(i, e)| e.response.as_deref().map(|r| (i, r))).collect();
    let Some((_, earlier)) = answers.split_last() else { return Vec::new() };
    earlier
        .iter()
        .map(|&(i, answer)| Superseded {
            answered: &history[i],
            answer,
            rejected: history[i + 1..].iter().take_while(|e| e.response.is_none()).find(|e| e.action == "reject"),
        })
        .collect()
}
