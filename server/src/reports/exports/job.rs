//! The export worker: claims a queued export (or one whose process went
//! silent), writes its CSV page by page with progress into the object store,
//! where the file appears whole when it is complete.
//!
//! Several processes may run workers: a claim is a conditional UPDATE, so
//! one process gets each job.

use std::time::Duration;

use crate::{http::csv_out::CsvOut, jobs::Background};
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{entity, file::ExportFile, params::ExportParams, rows::Selection};
use crate::app::AppState;

/// Rows per page read and written.
const PAGE: u64 = 1_000;
/// A running job whose process has not reported for this long is taken over.
const STALE: Duration = Duration::from_secs(300);

fn claimable(now: chrono::DateTime<Utc>) -> Condition {
    let stale = now - chrono::Duration::from_std(STALE).unwrap_or_default();
    Condition::any()
        .add(entity::Column::State.eq("queued"))
        .add(Condition::all().add(entity::Column::State.eq("running")).add(entity::Column::HeartbeatAt.lt(stale)))
}

/// Claims and runs one export; whether there was one.
pub async fn run_once(app: &AppState, worker: Uuid) -> Result<bool, DbErr> {
    let now = Utc::now();
    let candidate: Option<Uuid> = entity::Entity::find()
        .select_only()
        .column(entity::Column::Id)
        .filter(claimable(now))
        .order_by_asc(entity::Column::CreatedAt)
        .into_tuple()
        .one(app.db.read())
        .await?;
    let Some(id) = candidate else { return Ok(false) };
    let claimed = entity::Entity::update_many()
        .set(entity::ActiveModel {
            state: Set("running".into()),
            claimed_by: Set(Some(worker)),
            heartbeat_at: Set(Some(now)),
            ..Default::default()
        })
        .filter(entity::Column::Id.eq(id))
        .filter(claimable(now))
        .exec(app.db.write())
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(true); // another process took it; look again
    }
    let Some(job) = entity::Entity::find_by_id(id).one(app.db.read()).await? else { return Ok(true) };
    let outcome = produce(app, &job).await;
    let mut done = job.into_active_model();
    done.finished_at = Set(Some(Utc::now()));
    match outcome {
        Ok(()) => done.state = Set("done".into()),
        Err(err) => {
            tracing::warn!(export.id = %id, error.cause = %err, "export failed");
            done.state = Set("failed".into());
            done.error = Set(err.to_string());
        }
    }
    entity::Entity::update(done).exec(app.db.write()).await?;
    Ok(true)
}

async fn produce(app: &AppState, job: &entity::Model) -> anyhow::Result<()> {
    let params: ExportParams = serde_json::from_str(&job.params)?;
    let selection = params.selection(&app.calendar, job.scope_pattern.clone());
    let db = app.db.read();
    let total = selection.count(db).await?;
    progress(app, job.id, 0, Some(total as i64)).await?;
    let mut out = ExportFile::begin(app.blobs.store.clone(), job.id).await?;
    match write_rows(app, job, &selection, &mut out).await {
        Ok(()) => Ok(out.finish().await?),
        Err(err) => {
            out.abort().await;
            Err(err)
        }
    }
}

async fn write_rows(
    app: &AppState,
    job: &entity::Model,
    selection: &Selection,
    out: &mut ExportFile,
) -> anyhow::Result<()> {
    let db = app.db.read();
    out.write(&csv_bytes(std::iter::once(selection.what.header().iter().map(|s| s.to_string()).collect()))?).await?;
    let (mut after, mut done) = (None, 0i64);
    loop {
        let (rows, last) = selection.page(db, after, PAGE).await?;
        if rows.is_empty() {
            break;
        }
        done += rows.len() as i64;
        out.write(&csv_bytes(rows.into_iter())?).await?;
        progress(app, job.id, done, None).await?;
        after = last;
    }
    Ok(())
}

fn csv_bytes(rows: impl Iterator<Item = Vec<String>>) -> anyhow::Result<Vec<u8>> {
    let mut writer = CsvOut::new();
    for row in rows {
        writer.row(row)?;
    }
    Ok(writer.finish()?)
}

async fn progress(app: &AppState, id: Uuid, done: i64, total: Option<i64>) -> Result<(), DbErr> {
    let mut update =
        entity::ActiveModel { rows_done: Set(done), heartbeat_at: Set(Some(Utc::now())), ..Default::default() };
    if let Some(total) = total {
        update.rows_total = Set(Some(total));
    }
    entity::Entity::update_many().set(update).filter(entity::Column::Id.eq(id)).exec(app.db.write()).await?;
    Ok(())
}

/// Runs exports as they are asked for, until `stop`.
pub fn spawn(app: AppState, poll: Duration, background: &Background) {
    let worker = Uuid::new_v4();
    let stop = background.token();
    background.spawn(async move {
        loop {
            match run_once(&app, worker).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(err) => tracing::warn!(error.cause = %err, "export worker failed"),
            }
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = app.exports.notified() => {}
                _ = tokio::time::sleep(poll) => {}
            }
        }
    });
}
