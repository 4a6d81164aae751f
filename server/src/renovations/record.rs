//! Renovation files and subsidy payments as devices see them (bureau staff
//! of the household's region only), with what the file holds.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::entity::{payment, renovation};
use crate::{
    money::Fen,
    sync::{Placement, Write},
};

/// Record type of a renovation file.
pub const RECORD_TYPE: &str = "renovation";
/// Record type of a subsidy payment.
pub const PAYMENT_RECORD_TYPE: &str = "subsidy_payment";

/// One step reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StepDone {
    /// The day.
    pub on: NaiveDate,
    /// Who recorded it.
    pub by: Uuid,
    /// A note (e.g. the agreement's number).
    #[serde(default)]
    pub note: String,
    /// Photos of it (the public notice posted, the acceptance form), by SHA-256.
    #[serde(default)]
    pub photos: Vec<String>,
}

/// The file's photos of the house.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HousePhotos {
    /// Before renovation.
    #[serde(default)]
    pub before: Vec<String>,
    /// During.
    #[serde(default)]
    pub during: Vec<String>,
    /// After.
    #[serde(default)]
    pub after: Vec<String>,
}

/// A renovation file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RenovationRecord {
    /// Id.
    pub id: Uuid,
    /// The household.
    pub household_id: Uuid,
    /// File number.
    pub file_number: String,
    /// Renovation type.
    pub renovation_type: String,
    /// Build mode.
    pub build_mode: String,
    /// Last step reached.
    pub step: String,
    /// Steps reached, by name.
    pub steps: BTreeMap<String, StepDone>,
    /// Photos of the house.
    pub photos: HousePhotos,
    /// Building started.
    pub started_on: Option<NaiveDate>,
    /// Building completed.
    pub completed_on: Option<NaiveDate>,
    /// Accepted.
    pub accepted_on: Option<NaiveDate>,
    /// The subsidy the county approved, yuan with two decimals (null before the county approval).
    pub subsidy: Option<String>,
    /// Revision.
    pub rev: i64,
}

impl From<&renovation::Model> for RenovationRecord {
    fn from(m: &renovation::Model) -> Self {
        RenovationRecord {
            id: m.id,
            household_id: m.household_id,
            file_number: m.file_number.clone(),
            renovation_type: m.renovation_type.clone(),
            build_mode: m.build_mode.clone(),
            step: m.step.as_str().to_owned(),
            steps: m.steps.0.clone(),
            photos: m.photos.0.clone(),
            started_on: m.started_on,
            completed_on: m.completed_on,
            accepted_on: m.accepted_on,
            subsidy: m.subsidy_fen.map(|fen| Fen::from_fen(fen).to_string()),
            rev: m.rev,
        }
    }
}

/// A subsidy payment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentRecord {
    /// Id.
    pub id: Uuid,
    /// The file.
    pub renovation_id: Uuid,
    /// Yuan, two decimals.
    pub amount: String,
    /// Day paid.
    pub paid_on: NaiveDate,
    /// Reference.
    pub reference: String,
}

impl From<&payment::Model> for PaymentRecord {
    fn from(m: &payment::Model) -> Self {
        PaymentRecord {
            id: m.id,
            renovation_id: m.renovation_id,
            amount: Fen::from_fen(m.amount_fen).to_string(),
            paid_on: m.paid_on,
            reference: m.reference.clone(),
        }
    }
}

fn placement(region_path: &str) -> Placement {
    Placement::region(region_path.to_owned()).internal()
}

/// Publishes a file.
pub fn publish(out: &Write, m: &renovation::Model) {
    out.upsert(RECORD_TYPE, m.id, placement(&m.region_path), &RenovationRecord::from(m));
}

/// Publishes a payment.
pub fn publish_payment(out: &Write, m: &payment::Model) {
    out.upsert(PAYMENT_RECORD_TYPE, m.id, placement(&m.region_path), &PaymentRecord::from(m));
}
