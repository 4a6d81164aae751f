//! `renovation.pay`: a subsidy payment recorded in a household's file, once
//! building has started (see [`crate::renovations::steps::Step::allows_payment`]), dated between that
//! day and today in the bureau's time zone, and never taking the sum paid
//! past the subsidy the county approved. The file row stays locked from the
//! read of the sum to the commit, so two payments at once are decided one
//! after the other.

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::file_for_change;
use crate::{
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    money::Fen,
    renovations::{
        Rules,
        entity::{payment, renovation},
        record,
        steps::FIRST_PAYABLE,
    },
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
pub struct RecordPayment {
    /// The county's rules.
    pub rules: Rules,
}

/// The sum of the file's payments so far, in fen.
async fn paid_so_far(db: &impl ConnectionTrait, file: Uuid) -> ApiResult<i64> {
    let amounts: Vec<i64> = payment::Entity::find()
        .select_only()
        .column(payment::Column::AmountFen)
        .filter(payment::Column::RenovationId.eq(file))
        .into_tuple()
        .all(db)
        .await?;
    amounts
        .into_iter()
        .try_fold(0_i64, i64::checked_add)
        .ok_or_else(|| ApiError::internal(format!("the payments of file {file} overflow")))
}

/// Why the file takes no payment of `amount` on `paid_on` now, if it does not.
fn refuse(file: &renovation::Model, paid: i64, amount: Fen, paid_on: NaiveDate) -> Option<(&'static str, Reason)> {
    if !file.step.allows_payment() {
        let step = file.step.as_str();
        let first = FIRST_PAYABLE.as_str();
        return Some((
            "renovation_id",
            Reason::Rule {
                code: "payment_step_not_reached",
                en: format!("Subsidies are paid from step {first} on; the file is at {step}."),
                zh: format!("补助资金自 {first} 步骤起拨付，该档案当前为 {step}。"),
            },
        ));
    }
    let started = file.steps.0.get(FIRST_PAYABLE.as_str()).map(|s| s.on);
    if let Some(started) = started.filter(|day| paid_on < *day) {
        return Some((
            "paid_on",
            Reason::Rule {
                code: "before_payable_step",
                en: format!("A payment cannot be dated before building started on {started}."),
                zh: format!("拨付日期不能早于开工日期 {started}。"),
            },
        ));
    }
    let Some(subsidy) = file.subsidy_fen else {
        return Some((
            "amount",
            Reason::Rule {
                code: "no_approved_subsidy",
                en: "The file has no approved subsidy recorded.".into(),
                zh: "该档案未录入核定的补助金额。".into(),
            },
        ));
    };
    let left = subsidy.saturating_sub(paid);
    if amount.fen() > left {
        let (subsidy, left) = (Fen::from_fen(subsidy), Fen::from_fen(left.max(0)));
        return Some((
            "amount",
            Reason::Rule {
                code: "exceeds_subsidy",
                en: format!("The approved subsidy is {subsidy} yuan; {left} yuan are left to pay."),
                zh: format!("核定补助 {subsidy} 元，剩余可拨付 {left} 元。"),
            },
        ));
    }
    None
}

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
        self.rules.not_after_today("paid_on", args.paid_on)?;
        // Locked: a payment running at the same time waits here, then sees this one in the sum.
        let file = file_for_change(ctx.db, ctx.user, args.renovation_id).await?;
        if payment::Entity::find_by_id(args.id).one(ctx.db).await?.is_some() {
            return Err(ApiError::field("id", Reason::Taken));
        }
        let paid = paid_so_far(ctx.db, file.id).await?;
        if let Some((field, reason)) = refuse(&file, paid, amount, args.paid_on) {
            return Err(ApiError::field(field, reason));
        }
        let model = payment::ActiveModel {
            id: Set(args.id),
            renovation_id: Set(file.id),
            region_path: Set(file.region_path),
            amount_fen: Set(amount.fen()),
            paid_on: Set(args.paid_on),
            reference: Set(reference),
            recorded_by: Set(ctx.user.user_id),
            created_at: Set(crate::clock::now()),
        }
        .insert(ctx.db)
        .await
        .map_err(|err| ApiError::taken_if_duplicate(err, "id"))?;
        record::publish_payment(ctx.write(), &model);
        let paid = Fen::from_fen(paid + amount.fen()).to_string();
        Ok(Some(json!({ "paid": paid })))
    }
}
