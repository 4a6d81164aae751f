//! `POST /v1/blobs/missing`: which of these photos the server lacks. One
//! indexed lookup per batch of hashes; identical photos are stored once, so
//! a device never sends bytes the server holds.

use std::collections::HashSet;

use axum::extract::State;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;
use sync_protocol::{
    ErrorCode,
    blobs::{MAX_MISSING_QUERY, MissingRequest, MissingResponse},
};

use super::{entity::blob, sha256::Sha256};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult, FieldError, Reason},
    http::{
        json::Json,
        openapi::{AuthErrors, BodyErrors},
    },
};

/// Hashes per database query (well under SQLite's parameter limit).
const BATCH: usize = 1_000;

/// Lists the photos the server does not hold.
#[utoipa::path(post, path = "/v1/blobs/missing", tag = "blobs", security(("bearer" = [])),
    request_body(content = Object, description = "`MissingRequest`: `{hashes: [sha256, ...]}`, at most 5000"),
    responses((status = 200, description = "`MissingResponse`: `{missing: [...]}`, in the order asked", body = Object),
        BodyErrors, AuthErrors))]
pub async fn missing_blobs(
    State(state): State<AppState>,
    _user: AuthUser,
    Json(req): Json<MissingRequest>,
) -> ApiResult<Json<MissingResponse>> {
    if req.hashes.len() > MAX_MISSING_QUERY {
        return Err(ApiError::new(ErrorCode::PayloadTooLarge).with_details(json!({ "max_hashes": MAX_MISSING_QUERY })));
    }
    let mut wanted = Vec::with_capacity(req.hashes.len());
    let mut bad = Vec::new();
    for (i, text) in req.hashes.iter().enumerate() {
        match Sha256::parse(text) {
            Ok(sha) => wanted.push(sha.hex()),
            Err(_) => bad.push(FieldError::new(format!("hashes.{i}"), Reason::Invalid)),
        }
    }
    if !bad.is_empty() {
        return Err(ApiError::validation(bad));
    }
    let mut present = HashSet::with_capacity(wanted.len());
    for batch in wanted.chunks(BATCH) {
        let found: Vec<String> = blob::Entity::find()
            .select_only()
            .column(blob::Column::Sha256)
            .filter(blob::Column::Sha256.is_in(batch.iter().cloned()))
            .into_tuple()
            .all(state.db.read())
            .await?;
        present.extend(found);
    }
    let mut seen = HashSet::new();
    let missing = wanted.into_iter().filter(|sha| !present.contains(sha) && seen.insert(sha.clone())).collect();
    Ok(Json(MissingResponse { missing }))
}
