//! CSV import of sites and households: a county's spreadsheet, checked row
//! by row with the same rules as the API, stored all at once or not at all.

mod households;
mod sites;
mod store;
mod table;

use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;

/// The import routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(sites::import_sites)).routes(routes!(households::import_households))
}

/// The outcome of a successful import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportSummary {
    /// How many rows were stored.
    pub imported: u64,
}
