//! CSV import of sites and households: a county's spreadsheet, checked row
//! by row with the same rules as the API; a file with a bad row stores
//! nothing, a good one is stored in chunks that let other writers in.

pub mod households;
pub mod sites;
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
    /// How many rows were stored already (the same row, by an earlier import), so not again.
    pub skipped: u64,
}
