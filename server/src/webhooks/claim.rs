//! Claiming due deliveries, so that with any number of processes each
//! delivery is sent by one of them at a time.
//!
//! A claim is a conditional UPDATE that sets the lease only where none is
//! held (or it ran out): on PostgreSQL a second process updating the same row
//! waits for the first to commit, then finds the condition false and skips
//! it; on SQLite writers are serialised. A process that crashes mid-send
//! loses its lease when it runs out, and another process sends the delivery
//! again (receivers deduplicate by `webhook-id`).
//!
//! Per-record order: a delivery is claimable only while no earlier delivery
//! of the same record to the same endpoint is still pending. A delivery that
//! failed for good no longer holds the later ones back.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Alias, Expr, ExprTrait, Query},
};
use uuid::Uuid;

use super::entity::{
    delivery::{self, Column, PENDING},
    endpoint,
};
use crate::db::Db;

/// Pending, due, and not held by a live lease.
fn claimable(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(Column::State.eq(PENDING))
        .add(Column::NextAttemptAt.lte(now))
        .add(Condition::any().add(Column::LeaseUntil.is_null()).add(Column::LeaseUntil.lt(now)))
}

/// No earlier delivery of the same record to the same endpoint is pending.
fn first_of_its_record() -> Condition {
    let earlier = Alias::new("earlier");
    let same = |column: Column| Expr::col((earlier.clone(), column)).equals((delivery::Entity, column));
    let pending_before = Query::select()
        .expr(Expr::val(1))
        .from_as(delivery::Entity, earlier.clone())
        .and_where(same(Column::EndpointId))
        .and_where(same(Column::RecordType))
        .and_where(same(Column::RecordId))
        .and_where(Expr::col((earlier.clone(), Column::EventSeq)).lt(Expr::col((delivery::Entity, Column::EventSeq))))
        .and_where(Expr::col((earlier, Column::State)).eq(PENDING))
        .to_owned();
    Condition::all().add(Expr::exists(pending_before).not())
}

/// Only deliveries to enabled endpoints are sent; a disabled endpoint's wait.
fn endpoint_enabled() -> Condition {
    let enabled = Query::select()
        .column(endpoint::Column::Id)
        .from(endpoint::Entity)
        .and_where(endpoint::Column::Enabled.eq(true))
        .to_owned();
    Condition::all().add(Column::EndpointId.in_subquery(enabled))
}

/// Claims up to `batch` due deliveries for `owner` until `now + lease`.
pub async fn claim(
    db: &Db,
    owner: Uuid,
    now: DateTime<Utc>,
    lease: Duration,
    batch: u64,
) -> Result<Vec<delivery::Model>, DbErr> {
    let ids: Vec<Uuid> = delivery::Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(claimable(now))
        .filter(first_of_its_record())
        .filter(endpoint_enabled())
        .order_by_asc(Column::EventSeq)
        .limit(batch)
        .into_tuple()
        .all(db.read())
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let until = now + chrono::Duration::from_std(lease).unwrap_or_default();
    delivery::Entity::update_many()
        .col_expr(Column::LeaseOwner, Expr::value(Some(owner)))
        .col_expr(Column::LeaseUntil, Expr::value(Some(until)))
        .filter(Column::Id.is_in(ids))
        .filter(claimable(now))
        .exec_with_returning(db.write())
        .await
}

/// When the next pending delivery that nobody holds falls due, if later than `now`.
pub async fn next_due(db: &Db, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, DbErr> {
    delivery::Entity::find()
        .select_only()
        .column(Column::NextAttemptAt)
        .filter(Column::State.eq(PENDING))
        .filter(Column::NextAttemptAt.gt(now))
        .filter(Column::LeaseUntil.is_null())
        .filter(endpoint_enabled())
        .order_by_asc(Column::NextAttemptAt)
        .into_tuple()
        .one(db.read())
        .await
}
