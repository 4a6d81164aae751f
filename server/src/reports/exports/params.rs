//! What an export was asked for, kept with the job.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::rows::{Selection, What};
use crate::{
    error::Reason,
    http::validate::Check,
    notices::Calendar,
    reports::period::{Period, PeriodKind},
};

/// Longest period one export covers, in days.
pub const MAX_DAYS: i64 = 3_660;

/// An export request.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ExportParams {
    /// What to export.
    pub what: What,
    /// First day (bureau time zone).
    pub from: NaiveDate,
    /// Last day, included.
    pub to: NaiveDate,
    /// Narrow to this township or village, within the caller's region.
    #[serde(default)]
    pub region_id: Option<Uuid>,
}

impl ExportParams {
    /// Checks the dates.
    pub fn check(&self) -> Result<(), crate::error::ApiError> {
        let mut check = Check::new();
        let days = (self.to - self.from).num_days();
        if days < 0 {
            check.fail("to", Reason::Invalid);
        } else if days > MAX_DAYS {
            check.fail(
                "to",
                Reason::Rule {
                    code: "period_too_long",
                    en: format!("One export covers at most {MAX_DAYS} days."),
                    zh: format!("一次导出最多覆盖 {MAX_DAYS} 天。"),
                },
            );
        }
        check.finish()
    }

    /// The rows to write, in a region pattern.
    pub fn selection(&self, calendar: &Calendar, pattern: String) -> Selection {
        let first = Period::containing(PeriodKind::Daily, self.from).instants(calendar).0;
        let end = Period::containing(PeriodKind::Daily, self.to).instants(calendar).1;
        Selection { what: self.what, start: first, end, pattern }
    }
}
