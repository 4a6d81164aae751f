//! Rectification notices (整改通知书) and stronger measures: written on a
//! device after an inspection, issued with an official number, acknowledged
//! and answered by the contractor, re-inspected and closed, reviewed by a
//! supervisor. Every change of state goes through [`perform`] and the one
//! transition table in [`lifecycle`].

pub mod access;
pub mod case;
pub mod content;
pub mod deadline;
pub mod entity;
pub mod escalation;
pub mod holidays;
pub mod kind;
pub mod lifecycle;
pub mod mutations;
pub mod overdue;
pub mod perform;
pub mod photos;
pub mod query;
pub mod record;
pub mod routes;
pub mod service;
pub mod state;
pub mod suspension;
pub mod view;

pub use deadline::Calendar;
pub use routes::router;

use std::sync::Arc;

use crate::{
    numbers::Numbering,
    sync::{Registry, device_time::DeviceClock},
};

/// What a notice's steps need from the county: the bounds of device times
/// (with the calendar deadlines follow) and how documents are numbered.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Device-time bounds and the calendar.
    pub clock: DeviceClock,
    /// Document numbering.
    pub numbering: Arc<Numbering>,
    /// The penalty (yuan) from which a case's party has the right to a hearing.
    pub hearing_threshold_yuan: u32,
}

/// Registers the notice mutations.
pub fn register(registry: &mut Registry, rules: &Rules) {
    registry.register(mutations::create::CreateNotice).register(mutations::update::UpdateNotice);
    mutations::act::register(registry, rules);
    registry.register(case::routes::CaseStep(rules.clone()));
}
