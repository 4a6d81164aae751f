//! `POST /v1/sync/push`: applies a client's mutations at most once, in
//! order, each in its own savepoint, all in one transaction (one commit for
//! the whole batch).

use std::collections::HashMap;

use axum::{extract::State, http::HeaderMap};
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::Value;
use sync_protocol::{
    ErrorBody, ErrorCode, MutationResult, MutationStatus, PushRequest, PushResponse, push::MAX_PUSH_MUTATIONS,
};

use super::{clients, entity::mutation, protocol_version::ProtocolVersion, registry::Ctx, write::Write};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult, Reason},
    http::{
        json::Json,
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
    Json(req): Json<PushRequest>,
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
    let lang = Lang::from_headers(&headers);
    let write = Write::begin(&state.db).await?;
    let client = clients::claim(write.db(), req.client_id, &user).await?;
    let mut last = client.last_mutation_id as u64;
    let earlier = stored_outcomes(&write, &req, last).await?;

    let mut results = Vec::with_capacity(req.mutations.len());
    let mut fresh: Vec<(u64, String, MutationResult)> = Vec::new();
    for m in req.mutations {
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
        let savepoint = write.db().begin().await?;
        let mark = write.mark();
        let ctx = Ctx::new(&savepoint, &write, &user, req.client_id, m.id);
        let outcome = state.sync.registry.apply(&m.name, &ctx, m.args).await;
        let result = match outcome {
            Ok(value) => {
                savepoint.commit().await?;
                applied(m.id, value)
            }
            Err(err) if is_server_fault(&err) => return Err(err),
            Err(err) => {
                savepoint.rollback().await?;
                write.truncate(mark);
                tracing::info!(client.id = %req.client_id, mutation.id = m.id, mutation.name = %m.name,
                    error.code = err.code().as_str(), "mutation rejected");
                MutationResult {
                    id: m.id,
                    status: MutationStatus::Rejected,
                    result: None,
                    error: Some(error_body(&err, lang)),
                }
            }
        };
        fresh.push((m.id, m.name, result.clone()));
        results.push(result);
        last = m.id;
    }
    clients::advance(write.db(), client, last).await?;
    let prepared = write.prepare().await?;
    let version = prepared.version().unwrap_or(0) as i64;
    let now = Utc::now();
    let fresh_count = fresh.len();
    let rows = fresh.into_iter().map(|(id, name, result)| mutation::ActiveModel {
        client_id: Set(req.client_id),
        mutation_id: Set(id as i64),
        name: Set(name),
        outcome: Set(serde_json::to_string(&result).unwrap_or_default()),
        version: Set(version),
        processed_at: Set(now),
    });
    if fresh_count > 0 {
        let rows = rows.collect::<Vec<_>>();
        mutation::Entity::insert_many(rows).exec_without_returning(prepared.db()).await?;
    }
    state.sync.finish(prepared).await?;
    Ok(Json(PushResponse { results, last_mutation_id: last }))
}

fn applied(id: u64, result: Option<Value>) -> MutationResult {
    MutationResult { id, status: MutationStatus::Applied, result, error: None }
}

/// Errors that are the server's fault abort the whole push (nothing is
/// stored, the device retries); every other error rejects one mutation.
fn is_server_fault(err: &ApiError) -> bool {
    matches!(err.code(), ErrorCode::Internal | ErrorCode::ServiceUnavailable)
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
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            serde_json::from_str::<MutationResult>(&row.outcome).ok().map(|r| (row.mutation_id as u64, r))
        })
        .collect())
}
