//! The sync engine, blind to domains: push (ordering, idempotency), the
//! change log and its checkpoints, pull (pages, scopes) and live pokes.
//!
//! A domain hands the engine typed record changes through [`Write`] (REST)
//! or a mutation's [`Ctx`] (push); the engine stores, orders and serves them.

pub mod checkpoint;
pub mod clients;
pub mod entity;
pub mod merge;
pub mod notifier;
pub mod placement;
mod protocol_version;
pub mod pull;
mod push;
pub mod registry;
pub mod write;

use utoipa_axum::{router::OpenApiRouter, routes};

pub use placement::{Audience, Placement, SyncScope};
pub use registry::{Ctx, Mutation, Registry};
pub use write::Write;

use crate::{app::AppState, db::Db};

/// The engine's state in the app.
#[derive(Debug)]
pub struct SyncEngine {
    /// Every known mutation.
    pub registry: Registry,
    /// Announces commits to live connections.
    pub notifier: notifier::Notifier,
    /// Signs checkpoints.
    pub checkpoint_key: checkpoint::CheckpointKey,
}

impl SyncEngine {
    /// Builds the engine with the mutations of every domain.
    pub async fn build(db: &Db, registry: Registry) -> Result<SyncEngine, sea_orm::DbErr> {
        Ok(SyncEngine {
            registry,
            notifier: notifier::Notifier::default(),
            checkpoint_key: checkpoint::CheckpointKey::load_or_create(db).await?,
        })
    }
}

/// The sync routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(push::push)).routes(routes!(pull::pull))
}
