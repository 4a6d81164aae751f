//! `inspection.delete`: discards a draft.

use sea_orm::ModelTrait;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    audit,
    error::{ApiError, ApiResult},
    inspections::{self, access, record},
    sync::{Ctx, Mutation},
    webhooks::EventType,
};

/// Arguments of `inspection.delete`.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// The inspection.
    pub id: Uuid,
}

/// The `inspection.delete` mutation: only a draft, only by its inspector.
#[derive(Debug)]
pub struct DeleteInspection;

#[async_trait::async_trait]
impl Mutation for DeleteInspection {
    const NAME: &'static str = "inspection.delete";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        let found = access::editable(ctx, args.id).await?;
        if found.inspector_id != ctx.user.user_id {
            return Err(ApiError::forbidden());
        }
        let id = found.id;
        record::announce(ctx, &found, EventType::InspectionDeleted).await?;
        inspections::photos::reference(ctx, &found, true).await?;
        found.delete(ctx.db).await?;
        audit::record(
            ctx.db,
            Some(ctx.user),
            record::RECORD_TYPE,
            id,
            "delete",
            json!({ "client_id": ctx.client_id, "mutation_id": ctx.mutation_id }),
        )
        .await?;
        ctx.delete(record::RECORD_TYPE, id);
        Ok(None)
    }
}
