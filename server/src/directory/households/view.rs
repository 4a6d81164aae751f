//! How a household is shown over the API.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::entity::Model;

/// A rural household as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HouseholdView {
    /// Id.
    pub id: Uuid,
    /// Name of the household head.
    pub head_name: String,
    /// Resident ID number of the head.
    pub id_number: String,
    /// Phone.
    pub phone: Option<String>,
    /// The village.
    pub region_id: Uuid,
    /// Household category, e.g. `minimum_allowance` (低保户).
    pub category: String,
    /// Current safety grade `A`–`D`, if appraised.
    pub grade: Option<String>,
    /// When the appraisal that gave the current grade finished (null: entered or imported).
    pub graded_at: Option<DateTime<Utc>>,
    /// The appraisal that gave the current grade (null: entered or imported).
    pub grade_appraisal_id: Option<Uuid>,
    /// A newer appraisal improving a C or D grade, waiting for a supervisor's review.
    pub pending_appraisal_id: Option<Uuid>,
    /// The grade of that appraisal, which becomes current once approved.
    pub pending_grade: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Number of members.
    pub members: Option<i32>,
    /// Whether the household is disabled.
    pub disabled: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<Model> for HouseholdView {
    fn from(m: Model) -> Self {
        HouseholdView {
            id: m.id,
            head_name: m.head_name,
            id_number: m.id_number,
            phone: m.phone,
            region_id: m.region_id,
            category: m.category,
            grade: m.grade,
            graded_at: m.graded_at,
            grade_appraisal_id: m.grade_appraisal_id,
            pending_appraisal_id: m.pending_appraisal_id,
            pending_grade: m.pending_grade,
            address: m.address,
            members: m.members,
            disabled: m.disabled,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}
