//! Rural households under building safety checks.

pub mod entity;
