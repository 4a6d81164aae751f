//! The organisation as devices receive it, and publishing it to the change log.

use super::{entity::Model, view::OrganisationView};
use crate::sync::{Placement, Write, placement::EVERYWHERE};

/// Record type name in the sync protocol.
pub const RECORD_TYPE: &str = "organisation";

/// An organisation as synced: as the API shows it.
pub type OrganisationRecord = OrganisationView;

/// Where an organisation lies: every bureau user sees every organisation; a
/// contractor sees only their own company.
pub fn placement(m: &Model) -> Placement {
    Placement::region(EVERYWHERE).with_org(Some(m.id))
}

/// Publishes the organisation's current state (disabled or not) to devices.
pub fn publish(write: &Write, m: &Model) {
    write.upsert(RECORD_TYPE, m.id, placement(m), &OrganisationRecord::from(m.clone()));
}
