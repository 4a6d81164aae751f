//! Reports: daily, weekly and monthly figures per township and inspection
//! kind over the caller's region, with the township ranking; JSON and CSV.

pub mod csv;
pub mod figures;
pub mod period;
pub mod report;
pub mod routes;

pub use routes::router;
