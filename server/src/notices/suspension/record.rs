//! A suspension as devices receive it: beside its order, to whoever sees the order.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::entity::Model;
use crate::{
    notices::{entity::notice, record::placement},
    sync::Write,
};

/// Record type of a suspension in the sync protocol.
pub const RECORD_TYPE: &str = "suspension";

/// A site stopped or equipment sealed, and how it stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SuspensionRecord {
    /// The order (its notice).
    pub notice_id: Uuid,
    /// The order's number.
    pub notice_number: Option<String>,
    /// The site.
    pub site_id: Uuid,
    /// `stop_work` or `equipment_sealed`.
    pub kind: String,
    /// What is sealed.
    pub equipment: String,
    /// `in_force`, `applied` (to resume), `lifted` or `revoked`.
    pub standing: String,
    /// Since when.
    pub began_at: DateTime<Utc>,
    /// When the company applied to resume.
    pub applied_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub ended_at: Option<DateTime<Utc>>,
    /// The 复工通知书 / 解封决定书 that lifted it.
    pub lift_number: Option<String>,
}

impl SuspensionRecord {
    /// The record of suspension `s` by order `m`.
    pub fn of(m: &notice::Model, s: &Model) -> Self {
        SuspensionRecord {
            notice_id: s.notice_id,
            notice_number: m.number.clone(),
            site_id: s.site_id,
            kind: s.kind.as_str().to_owned(),
            equipment: s.equipment.clone(),
            standing: s.standing.as_str().to_owned(),
            began_at: s.began_at,
            applied_at: s.applied_at,
            ended_at: s.ended_at,
            lift_number: s.lift_number.clone(),
        }
    }
}

/// Publishes the suspension where its order lies.
pub fn publish(out: &Write, m: &notice::Model, s: &Model) {
    out.upsert(RECORD_TYPE, s.notice_id, placement(m), &SuspensionRecord::of(m, s));
}
