//! Rural households under building safety checks.

pub mod appraisals;
pub mod category;
pub mod entity;
pub mod grading;
pub mod id_number;
pub mod record;
pub mod repo;
pub mod review;
mod routes;
pub mod validate;
mod view;

pub use routes::router;
pub use view::HouseholdView;
