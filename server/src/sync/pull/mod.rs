//! `POST /v1/sync/pull`: the changes in a client's scope since its checkpoint,
//! one bounded page at a time, read in version order from the change log.

mod idle;
mod page;
mod transition;
mod wire;

use axum::{
    extract::State,
    response::{IntoResponse, Response},
};
use sea_orm::{
    AccessMode, ColumnTrait, ConnectionTrait, EntityTrait, IsolationLevel, QueryFilter, QueryOrder, Statement,
    TransactionTrait,
};
use sync_protocol::{
    ErrorCode, PullRequest,
    pull::{DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT},
};
use uuid::Uuid;

use super::{
    checkpoint::{Checkpoint, Phase, Transition},
    clients,
    entity::mutation,
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

/// One page, before it is encoded.
struct Page<'a> {
    changes: Vec<wire::WireChange<'a>>,
    next: Checkpoint,
    has_more: bool,
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
    let scope = SyncScope::of(&user);
    let key = &state.sync.checkpoint_key;
    let given = req.checkpoint.as_deref().map(|text| key.decode(text)).transpose()?;
    if let Some(checkpoint) = given.as_ref().filter(|c| idle::could_be(c, &user, &scope)) {
        let (head, processed) = idle::head_and_progress(state.db.read(), req.client_id, &user).await?;
        if head.version == checkpoint.version && head.purged_through <= checkpoint.version {
            // Nothing new: the checkpoint given, just verified, stays the device's.
            return Ok(empty_page(req.checkpoint.unwrap_or_default(), processed, false));
        }
    }
    // One snapshot for the whole page: the head, the retention horizon, the
    // client's progress and the rows are read as of one moment.
    let snapshot = snapshot(&state.db).await?;
    let db = &snapshot;
    // Read the client's progress before the changes: every change of a
    // mutation counted here was committed with it, so the reads below see it.
    let processed = clients::find(db, req.client_id, &user).await?.map(|c| c.last_mutation_id as u64).unwrap_or(0);
    let head = head(db).await?;
    let mut checkpoint = match given {
        None => Checkpoint {
            version: 0,
            row: 0,
            scope: scope.clone(),
            user: Some(user.user_id),
            first_sync_from: Some(head.version),
            transition: None,
        },
        Some(checkpoint) => checkpoint,
    };
    if checkpoint.version > head.version {
        return Err(ApiError::new(ErrorCode::InvalidCheckpoint));
    }
    // Another user's checkpoint (a device that kept its store across a user
    // switch): what the device holds is that user's, so neither continuing
    // from it nor moving it over as a scope change can be trusted. Start afresh.
    if checkpoint.user.is_some_and(|owner| owner != user.user_id) {
        return Ok(must_resync(processed));
    }
    checkpoint.user = Some(user.user_id);
    // Deletions after the device's position are needed (during a first sync only
    // those after its start); if compaction dropped any of them, start afresh.
    let position = if checkpoint.row == i64::MAX { checkpoint.version } else { checkpoint.version.saturating_sub(1) };
    let too_old = head.purged_through > Ord::max(position, checkpoint.first_sync_from.unwrap_or(0));
    if checkpoint.scope != scope {
        // A scope change is itself a change: move the device over, unless it
        // is in the middle of a first sync or of another move (then start afresh).
        if checkpoint.first_sync_from.is_some() || checkpoint.transition.is_some() {
            return Ok(must_resync(processed));
        }
        let old = std::mem::replace(&mut checkpoint.scope, scope.clone());
        checkpoint.transition = Some(Transition { old, phase: Phase::Leave, after: (0, 0) });
    }
    if too_old {
        return Ok(must_resync(processed));
    }
    let rows;
    let page = match &checkpoint.transition {
        Some(moving) => {
            let moving = moving.clone();
            rows = transition::rows(db, &checkpoint, &moving, limit).await?;
            transition::page(&rows, checkpoint, moving, limit)?
        }
        None => {
            rows = page::rows(db, &checkpoint, limit).await?;
            page::page(&rows, checkpoint, head, limit)?
        }
    };
    let last_mutation_id = if page.has_more {
        included_mutation(db, req.client_id, page.next.version, page.next.row, processed).await?
    } else {
        processed
    };
    let body = wire::WirePage {
        changes: page.changes,
        checkpoint: key.encode(&page.next),
        has_more: page.has_more,
        last_mutation_id,
        must_resync: false,
    };
    let response = axum::Json(body).into_response();
    snapshot.commit().await?;
    Ok(response)
}

async fn snapshot(db: &crate::db::Db) -> ApiResult<sea_orm::DatabaseTransaction> {
    let reader = db.read();
    let txn = if reader.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        reader.begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await?
    } else {
        // SQLite in WAL mode: a read transaction sees one snapshot from its first read.
        reader.begin().await?
    };
    Ok(txn)
}

fn must_resync(last_mutation_id: u64) -> Response {
    empty_page(String::new(), last_mutation_id, true)
}

/// A page without changes.
fn empty_page(checkpoint: String, last_mutation_id: u64, must_resync: bool) -> Response {
    let page = wire::WirePage { changes: Vec::new(), checkpoint, has_more: false, last_mutation_id, must_resync };
    axum::Json(page).into_response()
}

/// The highest mutation of the client whose changes all lie at or before `(version, row)`.
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
