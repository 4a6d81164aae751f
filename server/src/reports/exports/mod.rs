//! Large CSV exports, produced by a background worker with progress.

pub mod entity;
pub mod file;
pub mod job;
pub mod params;
pub mod routes;
pub mod rows;

pub use routes::router;
