//! Photos referenced but not proved: `GET /v1/blobs/owed` tells a device
//! which of its own it still has to send (a reference counts once its maker
//! holds the bytes, [`super::holders`]); `GET /v1/blobs/missing-records`
//! tells supervisors which records of their region lack photos.

use std::collections::HashMap;

use axum::extract::State;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Query},
};
use serde::{Deserialize, Serialize};
use sync_protocol::blobs::{OwedBlob, OwedResponse, RecordRef};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    entity::{blob_ref, holder},
    refs,
};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult},
    http::{
        json::{Json, Query as QueryParams},
        openapi::AuthErrors,
    },
    policy,
    sync::SyncScope,
};

/// Most references looked at per call.
const LIMIT: u64 = 10_000;

/// References whose maker has not proved they hold the photo.
fn unproven() -> sea_orm::Select<blob_ref::Entity> {
    let proof = Query::select()
        .expr(Expr::val(1))
        .from(holder::Entity)
        .and_where(
            Expr::col((holder::Entity, holder::Column::Sha256)).equals((blob_ref::Entity, blob_ref::Column::Sha256)),
        )
        .and_where(
            Expr::col((holder::Entity, holder::Column::UserId)).equals((blob_ref::Entity, blob_ref::Column::UserId)),
        )
        .to_owned();
    blob_ref::Entity::find().filter(Expr::exists(proof).not())
}

/// Filter of the owed list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OwedFilter {
    /// Only references made by this sync client (default: all of the caller's).
    pub client_id: Option<Uuid>,
}

/// Lists the photos the caller referenced (from any of their clients, or one) but never uploaded.
#[utoipa::path(get, path = "/v1/blobs/owed", tag = "blobs", security(("bearer" = [])), params(OwedFilter),
    responses((status = 200, description = "`OwedResponse`: the photos to upload, with the records that need them", body = Object),
        AuthErrors))]
pub async fn owed_blobs(
    State(state): State<AppState>,
    user: AuthUser,
    QueryParams(filter): QueryParams<OwedFilter>,
) -> ApiResult<Json<OwedResponse>> {
    let mut query = unproven().filter(blob_ref::Column::UserId.eq(user.user_id));
    if let Some(client) = filter.client_id {
        query = query.filter(blob_ref::Column::ClientId.eq(client));
    }
    let rows = query.order_by_asc(blob_ref::Column::CreatedAt).limit(LIMIT).all(state.db.read()).await?;
    let owed = refs::by_blob(rows)
        .into_iter()
        .map(|(sha256, rows)| OwedBlob {
            sha256,
            client_id: rows.first().and_then(|r| r.client_id),
            records: rows
                .iter()
                .map(|r| RecordRef { record_type: r.record_type.clone(), record_id: r.record_id })
                .collect(),
        })
        .collect();
    Ok(Json(OwedResponse { owed }))
}

/// A record that references photos the server does not hold.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordMissingPhotos {
    /// Record type, e.g. `inspection`.
    pub record_type: String,
    /// Record id.
    pub record_id: Uuid,
    /// The photos not uploaded yet.
    pub missing: Vec<String>,
    /// Who owes them.
    pub user_id: Uuid,
    /// Since when (the oldest reference).
    pub since: DateTime<Utc>,
}

/// Records lacking photos.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissingRecords {
    /// The records, oldest reference first.
    pub records: Vec<RecordMissingPhotos>,
}

/// Lists the records of the caller's region that reference photos not uploaded yet (supervisors and admins).
#[utoipa::path(get, path = "/v1/blobs/missing-records", tag = "blobs", security(("bearer" = [])),
    responses((status = 200, body = MissingRecords), AuthErrors))]
pub async fn missing_records(State(state): State<AppState>, user: AuthUser) -> ApiResult<Json<MissingRecords>> {
    if !policy::may_follow_missing_photos(&user) {
        return Err(ApiError::forbidden());
    }
    let scope = SyncScope::of(&user);
    let rows = unproven().order_by_asc(blob_ref::Column::CreatedAt).limit(LIMIT).all(state.db.read()).await?;
    let mut records: Vec<RecordMissingPhotos> = Vec::new();
    let mut index: HashMap<(String, Uuid), usize> = HashMap::new();
    for row in rows.into_iter().filter(|r| scope.sees(&refs::placement(r))) {
        match index.get(&(row.record_type.clone(), row.record_id)) {
            Some(&at) => records[at].missing.push(row.sha256),
            None => {
                index.insert((row.record_type.clone(), row.record_id), records.len());
                records.push(RecordMissingPhotos {
                    record_type: row.record_type,
                    record_id: row.record_id,
                    missing: vec![row.sha256],
                    user_id: row.user_id,
                    since: row.created_at,
                });
            }
        }
    }
    Ok(Json(MissingRecords { records }))
}
