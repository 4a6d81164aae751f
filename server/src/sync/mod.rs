//! The sync engine, blind to domains: push (ordering, idempotency), the
//! change log and its checkpoints, pull (pages, scopes) and live pokes.
//!
//! A domain hands the engine typed record changes through [`Write`] (REST)
//! or a mutation's [`Ctx`] (push); the engine stores, orders and serves them.

pub mod checkpoint;
pub mod clients;
pub mod device_time;
pub mod entity;
mod events;
pub mod live;
pub mod merge;
pub mod notifier;
pub mod placement;
mod protocol_version;
pub mod pull;
mod push;
pub mod registry;
pub mod retention;
pub mod streams;
pub mod write;

use utoipa_axum::{router::OpenApiRouter, routes};

pub use placement::{Audience, Placement, SyncScope};
pub use registry::{Ctx, Mutation, Registry, RunMutation, RunOutcomes};
pub use sync_protocol::events::HEARTBEAT_SECS;
pub use write::Write;

use crate::{app::AppState, db::Db};

/// The engine's state in the app.
#[derive(Debug)]
pub struct SyncEngine {
    /// Every known mutation.
    pub registry: Registry,
    /// Announces commits to live connections.
    pub notifier: notifier::Notifier,
    /// The live connections, ended with their sessions.
    pub streams: std::sync::Arc<streams::Streams>,
    /// Signs checkpoints.
    pub checkpoint_key: checkpoint::CheckpointKey,
    /// This process, in notifications to the others.
    pub origin: uuid::Uuid,
}

impl SyncEngine {
    /// Builds the engine with the mutations of every domain.
    pub async fn build(db: &Db, registry: Registry) -> Result<SyncEngine, sea_orm::DbErr> {
        Ok(SyncEngine {
            registry,
            notifier: notifier::Notifier::default(),
            streams: Default::default(),
            checkpoint_key: checkpoint::CheckpointKey::load_or_create(db).await?,
            origin: uuid::Uuid::new_v4(),
        })
    }
}

impl SyncEngine {
    /// Commits a write and pokes the live connections its changes concern,
    /// in this process and (on PostgreSQL) in the others.
    pub async fn commit(&self, write: Write) -> Result<write::Committed, sea_orm::DbErr> {
        self.finish(write.prepare().await?).await
    }

    /// Commits a prepared write and pokes the live connections.
    pub async fn finish(&self, prepared: write::Prepared) -> Result<write::Committed, sea_orm::DbErr> {
        self.finish_with(prepared, None).await
    }

    /// [`SyncEngine::finish`], running `also`, a last insert of the write's
    /// own, with the poke (see [`live::notify`]).
    pub async fn finish_with(
        &self,
        prepared: write::Prepared,
        also: Option<sea_orm::sea_query::InsertStatement>,
    ) -> Result<write::Committed, sea_orm::DbErr> {
        live::notify(prepared.db(), self.origin, prepared.committed(), also).await?;
        let committed = prepared.commit().await?;
        self.notifier.committed(&committed);
        Ok(committed)
    }
}

/// The sync routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(push::push)).routes(routes!(pull::pull)).routes(routes!(events::events))
}
