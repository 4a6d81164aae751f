//! The inspection as devices receive it, and publishing it to the change log.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use sync_protocol::location::Location;

use super::{entity::Model, findings::Finding};
use crate::{
    blobs::Sha256,
    sync::{Ctx, Placement},
    webhooks::{self, EventType},
};

/// Record type name in the sync protocol.
pub const RECORD_TYPE: &str = "inspection";

/// An inspection as synced.
#[derive(Debug, Clone, Serialize)]
pub struct InspectionRecord {
    /// Id.
    pub id: Uuid,
    /// Kind.
    pub kind: String,
    /// The exact template version it was made with (null: made before templates).
    pub template_id: Option<Uuid>,
    /// Site.
    pub site_id: Option<Uuid>,
    /// Household.
    pub household_id: Option<Uuid>,
    /// Inspector.
    pub inspector_id: Uuid,
    /// `draft` or `finished`.
    pub status: String,
    /// Start.
    pub started_at: DateTime<Utc>,
    /// Finish.
    pub finished_at: Option<DateTime<Utc>>,
    /// Notes.
    pub notes: String,
    /// Conclusion.
    pub conclusion: String,
    /// Answers by item id.
    pub answers: Map<String, Value>,
    /// Findings.
    pub findings: Vec<Finding>,
    /// JGJ 59 total out of 100.
    pub score: Option<f64>,
    /// Computed grade: `pass`/`fail` (dust control), `good`/`pass`/`fail` (JGJ 59), `A`–`D` (rural).
    pub grade: Option<String>,
    /// The whole computed result: failed items, table and category scores, renovation.
    pub result: Option<Value>,
    /// Revision: send it as `base_rev` with the next edit.
    pub rev: i64,
    /// Photos, by SHA-256 (the bytes may still be uploading).
    #[serde(default)]
    pub photos: Vec<String>,
    /// Where the device was when it started (null: positioning not allowed or not available).
    pub location: Option<Location>,
}

impl From<&Model> for InspectionRecord {
    fn from(m: &Model) -> Self {
        InspectionRecord {
            id: m.id,
            kind: m.kind.clone(),
            template_id: m.template_id,
            site_id: m.site_id,
            household_id: m.household_id,
            inspector_id: m.inspector_id,
            status: m.status.clone(),
            started_at: m.started_at,
            finished_at: m.finished_at,
            notes: m.notes.clone(),
            conclusion: m.conclusion.clone(),
            answers: m.answers.0.clone(),
            findings: m.findings.0.clone(),
            score: m.score,
            grade: m.grade.clone(),
            result: m.result.as_ref().map(|r| r.0.clone()),
            rev: m.rev,
            photos: m.photos.iter().map(Sha256::hex).collect(),
            location: m.latitude.zip(m.longitude).map(|(latitude, longitude)| Location {
                latitude,
                longitude,
                accuracy_m: m.location_accuracy_m,
            }),
        }
    }
}

/// Where an inspection lies: its region, for bureau staff only.
pub fn placement(m: &Model) -> Placement {
    Placement::region(m.region_path.clone()).internal()
}

/// Publishes the inspection's current state to devices.
pub fn publish(ctx: &Ctx<'_>, m: &Model) {
    ctx.upsert(RECORD_TYPE, m.id, placement(m), &InspectionRecord::from(m));
}

/// Tells the webhook endpoints over the inspection's region of a change to
/// it, in the mutation's transaction.
pub async fn announce(ctx: &Ctx<'_>, m: &Model, kind: EventType) -> Result<(), sea_orm::DbErr> {
    announce_all(ctx, std::slice::from_ref(m), kind).await
}

/// [`announce`] for several inspections, reading the endpoints once.
pub async fn announce_all(ctx: &Ctx<'_>, models: &[Model], kind: EventType) -> Result<(), sea_orm::DbErr> {
    let data: Vec<InspectionRecord> = models.iter().map(InspectionRecord::from).collect();
    let events: Vec<_> = models
        .iter()
        .zip(&data)
        .map(|(m, data)| webhooks::Event::new(kind, RECORD_TYPE, m.id, &m.region_path, data))
        .collect();
    webhooks::record_all(ctx.db, &events).await
}
