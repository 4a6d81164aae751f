//! Construction sites.

pub mod entity;
