//! Finding an inspection the caller may see and change.

use sea_orm::EntityTrait;
use serde_json::json;
use sync_protocol::ErrorCode;
use uuid::Uuid;

use super::entity::{Entity as Inspections, Model};
use crate::{
    error::{ApiError, ApiResult},
    policy::{self, Role},
    sync::Ctx,
};

/// The inspection, if the caller may see it (else `not_found`).
pub async fn visible(ctx: &Ctx<'_>, id: Uuid) -> ApiResult<Model> {
    let found = Inspections::find_by_id(id).one(ctx.db).await?.ok_or_else(ApiError::not_found)?;
    if !policy::may_inspect(ctx.user, &found.region_path) {
        return Err(ApiError::not_found());
    }
    Ok(found)
}

/// The inspection, if the caller may edit it: a draft (a finished one is
/// never edited: `inspection_finished`), by its inspector or a supervisor
/// or admin over it.
pub async fn editable(ctx: &Ctx<'_>, id: Uuid) -> ApiResult<Model> {
    let found = visible(ctx, id).await?;
    if found.inspector_id != ctx.user.user_id && ctx.user.role == Role::Inspector {
        return Err(ApiError::forbidden());
    }
    if found.status != "draft" {
        return Err(ApiError::new(ErrorCode::InspectionFinished).with_details(json!({ "state": found.status })));
    }
    Ok(found)
}
