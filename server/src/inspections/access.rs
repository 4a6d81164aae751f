//! Finding an inspection the caller may see and change.

use sea_orm::{EntityTrait, QuerySelect};
use serde_json::json;
use sync_protocol::ErrorCode;
use uuid::Uuid;

use super::entity::{Entity as Inspections, Model};
use crate::{
    error::{ApiError, ApiResult},
    policy::{self, Role},
    sync::Ctx,
};

/// The inspection, locked for change until the transaction ends, if the
/// caller may edit it: a draft (a finished one is never edited:
/// `inspection_finished`), by its inspector or a supervisor or admin over
/// it. The lock makes the read-merge-write of an edit atomic: on PostgreSQL
/// (READ COMMITTED) two edits read one after the other, never both the
/// same old row (SQLite's single writer already does that).
pub async fn editable(ctx: &Ctx<'_>, id: Uuid) -> ApiResult<Model> {
    let found = Inspections::find_by_id(id).lock_exclusive().one(ctx.db).await?.ok_or_else(ApiError::not_found)?;
    if !policy::may_inspect(ctx.user, &found.region_path) {
        return Err(ApiError::not_found());
    }
    if found.inspector_id != ctx.user.user_id && ctx.user.role == Role::Inspector {
        return Err(ApiError::forbidden());
    }
    if found.status != "draft" {
        return Err(ApiError::new(ErrorCode::InspectionFinished).with_details(json!({ "state": found.status })));
    }
    Ok(found)
}
