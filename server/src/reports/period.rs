//! Report periods: a day, a week (Monday to Sunday) or a month, as days in
//! the bureau's time zone and as the UTC instants that bound them.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::notices::Calendar;

/// How long a report period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// One day (the daily dispatch).
    Daily,
    /// Monday to Sunday.
    Weekly,
    /// A calendar month.
    Monthly,
}

impl PeriodKind {
    /// The kind of a path segment: `daily`, `weekly`, `monthly`.
    pub fn parse(name: &str) -> Option<PeriodKind> {
        match name {
            "daily" => Some(PeriodKind::Daily),
            "weekly" => Some(PeriodKind::Weekly),
            "monthly" => Some(PeriodKind::Monthly),
            _ => None,
        }
    }
}

/// A report period: its first day and the day after its last, in the bureau.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Period {
    /// Daily, weekly or monthly.
    pub kind: PeriodKind,
    /// First day.
    pub start: NaiveDate,
    /// The day after the last.
    pub end: NaiveDate,
}

impl Period {
    /// The period of `kind` that contains `day`.
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Period {
        let (start, end) = match kind {
            PeriodKind::Daily => (day, day + Days::new(1)),
            PeriodKind::Weekly => {
                let start = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
                (start, start + Days::new(7))
            }
            PeriodKind::Monthly => {
                let start = day.with_day(1).unwrap_or(day);
                (start, start + Months::new(1))
            }
        };
        Period { kind, start, end }
    }

    /// The UTC instants at the bureau's midnight starting and ending the period.
    pub fn instants(&self, calendar: &Calendar) -> (DateTime<Utc>, DateTime<Utc>) {
        (calendar.midnight(self.start), calendar.midnight(self.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_contain_their_day() {
        let monday = Period::containing(PeriodKind::Weekly, day(2026, 11, 26));
        assert_eq!((monday.start, monday.end), (day(2026, 11, 23), day(2026, 11, 30)));
        let month = Period::containing(PeriodKind::Monthly, day(2026, 12, 31));
        assert_eq!((month.start, month.end), (day(2026, 12, 1), day(2027, 1, 1)));
        let today = Period::containing(PeriodKind::Daily, day(2026, 2, 28));
        assert_eq!(today.end, day(2026, 3, 1));
    }

    #[test]
    fn a_day_starts_at_the_bureaus_midnight() {
        let calendar =
            Calendar { tz: chrono_tz::Asia::Shanghai, weekends_count: true, holidays: &crate::notices::holidays::NONE };
        let (start, end) = Period::containing(PeriodKind::Daily, day(2026, 11, 23)).instants(&calendar);
        assert_eq!(start.to_rfc3339(), "2026-11-22T16:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-11-23T16:00:00+00:00");
    }
}
