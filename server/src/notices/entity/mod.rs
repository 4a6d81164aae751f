//! The notice tables.

pub mod event;
pub mod notice;
