//! Users: accounts with a role, a region scope and an organisation.

pub mod entity;
pub mod manage;
pub mod phone;
pub mod repo;
pub mod routes;
pub mod view;

pub use routes::router;
