//! Deadlines in the bureau's time zone: a deadline is a day, which ends at
//! midnight there; "within N days" counts calendar days or working days
//! (the holiday calendar's: no public holidays, weekend days worked in
//! their place included). A period of calendar days whose last day is a
//! rest day (a weekend or public holiday) ends on the first working day
//! after it (期间届满日顺延), as the law counts periods.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::holidays::Holidays;

/// The bureau's calendar.
#[derive(Debug, Clone, Copy)]
pub struct Calendar {
    /// The bureau's time zone.
    pub tz: Tz,
    /// Whether every day counts as a day to rectify (else working days only).
    pub weekends_count: bool,
    /// Public holidays and working weekend days.
    pub holidays: &'static Holidays,
}

impl Calendar {
    /// Today in the bureau's time zone, at `now`.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.tz).date_naive()
    }

    /// The year at `now` in the bureau's time zone (a notice number's year).
    pub fn year(&self, now: DateTime<Utc>) -> i32 {
        self.today(now).year()
    }

    /// The last day of "within `days` days" counted from the day after `from`.
    pub fn deadline(&self, from: NaiveDate, days: u32) -> NaiveDate {
        if self.weekends_count {
            let mut day = from.checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX);
            while days > 0 && day < NaiveDate::MAX && !self.holidays.is_working_day(day) {
                day = day.succ_opt().unwrap_or(NaiveDate::MAX);
            }
            return day;
        }
        let mut day = from;
        let mut left = days;
        while left > 0 {
            day = day.succ_opt().unwrap_or(NaiveDate::MAX);
            if self.holidays.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The instant the bureau's day begins.
    pub fn midnight(&self, day: NaiveDate) -> DateTime<Utc> {
        let local = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        self.tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    /// Whether a deadline has passed at `now`: the bureau's day after it has begun.
    pub fn is_past(&self, deadline: NaiveDate, now: DateTime<Utc>) -> bool {
        self.today(now) > deadline
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar(weekends_count: bool) -> Calendar {
        Calendar { tz: chrono_tz::Asia::Shanghai, weekends_count, holidays: &crate::notices::holidays::NONE }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn working_days_skip_the_weekend() {
        // Friday 2026-11-20 + 3 days.
        assert_eq!(calendar(true).deadline(day(2026, 11, 20), 3), day(2026, 11, 23));
        // Friday + 1 calendar day ends on Saturday, a rest day: it runs to Monday.
        assert_eq!(calendar(true).deadline(day(2026, 11, 20), 1), day(2026, 11, 23));
        assert_eq!(calendar(true).deadline(day(2026, 11, 20), 2), day(2026, 11, 23));
        assert_eq!(calendar(false).deadline(day(2026, 11, 20), 3), day(2026, 11, 25));
        assert_eq!(calendar(false).deadline(day(2026, 11, 20), 0), day(2026, 11, 20));
    }

    #[test]
    fn working_days_skip_public_holidays_and_count_the_weekend_days_worked() {
        let holidays = Box::leak(Box::new(Holidays::parse(crate::notices::holidays::SHIPPED).unwrap()));
        let cal = Calendar { holidays, ..calendar(false) };
        // Thursday 2026-02-12 + 3 working days: Fri 13, Sat 14 (worked), then
        // the Spring Festival (15–23), then Tue 24.
        assert_eq!(cal.deadline(day(2026, 2, 12), 3), day(2026, 2, 24));
        // Without the calendar: Fri 13, Mon 16, Tue 17.
        assert_eq!(calendar(false).deadline(day(2026, 2, 12), 3), day(2026, 2, 17));
        // Calendar days are calendar days, but a period that ends in the
        // holidays (Sunday 15 February) runs to the first working day after.
        let calendar_days = Calendar { holidays, ..calendar(true) };
        assert_eq!(calendar_days.deadline(day(2026, 2, 12), 3), day(2026, 2, 24));
        // Saturday 14 February is worked: a period ending on it ends on it.
        assert_eq!(calendar_days.deadline(day(2026, 2, 12), 2), day(2026, 2, 14));
        // National Day: Wed 2026-09-30 + 2 working days is Fri 9 Oct... and Sat 10 is worked.
        assert_eq!(cal.deadline(day(2026, 9, 30), 2), day(2026, 10, 9));
        assert_eq!(cal.deadline(day(2026, 9, 30), 3), day(2026, 10, 10));
    }

    #[test]
    fn a_deadline_ends_at_midnight_in_the_bureau() {
        let cal = calendar(true);
        let deadline = day(2026, 11, 23);
        // 23:59 in Beijing is 15:59 UTC; midnight is 16:00 UTC.
        assert!(!cal.is_past(deadline, Utc.with_ymd_and_hms(2026, 11, 23, 15, 59, 0).unwrap()));
        assert!(cal.is_past(deadline, Utc.with_ymd_and_hms(2026, 11, 23, 16, 0, 0).unwrap()));
        // New year's eve at 17:00 UTC is already 2027 in Beijing.
        assert_eq!(cal.year(Utc.with_ymd_and_hms(2026, 12, 31, 17, 0, 0).unwrap()), 2027);
    }
}
