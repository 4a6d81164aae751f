//! Directory data: regions, organisations, users and their devices, sites
//! and households, with the admin API that manages them.

pub mod devices;
pub mod households;
pub mod import;
pub mod insert;
pub mod organisations;
pub mod regions;
pub mod sites;
pub mod users;

use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

/// The admin API of the directory.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(regions::router())
        .merge(organisations::router())
        .merge(users::router())
        .merge(sites::router())
        .merge(households::router())
        .merge(import::router())
}
