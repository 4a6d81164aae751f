//! A page of the change log in version order: the usual pull.

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};

use super::{Head, Page, wire};
use crate::{
    error::ApiResult,
    sync::{checkpoint::Checkpoint, entity::change},
};

/// The rows after the checkpoint's position in its scope (one more than the limit).
pub async fn rows(db: &impl ConnectionTrait, checkpoint: &Checkpoint, limit: u32) -> ApiResult<Vec<change::Model>> {
    let mut select =
        change::Entity::find().filter(after(checkpoint.version, checkpoint.row)).filter(checkpoint.scope.condition());
    if let Some(from) = checkpoint.first_sync_from {
        // A first sync skips deletions of records the device never had.
        select = select.filter(
            Condition::any().add(change::Column::Deleted.eq(false)).add(change::Column::Version.gt(from as i64)),
        );
    }
    Ok(select
        .order_by_asc(change::Column::Version)
        .order_by_asc(change::Column::Id)
        .limit(limit as u64 + 1)
        .all(db)
        .await?)
}

/// `(version, id) > (version, row)`.
pub fn after(version: u64, row: i64) -> sea_orm::sea_query::SimpleExpr {
    Expr::tuple([Expr::col(change::Column::Version), Expr::col(change::Column::Id)])
        .gt(Expr::tuple([Expr::val(version as i64), Expr::val(row)]))
}

/// The page of `rows` and the checkpoint after it.
pub fn page<'a>(rows: &'a [change::Model], checkpoint: Checkpoint, head: Head, limit: u32) -> ApiResult<Page<'a>> {
    let has_more = rows.len() > limit as usize;
    let (rows, end) = if has_more { cut(&rows[..limit as usize]) } else { (rows, None) };
    let (version, row) = end.unwrap_or_else(|| {
        let last = rows.last().map(|r| r.version as u64).unwrap_or(0);
        (Ord::max(Ord::max(head.version, last), checkpoint.version), i64::MAX)
    });
    let next =
        Checkpoint { version, row, first_sync_from: checkpoint.first_sync_from.filter(|_| has_more), ..checkpoint };
    Ok(Page { changes: wire::changes(rows, false)?, next, has_more })
}

/// Where a full page ends: after its last whole version when it has more
/// than one (a page splits a commit only when the commit alone fills it).
fn cut(rows: &[change::Model]) -> (&[change::Model], Option<(u64, i64)>) {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else { return (rows, Some((0, 0))) };
    if first.version == last.version {
        return (rows, Some((last.version as u64, last.id)));
    }
    let keep = rows.iter().position(|r| r.version == last.version).unwrap_or(rows.len());
    let whole = rows[keep - 1].version as u64;
    (&rows[..keep], Some((whole, i64::MAX)))
}
