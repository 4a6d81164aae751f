//! The registry of named mutations. The engine knows mutations only by name;
//! each domain module registers its own (one type and one handler each)
//! without touching the engine.

use std::{collections::HashMap, sync::Arc};

use sea_orm::DatabaseTransaction;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use sync_protocol::ErrorCode;
use uuid::Uuid;

use super::{placement::Placement, write::Write};
use crate::{
    auth::AuthUser,
    error::{ApiError, ApiResult},
};

/// What a mutation handler works with.
pub struct Ctx<'a> {
    /// The mutation's own savepoint: a rejection rolls back only this mutation.
    pub db: &'a DatabaseTransaction,
    /// The user who made the mutation.
    pub user: &'a AuthUser,
    /// The client that sent it.
    pub client_id: Uuid,
    /// Its mutation id.
    pub mutation_id: u64,
    write: &'a Write,
}

impl<'a> Ctx<'a> {
    /// A context for one mutation.
    pub fn new(
        db: &'a DatabaseTransaction,
        write: &'a Write,
        user: &'a AuthUser,
        client_id: Uuid,
        mutation_id: u64,
    ) -> Self {
        Ctx { db, user, client_id, mutation_id, write }
    }

    /// Records a record's new state for devices to pull.
    pub fn upsert(&self, record_type: &'static str, id: Uuid, placement: Placement, data: &impl serde::Serialize) {
        self.write.upsert(record_type, id, placement, data);
    }

    /// The write the mutation is part of, for domains whose publish functions
    /// take one (a rural appraisal updates its household).
    pub fn write(&self) -> &Write {
        self.write
    }

    /// Records a record's deletion for devices to pull.
    pub fn delete(&self, record_type: &'static str, id: Uuid) {
        self.write.delete(record_type, id);
    }
}

/// A named mutation: its arguments and how to apply it.
#[async_trait::async_trait]
pub trait Mutation: Send + Sync + 'static {
    /// The name devices send, e.g. `inspection.create`.
    const NAME: &'static str;
    /// The arguments, as JSON.
    type Args: DeserializeOwned + Send;
    /// Authorises, validates and applies the mutation; returns the
    /// server-assigned values the device should know at once.
    async fn apply(&self, ctx: &Ctx<'_>, args: Self::Args) -> ApiResult<Option<Value>>;
}

#[async_trait::async_trait]
trait Handler: Send + Sync {
    async fn apply(&self, ctx: &Ctx<'_>, args: Value) -> ApiResult<Option<Value>>;
}

struct Typed<M>(M);

#[async_trait::async_trait]
impl<M: Mutation> Handler for Typed<M> {
    async fn apply(&self, ctx: &Ctx<'_>, args: Value) -> ApiResult<Option<Value>> {
        let args: M::Args = serde_json::from_value(args).map_err(|err| {
            ApiError::new(ErrorCode::ValidationFailed).with_details(json!({ "reason": err.to_string() }))
        })?;
        self.0.apply(ctx, args).await
    }
}

/// Every mutation the server knows.
#[derive(Default, Clone)]
pub struct Registry {
    handlers: HashMap<&'static str, Arc<dyn Handler>>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<_> = self.handlers.keys().collect();
        names.sort();
        f.debug_struct("Registry").field("mutations", &names).finish()
    }
}

impl Registry {
    /// Adds a mutation; a second one of the same name replaces the first.
    pub fn register<M: Mutation>(&mut self, mutation: M) -> &mut Self {
        self.handlers.insert(M::NAME, Arc::new(Typed(mutation)));
        self
    }

    /// Whether a mutation of that name exists.
    pub fn knows(&self, name: &str) -> bool {
        self.handlers.contains_key(name)
    }

    /// Every registered name, sorted.
    pub fn names(&self) -> Vec<&'static str> {
        let mut names: Vec<_> = self.handlers.keys().copied().collect();
        names.sort();
        names
    }

    /// Applies a mutation by name.
    pub async fn apply(&self, name: &str, ctx: &Ctx<'_>, args: Value) -> ApiResult<Option<Value>> {
        let handler = self.handlers.get(name).ok_or_else(|| ApiError::new(ErrorCode::UnknownMutation))?;
        handler.apply(ctx, args).await
    }
}
