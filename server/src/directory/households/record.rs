//! The household as devices receive it, and publishing it to the change log.

use super::{entity::Model, view::HouseholdView};
use crate::sync::{Placement, Write};

/// Record type name in the sync protocol.
pub const RECORD_TYPE: &str = "household";

/// A household as synced: as the API shows it (without its region path).
pub type HouseholdRecord = HouseholdView;

/// Where a household lies: its village, for the bureau staff there only.
pub fn placement(m: &Model) -> Placement {
    Placement::region(m.region_path.clone())
}

/// Publishes the household's current state (disabled or not) to devices.
pub fn publish(write: &Write, m: &Model) {
    write.upsert(RECORD_TYPE, m.id, placement(m), &HouseholdRecord::from(m.clone()));
}
