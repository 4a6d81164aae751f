//! The photo cleanup job: discards expired upload sessions (aborting their
//! multipart uploads), deletes photos no record has referenced for the
//! grace period, and asks again for thumbnails that were not made.

use std::{sync::Arc, time::Duration};

use crate::jobs::Background;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Query};

use super::{
    Blobs,
    entity::{blob, blob_ref, holder, upload},
    sha256::Sha256,
    store, thumbnails,
};
use crate::db::Db;

/// Rows handled per kind in one sweep.
const BATCH: u64 = 500;

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Expired upload sessions discarded.
    pub expired_uploads: u64,
    /// Unreferenced photos deleted.
    pub orphans: u64,
    /// Photos whose thumbnails were asked for again.
    pub retried_thumbnails: u64,
}

/// One sweep, as of `now`.
pub async fn sweep(db: &Db, blobs: &Blobs, now: DateTime<Utc>) -> anyhow::Result<Swept> {
    let mut swept = Swept::default();
    let expired = upload::Entity::find().filter(upload::Column::ExpiresAt.lt(now)).limit(BATCH).all(db.read()).await?;
    for session in expired {
        let Ok(sha) = Sha256::parse(&session.sha256) else { continue };
        // Keep the row while the store is down: it is the only trace of the parts to abort.
        if let Err(err) = blobs.store.abort_upload(&store::blob_key(&sha), &session.store_upload).await {
            tracing::warn!(error.cause = %err, upload.id = %session.id, "expired upload not aborted yet");
            continue;
        }
        upload::Entity::delete_by_id(session.id).exec(db.write()).await?;
        swept.expired_uploads += 1;
    }

    let grace = chrono::Duration::seconds(blobs.settings.orphan_grace_secs as i64);
    let referenced = Query::select().column(blob_ref::Column::Sha256).from(blob_ref::Entity).to_owned();
    let orphans = blob::Entity::find()
        .filter(blob::Column::CreatedAt.lt(now - grace))
        .filter(blob::Column::Sha256.not_in_subquery(referenced))
        .limit(BATCH)
        .all(db.read())
        .await?;
    for orphan in orphans {
        let Ok(sha) = Sha256::parse(&orphan.sha256) else { continue };
        // The row goes first: a photo is never listed as stored once its bytes may be gone.
        // And only if still unreferenced: a record may have named it since it was read.
        let still_unreferenced = Query::select()
            .column(blob_ref::Column::Sha256)
            .from(blob_ref::Entity)
            .and_where(blob_ref::Column::Sha256.eq(orphan.sha256.clone()))
            .to_owned();
        let deleted = blob::Entity::delete_many()
            .filter(blob::Column::Sha256.eq(orphan.sha256.clone()))
            .filter(blob::Column::Sha256.not_in_subquery(still_unreferenced))
            .exec(db.write())
            .await?;
        if deleted.rows_affected == 0 {
            continue;
        }
        holder::Entity::delete_many().filter(holder::Column::Sha256.eq(orphan.sha256.clone())).exec(db.write()).await?;
        for key in std::iter::once(store::blob_key(&sha))
            .chain(thumbnails::SIZES.iter().map(|size| store::thumbnail_key(&sha, *size)))
        {
            if let Err(err) = blobs.store.delete(&key).await {
                tracing::warn!(error.cause = %err, blob.sha256 = %sha, "orphan photo bytes not deleted");
            }
        }
        swept.orphans += 1;
    }

    let stale = now - chrono::Duration::minutes(5);
    let pending = blob::Entity::find()
        .filter(blob::Column::Thumbnails.eq("pending"))
        .filter(blob::Column::CreatedAt.lt(stale))
        .limit(BATCH)
        .all(db.read())
        .await?;
    for photo in pending {
        let Ok(sha) = Sha256::parse(&photo.sha256) else { continue };
        blobs.thumbnails.enqueue(db.clone(), sha, photo.content_type);
        swept.retried_thumbnails += 1;
    }
    Ok(swept)
}

/// Sweeps every `every` until `stop`.
pub fn spawn(db: Db, blobs: Arc<Blobs>, every: Duration, background: &Background) {
    crate::jobs::every(db.clone(), "photos.cleanup", every, background, move || {
        let (db, blobs) = (db.clone(), blobs.clone());
        async move {
            match sweep(&db, &blobs, Utc::now()).await {
                Ok(swept) if swept != Swept::default() => tracing::info!(?swept, "photo cleanup"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error.cause = %err, "photo cleanup failed"),
            }
        }
    });
}
