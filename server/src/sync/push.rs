//! `POST /v1/sync/push`: applies a client's mutations at most once, in
//! order, each in its own savepoint, all in one transaction (one commit for
//! the whole batch). Consecutive mutations of a name that applies runs (see
//! [`super::RunMutation`]) go together, in one savepoint for the run.

use std::collections::HashMap;

use axum::{extract::State, http::HeaderMap};
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryTrait, TransactionTrait};
use serde_json::Value;
use sync_protocol::{
    ErrorBody, ErrorCode, Mutation, MutationResult, MutationStatus, PushRequest, PushResponse,
    push::{MAX_MUTATION_ID, MAX_PUSH_MUTATIONS},
};
use uuid::Uuid;

use super::{clients, entity::mutation, protocol_version::ProtocolVersion, registry::Ctx, write::Write};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult, Reason},
    http::{
        json::{Json, JsonAllowingNul},
        nul,
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
    },
    i18n::Lang,
};

/// Applies a batch of mutations.
#[utoipa::path(post, path = "/v1/sync/push", tag = "sync", security(("bearer" = [])),
    params(("fieldsync-protocol" = u32, Header, description = "Protocol version")),
    request_body(content = Object, description = "`PushRequest`, see the protocol spec"),
    responses((status = 200, description = "`PushResponse`: one result per mutation", body = Object),
        (status = 403, description = "The client id belongs to another user or device (`client_mismatch`)", body = ErrorEnvelopeDoc),
        (status = 413, description = "Too many mutations (`too_many_mutations`)", body = ErrorEnvelopeDoc),
        (status = 426, description = "Unsupported protocol version (`unsupported_protocol_version`)", body = ErrorEnvelopeDoc),
        BodyErrors, AuthErrors))]
pub async fn push(
    State(state): State<AppState>,
    user: AuthUser,
    _version: ProtocolVersion,
    headers: HeaderMap,
    // A NUL character in a mutation's arguments rejects that mutation alone (below).
    JsonAllowingNul(req): JsonAllowingNul<PushRequest>,
) -> ApiResult<Json<PushResponse>> {
    if req.mutations.len() > MAX_PUSH_MUTATIONS {
        return Err(ApiError::new(ErrorCode::TooManyMutations)
            .with_details(serde_json::json!({ "max_mutations": MAX_PUSH_MUTATIONS })));
    }
    if req.mutations.first().is_some_and(|m| m.id == 0) || req.mutations.windows(2).any(|w| w[1].id <= w[0].id) {
        return Err(ApiError::field(
            "mutations",
            Reason::Rule {
                code: "ids_not_increasing",
                en: "Mutation ids must start at 1 and increase strictly within a push.".into(),
                zh: "操作编号必须从 1 开始并严格递增。".into(),
            },
        ));
    }
    if let Some(at) = req.mutations.iter().position(|m| m.id > MAX_MUTATION_ID) {
        return Err(ApiError::field(
            format!("mutations[{at}].id"),
            Reason::Rule {
                code: "out_of_range",
                en: format!("Mutation ids run from 1 to {MAX_MUTATION_ID} (2^53 - 1)."),
                zh: format!("操作编号必须在 1 到 {MAX_MUTATION_ID}（2^53 - 1）之间。"),
            },
        ));
    }
    let lang = Lang::from_headers(&headers);
    let write = Write::begin(&state.db).await?;
    let client = clients::claim(write.db(), req.client_id, &user).await?;
    let mut last = client.last_mutation_id as u64;
    let earlier = stored_outcomes(&write, &req, last).await?;

    let mut results = Vec::with_capacity(req.mutations.len());
    let mut fresh: Vec<(u64, String, MutationResult)> = Vec::new();
    let apply = Apply { state: &state, write: &write, user: &user, client_id: req.client_id, lang };
    let mut queue = req.mutations.into_iter().peekable();
    while let Some(m) = queue.next() {
        if m.id <= last {
            // Processed before (a retried push): the same answer as then.
            results.push(earlier.get(&m.id).cloned().unwrap_or_else(|| applied(m.id, None)));
            continue;
        }
        if m.id != last + 1 {
            results.push(MutationResult {
                id: m.id,
                status: MutationStatus::NotProcessed,
                result: None,
                error: Some(error_body(
                    &ApiError::new(ErrorCode::MutationGap)
                        .with_details(serde_json::json!({ "expected_mutation_id": last + 1 })),
                    lang,
                )),
            });
            continue;
        }
        if let Some(path) = nul::find(&m.args) {
            // Refused before any handler sees it: PostgreSQL cannot store the text.
            let field = if path.is_empty() { "args".to_owned() } else { path };
            let result = apply.result(&m, Err(ApiError::field(field, Reason::NulCharacter)))?;
            last = m.id;
            fresh.push((m.id, m.name, result.clone()));
            results.push(result);
            continue;
        }
        let mut run = vec![m];
        if state.sync.registry.runs(&run[0].name) {
            while let Some(next) = queue.next_if(|n| {
                n.name == run[0].name && n.id == last + run.len() as u64 + 1 && nul::find(&n.args).is_none()
            }) {
                run.push(next);
            }
        }
        let outcomes = if run.len() > 1 { apply.run(&run).await? } else { vec![apply.one(&run[0]).await?] };
        for (m, result) in run.into_iter().zip(outcomes) {
            last = m.id;
            fresh.push((m.id, m.name, result.clone()));
            results.push(result);
        }
    }
    clients::advance(write.db(), client, last).await?;
    let prepared = write.prepare().await?;
    let version = prepared.version().unwrap_or(0) as i64;
    let now = Utc::now();
    let fresh_count = fresh.len();
    let rows = fresh.into_iter().map(|(id, name, result)| mutation::ActiveModel {
        client_id: Set(req.client_id),
        mutation_id: Set(id as i64),
        // A name the server does not know may hold anything, a NUL too.
        name: Set(nul::escape(&name).into_owned()),
        outcome: Set(crate::db::typed::Json(&result).to_text()),
        version: Set(version),
        processed_at: Set(now),
    });
    let answers = (fresh_count > 0).then(|| mutation::Entity::insert_many(rows.collect::<Vec<_>>()).into_query());
    state.sync.finish_with(prepared, answers).await?;
    Ok(Json(PushResponse { results, last_mutation_id: last }))
}

/// Applies the mutations of one push, in the push's transaction.
struct Apply<'a> {
    state: &'a AppState,
    write: &'a Write,
    user: &'a AuthUser,
    client_id: Uuid,
    lang: Lang,
}

impl Apply<'_> {
    /// One mutation in its own savepoint: a rejection rolls back only it.
    async fn one(&self, m: &Mutation) -> ApiResult<MutationResult> {
        let savepoint = self.write.db().begin().await?;
        let mark = self.write.mark();
        let ctx = Ctx::new(&savepoint, self.write, self.user, self.client_id, m.id);
        match self.state.sync.registry.apply(&m.name, &ctx, m.args.clone()).await {
            Ok(value) => {
                savepoint.commit().await?;
                Ok(applied(m.id, value))
            }
            Err(err) => {
                let rolled_back = savepoint.rollback().await;
                self.write.truncate(mark);
                // A server fault (a full disk, a lost connection) is the first
                // cause: the database may have ended the whole transaction
                // with it, the savepoint too, and "no such savepoint" must not
                // hide a retryable `storage_full` behind an `internal`.
                if is_server_fault(&err) {
                    return Err(err);
                }
                rolled_back?;
                self.result(m, Err(err))
            }
        }
    }

    /// A run of mutations of one name, applied at once in one savepoint; if
    /// the run fails as a whole, each is applied on its own instead.
    async fn run(&self, run: &[Mutation]) -> ApiResult<Vec<MutationResult>> {
        let savepoint = self.write.db().begin().await?;
        let mark = self.write.mark();
        let ctx = Ctx::new(&savepoint, self.write, self.user, self.client_id, run[0].id);
        let items = run.iter().map(|m| (m.id, m.args.clone())).collect();
        match self.state.sync.registry.apply_run(&run[0].name, &ctx, items).await {
            Ok(outcomes) if !outcomes.iter().any(|o| o.as_ref().is_err_and(is_server_fault)) => {
                savepoint.commit().await?;
                run.iter().zip(outcomes).map(|(m, outcome)| self.result(m, outcome)).collect()
            }
            failed => {
                let rolled_back = savepoint.rollback().await;
                self.write.truncate(mark);
                // As in `one`: a server fault of the run as a whole is the first cause.
                let failed = match failed {
                    Err(err) if is_server_fault(&err) => return Err(err),
                    other => other,
                };
                rolled_back?;
                if let Err(err) = failed {
                    tracing::info!(client.id = %self.client_id, mutation.name = %run[0].name, run = run.len(),
                        error = %err, "run failed as a whole; applying its mutations one by one");
                }
                let mut results = Vec::with_capacity(run.len());
                for m in run {
                    results.push(self.one(m).await?);
                }
                Ok(results)
            }
        }
    }

    /// The device's answer for a mutation's outcome; a server fault aborts the push.
    fn result(&self, m: &Mutation, outcome: ApiResult<Option<Value>>) -> ApiResult<MutationResult> {
        match outcome {
            Ok(value) => Ok(applied(m.id, value)),
            Err(err) if is_server_fault(&err) => Err(err),
            Err(err) => {
                tracing::info!(client.id = %self.client_id, mutation.id = m.id, mutation.name = %m.name,
                    error.code = err.code().as_str(), "mutation rejected");
                Ok(MutationResult {
                    id: m.id,
                    status: MutationStatus::Rejected,
                    result: None,
                    error: Some(error_body(&err, self.lang)),
                })
            }
        }
    }
}

fn applied(id: u64, result: Option<Value>) -> MutationResult {
    MutationResult { id, status: MutationStatus::Applied, result, error: None }
}

/// Errors that are the server's fault or its storage's (every 5xx: a bug,
/// the database unreachable, its disk full) abort the whole push (nothing
/// is stored, the device retries); every other error rejects one mutation.
fn is_server_fault(err: &ApiError) -> bool {
    err.status().is_server_error()
}

fn error_body(err: &ApiError, lang: Lang) -> ErrorBody {
    let body = err.body(lang, None);
    serde_json::from_value(body["error"].clone()).unwrap_or(ErrorBody {
        code: err.code().as_str().to_owned(),
        message: String::new(),
        details: None,
        request_id: None,
    })
}

/// The answers given before to the mutations of this push already processed.
async fn stored_outcomes(write: &Write, req: &PushRequest, last: u64) -> ApiResult<HashMap<u64, MutationResult>> {
    let ids: Vec<i64> = req.mutations.iter().filter(|m| m.id <= last).map(|m| m.id as i64).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = mutation::Entity::find()
        .filter(mutation::Column::ClientId.eq(req.client_id))
        .filter(mutation::Column::MutationId.is_in(ids))
        .all(write.db())
        .await?;
    // An answer that does not decode fails the push: telling the device
    // `applied` (or anything) in its place would be a guess.
    rows.into_iter()
        .map(|row| {
            let result = crate::db::typed::decode::<MutationResult>(&row.outcome).map_err(|e| {
                ApiError::internal(format!("client {} mutation {}: {e}", row.client_id, row.mutation_id))
            })?;
            Ok((row.mutation_id as u64, result))
        })
        .collect()
}
