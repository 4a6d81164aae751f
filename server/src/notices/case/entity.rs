//! The `penalty_cases` table: a filed case (the approved `case_filed`
//! notice) and what each of its steps recorded.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::stage::Stage;
use crate::{db::typed::Json, notices::service::Service};

/// An officer who investigated the case, with the 执法证号 printed beside their name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Officer {
    /// The user.
    pub user_id: Uuid,
    /// Their name as printed.
    pub name: String,
    /// Their law-enforcement certificate number (执法证号).
    pub cert: String,
}

/// A penalty case.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "penalty_cases")]
pub struct Model {
    /// The filed notice.
    #[sea_orm(primary_key, auto_increment = false)]
    pub notice_id: Uuid,
    /// Where the case is.
    pub stage: Stage,
    /// Region path, for scope and reports.
    pub region_path: String,
    /// The two officers who investigated it (JSON).
    pub officers: Json<Vec<Officer>>,
    /// The facts the investigation established (调查终结报告).
    pub facts: String,
    /// The penalty proposed to the party (事先告知), in fen.
    pub proposed_fen: Option<i64>,
    /// The 行政处罚事先告知书's number.
    pub notification_number: Option<String>,
    /// When the party was told.
    pub notified_at: Option<DateTimeUtc>,
    /// The last day to state its case (陈述、申辩).
    pub statement_due: Option<Date>,
    /// The last day to ask for a hearing (听证), when the penalty is large enough to give the right.
    pub hearing_due: Option<Date>,
    /// What the party said, or that it said nothing.
    pub statement: String,
    /// The penalty decided, in fen.
    pub decided_fen: Option<i64>,
    /// The 行政处罚决定书's number.
    pub decision_number: Option<String>,
    /// When it was decided, and by whom.
    pub decided_at: Option<DateTimeUtc>,
    /// The supervisor who decided it.
    pub decided_by: Option<Uuid>,
    /// When the decision was served.
    pub served_at: Option<DateTimeUtc>,
    /// How the decision was served (JSON).
    pub service: Option<Json<Service>>,
    /// What was paid, in fen.
    pub paid_fen: Option<i64>,
    /// The day it was paid.
    pub paid_on: Option<Date>,
    /// The payment's receipt number.
    pub receipt: String,
    /// When the case was closed.
    pub closed_at: Option<DateTimeUtc>,
    /// Revision, raised by every step.
    pub rev: i64,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
