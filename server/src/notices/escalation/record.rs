//! An escalation step as devices receive it: to whoever sees its notice.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::entity::Model;
use crate::{
    notices::{entity::notice, record::placement},
    sync::Write,
};

/// Record type of an escalation step in the sync protocol.
pub const RECORD_TYPE: &str = "escalation";

/// A 督办单 or a later step, with its document's number.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EscalationRecord {
    /// Id.
    pub id: Uuid,
    /// The overdue notice.
    pub notice_id: Uuid,
    /// `supervision`, `public_criticism`, `interview` or `bad_record`.
    pub step: String,
    /// Its place on the notice's ladder, from 1.
    pub level: i32,
    /// The document's number.
    pub number: String,
    /// Whom it is addressed to.
    pub addressee_name: String,
    /// The notice's deadline.
    pub deadline: NaiveDate,
    /// The new last day to rectify.
    pub respond_by: NaiveDate,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
}

impl From<&Model> for EscalationRecord {
    fn from(e: &Model) -> Self {
        EscalationRecord {
            id: e.id,
            notice_id: e.notice_id,
            step: e.step.as_str().to_owned(),
            level: e.level,
            number: e.number.clone(),
            addressee_name: e.addressee_name.clone(),
            deadline: e.deadline,
            respond_by: e.respond_by,
            issued_at: e.issued_at,
        }
    }
}

/// Publishes the step where its notice lies.
pub fn publish(out: &Write, m: &notice::Model, e: &Model) {
    out.upsert(RECORD_TYPE, e.id, placement(m), &EscalationRecord::from(e));
}
