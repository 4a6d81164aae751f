//! The renovation tables.

pub mod payment;
pub mod renovation;
