//! `renovation.pay`: a subsidy payment recorded in a household's file.

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::file_for_change;
use crate::{
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    money::Fen,
    renovations::{entity::payment, record},
    sync::{Ctx, Mutation},
};

/// Arguments of `renovation.pay`.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// Id of the payment, made by the device.
    pub id: Uuid,
    /// The file.
    pub renovation_id: Uuid,
    /// Yuan, at most two decimals, e.g. `"15000.00"`.
    pub amount: String,
    /// Day paid.
    pub paid_on: NaiveDate,
    /// Voucher or transfer reference.
    #[serde(default)]
    pub reference: String,
}

/// The `renovation.pay` mutation.
#[derive(Debug)]
pub struct RecordPayment;

#[async_trait::async_trait]
impl Mutation for RecordPayment {
    const NAME: &'static str = "renovation.pay";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        let mut check = Check::new();
        let amount = Fen::parse(args.amount.trim()).filter(|f| f.fen() > 0);
        if amount.is_none() {
            check.fail("amount", Reason::Invalid);
        }
        let reference = check.opt_text("reference", Some(&args.reference), 200).unwrap_or_default();
        check.finish()?;
        let amount = amount.ok_or_else(|| ApiError::field("amount", Reason::Invalid))?;
        let file = file_for_change(ctx.db, ctx.user, args.renovation_id).await?;
        if payment::Entity::find_by_id(args.id).one(ctx.db).await?.is_some() {
            return Err(ApiError::field("id", Reason::Taken));
        }
        let model = payment::ActiveModel {
            id: Set(args.id),
            renovation_id: Set(file.id),
            region_path: Set(file.region_path),
            amount_fen: Set(amount.fen()),
            paid_on: Set(args.paid_on),
            reference: Set(reference),
            recorded_by: Set(ctx.user.user_id),
            created_at: Set(Utc::now()),
        }
        .insert(ctx.db)
        .await
        .map_err(|err| ApiError::taken_if_duplicate(err, "id"))?;
        record::publish_payment(ctx.write(), &model);
        Ok(None)
    }
}
