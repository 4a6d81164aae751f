//! `POST /v1/sync/pull`: the changes in a client's scope since its checkpoint,
//! one bounded page at a time, read in version order from the change log.

use std::collections::HashMap;

use axum::{
    extract::State,
    response::{IntoResponse, Response},
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
    sea_query::{Expr, ExprTrait},
};
use serde::Serialize;
use serde_json::value::RawValue;
use sync_protocol::{
    ChangeOp, ErrorCode, PullRequest,
    pull::{DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT},
};
use uuid::Uuid;

use super::{
    checkpoint::Checkpoint,
    clients,
    entity::{change, mutation},
    placement::SyncScope,
    protocol_version::ProtocolVersion,
};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult, Reason},
    http::{
        json::Json,
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
    },
};

/// A change as sent: the record's JSON is passed through as stored.
#[derive(Debug, Serialize)]
struct WireChange<'a> {
    #[serde(rename = "type")]
    record_type: &'a str,
    id: Uuid,
    op: ChangeOp,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a RawValue>,
    version: u64,
}

#[derive(Debug, Serialize)]
struct WirePage<'a> {
    changes: Vec<WireChange<'a>>,
    checkpoint: String,
    has_more: bool,
    last_mutation_id: u64,
    must_resync: bool,
}

/// The head of the change log.
#[derive(Debug, Clone, Copy)]
pub struct Head {
    /// Version of the last commit.
    pub version: u64,
    /// Deletions at or below this version were purged.
    pub purged_through: u64,
}

/// Reads the head of the change log.
pub async fn head(db: &impl ConnectionTrait) -> ApiResult<Head> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version, purged_through FROM sync_state WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| ApiError::internal("sync_state row missing"))?;
    let version: i64 = row.try_get("", "version")?;
    let purged: i64 = row.try_get("", "purged_through")?;
    Ok(Head { version: version as u64, purged_through: purged as u64 })
}

/// Returns the next page of changes.
#[utoipa::path(post, path = "/v1/sync/pull", tag = "sync", security(("bearer" = [])),
    params(("fieldsync-protocol" = u32, Header, description = "Protocol version")),
    request_body(content = Object, description = "`PullRequest`, see the protocol spec"),
    responses((status = 200, description = "`PullResponse`: a page of changes and the next checkpoint", body = Object),
        (status = 400, description = "The checkpoint is not one this server issued (`invalid_checkpoint`)", body = ErrorEnvelopeDoc),
        (status = 403, description = "The client id belongs to another user or device (`client_mismatch`)", body = ErrorEnvelopeDoc),
        (status = 426, description = "Unsupported protocol version (`unsupported_protocol_version`)", body = ErrorEnvelopeDoc),
        BodyErrors, AuthErrors))]
pub async fn pull(
    State(state): State<AppState>,
    user: AuthUser,
    _version: ProtocolVersion,
    Json(req): Json<PullRequest>,
) -> ApiResult<Response> {
    let limit = req.limit.unwrap_or(DEFAULT_PULL_LIMIT);
    if limit == 0 || limit > MAX_PULL_LIMIT {
        return Err(ApiError::field(
            "limit",
            Reason::Rule {
                code: "out_of_range",
                en: format!("Between 1 and {MAX_PULL_LIMIT}."),
                zh: format!("必须在 1 到 {MAX_PULL_LIMIT} 之间。"),
            },
        ));
    }
    let db = state.db.read();
    let scope = SyncScope::of(&user);
    // Read the client's progress before the changes: every change of a
    // mutation counted here was committed with it, so the read below sees it.
    let last_mutation_id =
        clients::find(db, req.client_id, &user).await?.map(|c| c.last_mutation_id as u64).unwrap_or(0);
    let head = head(db).await?;
    let key = &state.sync.checkpoint_key;
    let checkpoint = match &req.checkpoint {
        None => Checkpoint { version: 0, row: 0, scope: scope.clone(), first_sync_from: Some(head.version) },
        Some(text) => key.decode(text)?,
    };
    if checkpoint.version > head.version {
        return Err(ApiError::new(ErrorCode::InvalidCheckpoint));
    }
    let too_old = checkpoint.first_sync_from.is_none() && checkpoint.version < head.purged_through;
    if too_old || checkpoint.scope != scope {
        return Ok(must_resync(last_mutation_id));
    }

    let mut select = change::Entity::find()
        .filter(
            Expr::tuple([Expr::col(change::Column::Version), Expr::col(change::Column::Id)])
                .gt(Expr::tuple([Expr::val(checkpoint.version as i64), Expr::val(checkpoint.row)])),
        )
        .filter(scope.condition());
    if let Some(from) = checkpoint.first_sync_from {
        // A first sync skips deletions of records the device never had.
        select = select.filter(
            Condition::any().add(change::Column::Deleted.eq(false)).add(change::Column::Version.gt(from as i64)),
        );
    }
    let mut rows = select
        .order_by_asc(change::Column::Version)
        .order_by_asc(change::Column::Id)
        .limit(limit as u64 + 1)
        .all(db)
        .await?;

    let has_more = rows.len() > limit as usize;
    let (end_version, end_row) = if has_more {
        rows.truncate(limit as usize);
        page_end(&mut rows)
    } else {
        let last = rows.last().map(|r| r.version as u64).unwrap_or(0);
        (Ord::max(Ord::max(head.version, last), checkpoint.version), i64::MAX)
    };
    let last_mutation_id = if has_more {
        included_mutation(db, req.client_id, end_version, end_row, last_mutation_id).await?
    } else {
        last_mutation_id
    };
    let next = Checkpoint {
        version: end_version,
        row: end_row,
        scope,
        first_sync_from: checkpoint.first_sync_from.filter(|_| has_more),
    };
    let page = WirePage {
        changes: to_wire(&rows)?,
        checkpoint: key.encode(&next),
        has_more,
        last_mutation_id,
        must_resync: false,
    };
    Ok(axum::Json(page).into_response())
}

fn must_resync(last_mutation_id: u64) -> Response {
    axum::Json(WirePage {
        changes: Vec::new(),
        checkpoint: String::new(),
        has_more: false,
        last_mutation_id,
        must_resync: true,
    })
    .into_response()
}

/// Where a full page ends: at the last whole version in it when there is one
/// (a page never splits a commit if it can help it), else inside the version.
fn page_end(rows: &mut Vec<change::Model>) -> (u64, i64) {
    let (first, last) = match (rows.first(), rows.last()) {
        (Some(first), Some(last)) => (first.version, last.version),
        _ => return (0, 0),
    };
    if first == last {
        let last_row = rows.last().map(|r| r.id).unwrap_or(0);
        return (last as u64, last_row);
    }
    rows.retain(|r| r.version != last);
    let whole = rows.last().map(|r| r.version).unwrap_or(first);
    (whole as u64, i64::MAX)
}

/// The highest mutation of the client whose changes are all in the pages up to the end.
async fn included_mutation(
    db: &impl ConnectionTrait,
    client_id: Uuid,
    end_version: u64,
    end_row: i64,
    processed: u64,
) -> ApiResult<u64> {
    let complete = if end_row == i64::MAX { end_version as i64 } else { end_version as i64 - 1 };
    let pending = mutation::Entity::find()
        .filter(mutation::Column::ClientId.eq(client_id))
        .filter(mutation::Column::Version.gt(complete))
        .order_by_asc(mutation::Column::MutationId)
        .one(db)
        .await?;
    Ok(match pending {
        Some(first_pending) => Ord::min((first_pending.mutation_id as u64).saturating_sub(1), processed),
        None => processed,
    })
}

/// At most one change per record: an upsert when the record is visible in
/// the page (its live row), else a deletion.
fn to_wire(rows: &[change::Model]) -> ApiResult<Vec<WireChange<'_>>> {
    let mut out: Vec<WireChange<'_>> = Vec::with_capacity(rows.len());
    let mut index: HashMap<(&str, Uuid), usize> = HashMap::with_capacity(rows.len());
    for row in rows {
        let data = match (&row.data, row.deleted) {
            (Some(data), false) => Some(serde_json::from_str::<&RawValue>(data).map_err(ApiError::internal)?),
            _ => None,
        };
        let change = WireChange {
            record_type: &row.record_type,
            id: row.record_id,
            op: if data.is_some() { ChangeOp::Upsert } else { ChangeOp::Delete },
            data,
            version: row.version as u64,
        };
        match index.get(&(row.record_type.as_str(), row.record_id)) {
            Some(&i) => {
                // A live row beats a tombstone of the same record (it moved between scopes).
                if change.op == ChangeOp::Upsert || out[i].op == ChangeOp::Delete {
                    out[i] = change;
                }
            }
            None => {
                index.insert((row.record_type.as_str(), row.record_id), out.len());
                out.push(change);
            }
        }
    }
    Ok(out)
}
