//! A penalty case as devices receive it: to whoever sees its notice (the
//! party reads on the documents it is served what the case records).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::entity::{Model, Officer};
use crate::{
    money::Fen,
    notices::{entity::notice, record::placement, service::Service},
    sync::Write,
};

/// Record type of a penalty case in the sync protocol.
pub const RECORD_TYPE: &str = "penalty_case";

/// A case and what each step recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseRecord {
    /// The filed notice.
    pub notice_id: Uuid,
    /// `filed`, `investigated`, `notified`, `decided`, `served`, `executed` or `closed`.
    pub stage: String,
    /// The two officers.
    pub officers: Vec<Officer>,
    /// The facts established.
    pub facts: String,
    /// The penalty proposed (yuan).
    pub proposed: Option<String>,
    /// The 行政处罚事先告知书's number.
    pub notification_number: Option<String>,
    /// When the party was told.
    pub notified_at: Option<DateTime<Utc>>,
    /// The last day to state its case.
    pub statement_due: Option<NaiveDate>,
    /// The last day to ask for a hearing (none: no right to one).
    pub hearing_due: Option<NaiveDate>,
    /// What the party stated.
    pub statement: String,
    /// The penalty decided (yuan).
    pub decided: Option<String>,
    /// The 行政处罚决定书's number.
    pub decision_number: Option<String>,
    /// When decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// When the decision was served.
    pub served_at: Option<DateTime<Utc>>,
    /// How.
    pub service: Option<Service>,
    /// What was paid (yuan).
    pub paid: Option<String>,
    /// When.
    pub paid_on: Option<NaiveDate>,
    /// The receipt number.
    pub receipt: String,
    /// When closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// Revision.
    pub rev: i64,
}

impl From<&Model> for CaseRecord {
    fn from(c: &Model) -> Self {
        let yuan = |fen: Option<i64>| fen.map(|f| Fen::from_fen(f).to_string());
        CaseRecord {
            notice_id: c.notice_id,
            stage: c.stage.as_str().to_owned(),
            officers: c.officers.0.clone(),
            facts: c.facts.clone(),
            proposed: yuan(c.proposed_fen),
            notification_number: c.notification_number.clone(),
            notified_at: c.notified_at,
            statement_due: c.statement_due,
            hearing_due: c.hearing_due,
            statement: c.statement.clone(),
            decided: yuan(c.decided_fen),
            decision_number: c.decision_number.clone(),
            decided_at: c.decided_at,
            served_at: c.served_at,
            service: c.service.as_ref().map(|s| s.0.clone()),
            paid: yuan(c.paid_fen),
            paid_on: c.paid_on,
            receipt: c.receipt.clone(),
            closed_at: c.closed_at,
            rev: c.rev,
        }
    }
}

/// Publishes the case where its notice lies.
pub fn publish(out: &Write, m: &notice::Model, c: &Model) {
    out.upsert(RECORD_TYPE, c.notice_id, placement(m), &CaseRecord::from(c));
}
