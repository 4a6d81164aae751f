//! Inspections recorded on devices, usually offline: created, edited and
//! discarded through sync mutations.

mod access;
pub mod checklist;
pub mod entity;
pub mod findings;
pub mod mutations;
pub mod photos;
pub mod record;

use crate::sync::Registry;

/// The inspection kinds: those of the templates.
pub use crate::templates::status::KINDS;

/// Registers the inspection mutations; device times are bounded by `clock`.
pub fn register(registry: &mut Registry, clock: crate::sync::device_time::DeviceClock) {
    registry
        .register_runs(mutations::create::CreateInspection)
        .register(mutations::update::UpdateInspection)
        .register(mutations::finish::FinishInspection { clock })
        .register(mutations::delete::DeleteInspection)
        .register(mutations::review::ReviewAppraisal);
}
