//! Inspections recorded on devices, usually offline: created, edited and
//! discarded through sync mutations.

mod access;
pub mod entity;
pub mod mutations;
pub mod record;

use crate::sync::Registry;

/// The inspection kinds.
pub const KINDS: &[&str] = &["dust_control", "quality_safety", "rural_safety"];

/// Registers the inspection mutations.
pub fn register(registry: &mut Registry) {
    registry
        .register(mutations::create::CreateInspection)
        .register(mutations::update::UpdateInspection)
        .register(mutations::delete::DeleteInspection);
}
