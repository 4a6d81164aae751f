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
    /// Its mutation id (the first one's, for a run).
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

    /// The write the mutation is part of, for domain code shared with REST handlers.
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

/// The outcome of each mutation of a run, in order: applied (with what the
/// device should know at once) or rejected.
pub type RunOutcomes = Vec<ApiResult<Option<Value>>>;

/// A mutation that can also apply a run of itself (consecutive mutations of
/// its name in one push) in a few statements for the whole run, rather than
/// a few for each: how a device that recorded fifty inspections offline gets
/// them stored in one round of writes.
#[async_trait::async_trait]
pub trait RunMutation: Mutation {
    /// Applies `items` (mutation id and arguments, in order) and answers one
    /// outcome for each. No savepoint separates them, so a rejected item
    /// must write nothing; an `Err` rolls the whole run back and the engine
    /// applies the items again one by one through [`Mutation::apply`], each
    /// in its own savepoint (so a conflict found only by the database, such
    /// as a duplicate key, still rejects just its own mutation).
    async fn apply_run(&self, ctx: &Ctx<'_>, items: Vec<(u64, Self::Args)>) -> ApiResult<RunOutcomes>;
}

#[async_trait::async_trait]
trait Handler: Send + Sync {
    async fn apply(&self, ctx: &Ctx<'_>, args: Value) -> ApiResult<Option<Value>>;

    /// The run handler, for mutations that apply runs.
    fn runs(&self) -> Option<&dyn RunHandler> {
        None
    }
}

#[async_trait::async_trait]
trait RunHandler: Send + Sync {
    async fn apply_run(&self, ctx: &Ctx<'_>, items: Vec<(u64, Value)>) -> ApiResult<RunOutcomes>;
}

fn parse<A: DeserializeOwned>(args: Value) -> ApiResult<A> {
    serde_json::from_value(args)
        .map_err(|err| ApiError::new(ErrorCode::ValidationFailed).with_details(json!({ "reason": err.to_string() })))
}

struct Typed<M>(M);

#[async_trait::async_trait]
impl<M: Mutation> Handler for Typed<M> {
    async fn apply(&self, ctx: &Ctx<'_>, args: Value) -> ApiResult<Option<Value>> {
        self.0.apply(ctx, parse(args)?).await
    }
}

struct Runs<M>(M);

#[async_trait::async_trait]
impl<M: RunMutation> Handler for Runs<M> {
    async fn apply(&self, ctx: &Ctx<'_>, args: Value) -> ApiResult<Option<Value>> {
        self.0.apply(ctx, parse(args)?).await
    }

    fn runs(&self) -> Option<&dyn RunHandler> {
        Some(self)
    }
}

#[async_trait::async_trait]
impl<M: RunMutation> RunHandler for Runs<M> {
    async fn apply_run(&self, ctx: &Ctx<'_>, items: Vec<(u64, Value)>) -> ApiResult<RunOutcomes> {
        // Arguments that do not parse are rejected in place; the rest run.
        let mut outcomes: Vec<Option<ApiResult<Option<Value>>>> = Vec::with_capacity(items.len());
        let mut parsed = Vec::with_capacity(items.len());
        for (id, args) in items {
            match parse::<M::Args>(args) {
                Ok(args) => {
                    parsed.push((id, args));
                    outcomes.push(None);
                }
                Err(err) => outcomes.push(Some(Err(err))),
            }
        }
        let mut applied = self.0.apply_run(ctx, parsed).await?.into_iter();
        outcomes
            .into_iter()
            .map(|outcome| {
                outcome.or_else(|| applied.next()).ok_or_else(|| ApiError::internal("a run answered too few outcomes"))
            })
            .collect()
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

    /// Adds a mutation that also applies runs of itself at once.
    pub fn register_runs<M: RunMutation>(&mut self, mutation: M) -> &mut Self {
        self.handlers.insert(M::NAME, Arc::new(Runs(mutation)));
        self
    }

    /// Whether mutations of that name apply in runs.
    pub fn runs(&self, name: &str) -> bool {
        self.handlers.get(name).is_some_and(|h| h.runs().is_some())
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

    /// Applies a run of mutations named `name` (see [`RunMutation`]).
    pub async fn apply_run(&self, name: &str, ctx: &Ctx<'_>, items: Vec<(u64, Value)>) -> ApiResult<RunOutcomes> {
        let runs = self.handlers.get(name).and_then(|h| h.runs());
        let runs = runs.ok_or_else(|| ApiError::internal(format!("{name} does not apply runs")))?;
        runs.apply_run(ctx, items).await
    }
}
