//! The inspection mutations devices push.

pub mod create;
pub mod delete;
pub mod finish;
pub mod review;
pub mod update;
