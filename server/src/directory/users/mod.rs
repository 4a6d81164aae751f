//! Users: accounts with a role, a region scope and an organisation.

pub mod entity;
pub mod repo;
pub mod view;
