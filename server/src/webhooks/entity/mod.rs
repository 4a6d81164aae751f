//! The webhook tables.

pub mod attempt;
pub mod delivery;
pub mod endpoint;
pub mod event;
