//! The `suspensions` table: what a stop-work or sealing order holds still.

use sea_orm::entity::prelude::*;

use super::Standing;
use crate::notices::kind::NoticeKind;

/// A site stopped, or equipment on it sealed, by one approved order.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "suspensions")]
pub struct Model {
    /// The order (a `stop_work` or `equipment_sealed` notice): one suspension each.
    #[sea_orm(primary_key, auto_increment = false)]
    pub notice_id: Uuid,
    /// The site.
    pub site_id: Uuid,
    /// Region path of the site, for reports.
    pub region_path: String,
    /// `stop_work` (the site) or `equipment_sealed` (the equipment named).
    pub kind: NoticeKind,
    /// What is sealed (`equipment_sealed`), else empty.
    pub equipment: String,
    /// In force, applied to resume, lifted or ended by revocation.
    pub standing: Standing,
    /// When the order took effect (its approval).
    pub began_at: DateTimeUtc,
    /// The site's status when it was stopped, restored when the last stop ends.
    pub site_status_before: String,
    /// When the company last applied to resume (复工申请 / 解封申请).
    pub applied_at: Option<DateTimeUtc>,
    /// When it ended.
    pub ended_at: Option<DateTimeUtc>,
    /// Who lifted it (the re-inspecting officer) or revoked the order.
    pub ended_by: Option<Uuid>,
    /// The number of the 复工通知书 or 解封决定书 that lifted it.
    pub lift_number: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
