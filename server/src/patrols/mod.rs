//! Patrol plans: recurring inspections (a site every N days, a township's
//! daily patrol, the weekly dispatch), what is due for each inspector and
//! what each supervisor's region missed.

pub mod entity;
pub mod plans;
pub mod progress;
pub mod record;
pub mod rounds;
pub mod routes;

pub use routes::router;
