//! Construction sites: projects in a township or village, built by a
//! contractor company.

pub mod entity;
pub mod kinds;
pub mod placement;
pub mod record;
pub mod repo;
mod routes;
pub mod validate;
mod view;

pub use routes::router;
pub use view::SiteView;
