//! The region as devices receive it, and publishing it to the change log.

use super::{entity::Model, view::RegionView};
use crate::sync::{Placement, Write};

/// Record type name in the sync protocol.
pub const RECORD_TYPE: &str = "region";

/// A region as synced: as the API shows it (without its path).
pub type RegionRecord = RegionView;

/// Where a region lies: its own subtree, so bureau staff of that subtree
/// (and above) see it; contractors do not.
pub fn placement(m: &Model) -> Placement {
    Placement::region(m.path.clone())
}

/// Publishes the region's current state (disabled or not) to devices.
pub fn publish(write: &Write, m: &Model) {
    write.upsert(RECORD_TYPE, m.id, placement(m), &RegionRecord::from(m.clone()));
}
