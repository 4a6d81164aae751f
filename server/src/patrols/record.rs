//! A patrol plan as devices and the API see it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::entity::Model;
use crate::sync::{Placement, Write};

/// Record type in the sync protocol.
pub const RECORD_TYPE: &str = "patrol_plan";

/// A patrol plan. Rounds follow from `starts_on` and `every_days`: round k
/// covers the days `[starts_on + k*every_days, starts_on + (k+1)*every_days)`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanRecord {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Inspection kind that fulfils a round.
    pub kind: String,
    /// The site; none: anywhere in the region.
    pub site_id: Option<Uuid>,
    /// The region.
    pub region_id: Uuid,
    /// Days per round.
    pub every_days: i32,
    /// First day of the first round.
    pub starts_on: NaiveDate,
    /// Inspector in charge; none: any inspector of the region.
    pub assignee_id: Option<Uuid>,
    /// Switched on.
    pub active: bool,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<&Model> for PlanRecord {
    fn from(m: &Model) -> Self {
        PlanRecord {
            id: m.id,
            name: m.name.clone(),
            kind: m.kind.clone(),
            site_id: m.site_id,
            region_id: m.region_id,
            every_days: m.every_days,
            starts_on: m.starts_on,
            assignee_id: m.assignee_id,
            active: m.active,
            updated_at: m.updated_at,
        }
    }
}

/// Publishes a plan to the devices of bureau staff over its region.
pub fn publish(out: &Write, m: &Model) {
    out.upsert(RECORD_TYPE, m.id, Placement::region(m.region_path.clone()).internal(), &PlanRecord::from(m));
}
