//! Forgetting old deliveries: the outbox and the log would otherwise grow
//! forever. Deliveries finished (delivered or failed) more than
//! `[webhooks] keep_days` ago go with their attempts, then the events left
//! without deliveries. Pending deliveries are never removed. Safe with any
//! number of processes: deleting twice deletes nothing more.

use std::time::Duration;

use crate::jobs::Background;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, Query},
};

use super::entity::{attempt, delivery, event};
use crate::app::AppState;

/// How often the clean-up runs.
const EVERY: Duration = Duration::from_secs(3600);

/// Removes what finished before `now - keep_days`; how many deliveries went.
pub async fn purge(app: &AppState, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let cutoff = now - chrono::Duration::days(i64::from(app.settings.webhooks.keep_days));
    let old = Query::select()
        .column(delivery::Column::Id)
        .from(delivery::Entity)
        .and_where(delivery::Column::State.ne(delivery::PENDING))
        .and_where(delivery::Column::UpdatedAt.lt(cutoff))
        .to_owned();
    let txn = app.db.begin().await?;
    attempt::Entity::delete_many().filter(attempt::Column::DeliveryId.in_subquery(old)).exec(&txn).await?;
    let gone = delivery::Entity::delete_many()
        .filter(delivery::Column::State.ne(delivery::PENDING))
        .filter(delivery::Column::UpdatedAt.lt(cutoff))
        .exec(&txn)
        .await?
        .rows_affected;
    let still_delivered = Query::select()
        .expr(Expr::val(1))
        .from(delivery::Entity)
        .and_where(
            Expr::col((delivery::Entity, delivery::Column::EventSeq)).equals((event::Entity, event::Column::Seq)),
        )
        .to_owned();
    event::Entity::delete_many()
        .filter(event::Column::CreatedAt.lt(cutoff))
        .filter(Expr::exists(still_delivered).not())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(gone)
}

/// Runs the clean-up every hour until `stop`.
pub fn spawn(app: AppState, background: &Background) {
    let db = app.db.clone();
    crate::jobs::every(db, "webhooks.retention", EVERY, background, move || {
        let app = app.clone();
        async move {
            match purge(&app, Utc::now()).await {
                Ok(0) => {}
                Ok(gone) => tracing::info!(webhook.deliveries = gone, "old webhook deliveries removed"),
                Err(err) => tracing::warn!(error.cause = %err, "webhook clean-up failed"),
            }
        }
    });
}
