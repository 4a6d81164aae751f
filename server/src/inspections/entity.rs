//! The `inspections` table.

use sea_orm::entity::prelude::*;
use serde_json::{Map, Value};

use super::findings::Finding;
use crate::{blobs::Sha256, db::typed::Json, sync::merge::FieldRevs};

/// An inspection of a site or a household.
// Not `Eq`: the score is a float.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "inspections")]
pub struct Model {
    /// Id, made by the device.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `dust_control`, `quality_safety` or `rural_appraisal`: its template's kind.
    pub kind: String,
    /// The exact template version it was made with, kept forever (none for
    /// inspections made before templates existed).
    pub template_id: Option<Uuid>,
    /// The construction site inspected.
    pub site_id: Option<Uuid>,
    /// The household inspected.
    pub household_id: Option<Uuid>,
    /// Region path of the site or household.
    pub region_path: String,
    /// The inspector who made it.
    pub inspector_id: Uuid,
    /// `draft` or `finished`.
    pub status: String,
    /// Start, by the device.
    pub started_at: DateTimeUtc,
    /// Finish.
    pub finished_at: Option<DateTimeUtc>,
    /// Free notes.
    pub notes: String,
    /// Conclusion.
    pub conclusion: String,
    /// Answers by checklist item id, JSON.
    pub answers: Json<Map<String, Value>>,
    /// Findings, a JSON array.
    pub findings: Json<Vec<Finding>>,
    /// JGJ 59 total out of 100, computed from the answers.
    pub score: Option<f64>,
    /// Computed grade: `pass`/`fail`, `good`/`pass`/`fail`, or `A`–`D`.
    pub grade: Option<String>,
    /// The whole computed result (`Evaluation`), JSON.
    pub result: Option<Json<Value>>,
    /// Revision, raised by every accepted edit.
    pub rev: i64,
    /// Revision that last changed each field, JSON.
    pub field_revs: Json<FieldRevs>,
    /// Where the device was at the start: degrees north (WGS 84), if it said.
    pub latitude: Option<f64>,
    /// Degrees east.
    pub longitude: Option<f64>,
    /// The accuracy the device claimed, in metres.
    pub location_accuracy_m: Option<f64>,
    /// Photos (SHA-256 hex), JSON list; see `blobs::refs`.
    pub photos: Json<Vec<Sha256>>,
    /// Creation on the server.
    pub created_at: DateTimeUtc,
    /// Last change on the server.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
