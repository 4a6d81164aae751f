//! The `escalations` table: the 督办单 of an overdue notice and each step after it.

use sea_orm::entity::prelude::*;

use super::ladder::Step;

/// One step of a notice's escalation, with its numbered document.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "escalations")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The overdue notice.
    pub notice_id: Uuid,
    /// The step.
    pub step: Step,
    /// Its place on the notice's ladder, from 1 (the 督办单).
    pub level: i32,
    /// The document's number (文号, series `supervision`).
    pub number: String,
    /// The company it is addressed to (none: the township).
    pub addressee_org_id: Option<Uuid>,
    /// Whom it is addressed to, as written on it (the company's or the township's name).
    pub addressee_name: String,
    /// Region path of the notice, for scope and reports.
    pub region_path: String,
    /// The day the notice's deadline was.
    pub deadline: Date,
    /// The new last day to rectify it gives.
    pub respond_by: Date,
    /// When it was issued.
    pub issued_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
