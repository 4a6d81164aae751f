//! The site as devices receive it, and publishing it to the change log.

use super::{entity::Model, view::SiteView};
use crate::sync::{Placement, Write};

/// Record type name in the sync protocol.
pub const RECORD_TYPE: &str = "site";

/// A site as synced: as the API shows it (without its region path).
pub type SiteRecord = SiteView;

/// Where a site lies: its region, for the bureau staff there, and the
/// contractor company building it.
pub fn placement(m: &Model) -> Placement {
    Placement::region(m.region_path.clone()).with_org(m.contractor_id)
}

/// Publishes the site's current state (disabled or not) to devices.
pub fn publish(write: &Write, m: &Model) {
    write.upsert(RECORD_TYPE, m.id, placement(m), &SiteRecord::from(m.clone()));
}
