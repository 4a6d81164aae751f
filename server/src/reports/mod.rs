//! Reports: daily, weekly and monthly figures per township and inspection
//! kind over the caller's region, with the township ranking; JSON and CSV.

pub mod csv;
pub mod exports;
pub mod figures;
pub mod period;
pub mod ranking;
pub mod report;
pub mod routes;

use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

/// The report and export routes.
pub fn router() -> OpenApiRouter<AppState> {
    routes::router().merge(exports::router())
}
