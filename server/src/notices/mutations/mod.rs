//! The notice mutations devices push.

pub mod act;
pub mod create;
pub mod update;
