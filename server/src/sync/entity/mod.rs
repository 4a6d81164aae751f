//! Tables of the sync engine.

pub mod change;
pub mod client;
pub mod mutation;
