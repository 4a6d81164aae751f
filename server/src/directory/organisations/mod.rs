//! Organisations: the inspecting bureau and contractor companies.

pub mod credit_code;
pub mod entity;
pub mod record;
pub mod repo;
pub mod routes;
mod view;

pub use credit_code::CreditCode;
pub use routes::router;
pub use view::OrganisationView;
