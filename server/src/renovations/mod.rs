//! Rural housing renovation: each priority household's one file (一户一档)
//! — renovation type and build mode, the process steps in order with their
//! days and photos, photos of the house before, during and after — and the
//! subsidy payments. Written by bureau staff through sync mutations.

pub mod entity;
pub mod mutations;
pub mod photos;
pub mod record;
pub mod steps;

use crate::sync::Registry;

/// Registers the renovation mutations.
pub fn register(registry: &mut Registry) {
    registry
        .register(mutations::open::OpenRenovation)
        .register(mutations::advance::AdvanceRenovation)
        .register(mutations::photos::AddRenovationPhotos)
        .register(mutations::pay::RecordPayment);
}
