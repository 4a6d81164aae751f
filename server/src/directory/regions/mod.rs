//! The region tree: county → township → village. Every user, site and
//! household hangs off it; scopes are subtrees of it.

pub mod entity;
pub mod record;
pub mod repo;
mod routes;
mod view;

pub use routes::router;
pub use view::{Level, RegionView};
