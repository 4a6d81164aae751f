//! Rural housing renovation: each priority household's one file (一户一档)
//! — renovation type and build mode, the process steps in order with their
//! days and photos, photos of the house before, during and after — and the
//! subsidy payments. Written by bureau staff through sync mutations.

pub mod entity;
pub mod mutations;
pub mod photos;
pub mod record;
pub mod rules;
pub mod steps;

use crate::sync::Registry;
pub use rules::Rules;

/// Registers the renovation mutations, held to the county's rules.
pub fn register(registry: &mut Registry, rules: &Rules) {
    registry
        .register(mutations::open::OpenRenovation { rules: rules.clone() })
        .register(mutations::advance::AdvanceRenovation { rules: rules.clone() })
        .register(mutations::photos::AddRenovationPhotos)
        .register(mutations::pay::RecordPayment { rules: rules.clone() });
}
