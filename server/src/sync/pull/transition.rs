//! Pages of a scope change: deletions of what left the user's scope, then
//! what entered it, computed from the current state of the log.

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};

use super::{Page, wire};
use crate::{
    error::ApiResult,
    sync::{
        checkpoint::{Checkpoint, Phase, Transition},
        entity::change,
        placement::SyncScope,
    },
};

/// Rows in `scope` and not in `other`.
fn only_in(scope: &SyncScope, other: &SyncScope) -> Condition {
    if other.all {
        // Nothing lies outside "everything".
        return Condition::all().add(Expr::val(1).eq(0));
    }
    Condition::all().add(scope.condition()).add(other.condition().not())
}

/// The rows of the current phase after its cursor (one more than the limit).
pub async fn rows(
    db: &impl ConnectionTrait,
    checkpoint: &Checkpoint,
    moving: &Transition,
    limit: u32,
) -> ApiResult<Vec<change::Model>> {
    let select = match moving.phase {
        // Everything the device may hold from the old scope: live rows, and
        // deletions it has not seen yet.
        Phase::Leave => change::Entity::find()
            .filter(only_in(&moving.old, &checkpoint.scope))
            .filter(change::Column::Id.gt(moving.after.1))
            .filter(
                Condition::any()
                    .add(change::Column::Deleted.eq(false))
                    .add(change::Column::Version.gt(checkpoint.version as i64)),
            )
            .order_by_asc(change::Column::Id),
        // Live records of the new scope up to the position; later ones come in the usual pages.
        Phase::Enter => change::Entity::find()
            .filter(only_in(&checkpoint.scope, &moving.old))
            .filter(change::Column::Deleted.eq(false))
            .filter(super::page::after(moving.after.0, moving.after.1))
            .filter(
                Expr::tuple([Expr::col(change::Column::Version), Expr::col(change::Column::Id)])
                    .lte(Expr::tuple([Expr::val(checkpoint.version as i64), Expr::val(checkpoint.row)])),
            )
            .order_by_asc(change::Column::Version)
            .order_by_asc(change::Column::Id),
    };
    Ok(select.limit(limit as u64 + 1).all(db).await?)
}

/// The page of a phase and the checkpoint after it; always `has_more`, since
/// the usual pages follow the move.
pub fn page<'a>(
    rows: &'a [change::Model],
    checkpoint: Checkpoint,
    moving: Transition,
    limit: u32,
) -> ApiResult<Page<'a>> {
    let full = rows.len() > limit as usize;
    let rows = if full { &rows[..limit as usize] } else { rows };
    let leaving = moving.phase == Phase::Leave;
    let transition = match (full, rows.last()) {
        (true, Some(last)) => Some(Transition { after: (last.version as u64, last.id), ..moving }),
        _ if leaving => Some(Transition { phase: Phase::Enter, after: (0, 0), ..moving }),
        _ => None,
    };
    let next = Checkpoint { transition, ..checkpoint };
    Ok(Page { changes: wire::changes(rows, leaving)?, next, has_more: true })
}
