//! `POST /v1/blobs/missing`: which of these photos the server still needs
//! from the caller: those it has not proved it holds ([`super::holders`]).
//! Whether a photo is stored for someone else is not told; a device offering
//! one it may already read is answered `complete` by the upload start
//! without sending bytes. Admins, who read every photo, are told which the
//! server lacks. One indexed lookup per batch of hashes.

use std::collections::HashSet;

use axum::extract::State;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;
use sync_protocol::{
    ErrorCode,
    blobs::{MAX_MISSING_QUERY, MissingRequest, MissingResponse},
};

use super::{entity::blob, holders, sha256::Sha256};
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

/// Lists the photos the caller has still to send (or offer, by starting an upload).
#[utoipa::path(post, path = "/v1/blobs/missing", tag = "blobs", security(("bearer" = [])),
    request_body(content = Object, description = "`MissingRequest`: `{hashes: [sha256, ...]}`, at most 5000"),
    responses((status = 200, description = "`MissingResponse`: `{missing: [...]}`, in the order asked", body = Object),
        BodyErrors, AuthErrors))]
pub async fn missing_blobs(
    State(state): State<AppState>,
    user: AuthUser,
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
    let present = if crate::sync::SyncScope::of(&user).all {
        stored_among(state.db.read(), &wanted).await?
    } else {
        holders::held_by(state.db.read(), user.user_id, &wanted).await?
    };
    let mut seen = HashSet::new();
    let missing = wanted.into_iter().filter(|sha| !present.contains(sha) && seen.insert(sha.clone())).collect();
    Ok(Json(MissingResponse { missing }))
}

/// Of `wanted`, the photos stored.
pub(super) async fn stored_among(
    db: &impl sea_orm::ConnectionTrait,
    wanted: &[String],
) -> Result<HashSet<String>, sea_orm::DbErr> {
    let mut present = HashSet::with_capacity(wanted.len());
    for batch in wanted.chunks(BATCH) {
        let found: Vec<String> = blob::Entity::find()
            .select_only()
            .column(blob::Column::Sha256)
            .filter(blob::Column::Sha256.is_in(batch.iter().cloned()))
            .into_tuple()
            .all(db)
            .await?;
        present.extend(found);
    }
    Ok(present)
}
