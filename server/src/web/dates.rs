//! Days and times as the pages say them: "12月5日" and "12月5日 09:30" in
//! Chinese, "5 Dec" and "5 Dec 09:30" in English, the year written only
//! when it is not this one. Files (CSV) keep ISO dates.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::text::Text;
use crate::{i18n::Lang, notices::Calendar};

/// A day, said in the page's language, relative to `today`'s year.
pub fn day(t: &Text, day: NaiveDate, today: NaiveDate) -> String {
    let this_year = day.year() == today.year();
    match (t.lang, this_year) {
        (Lang::Zh, true) => format!("{}月{}日", day.month(), day.day()),
        (Lang::Zh, false) => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        (Lang::En, true) => day.format("%-d %b").to_string(),
        (Lang::En, false) => day.format("%-d %b %Y").to_string(),
    }
}

/// A moment, in the bureau's time zone: its day and the time to the minute.
pub fn moment(t: &Text, calendar: &Calendar, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&calendar.tz);
    let today = calendar.today(Utc::now());
    format!("{} {}", day(t, local.date_naive(), today), local.format("%H:%M"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::text::{EN, ZH};

    #[test]
    fn days_are_said_the_way_each_language_writes_them() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let deadline = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(day(&ZH, deadline, today), "12月5日");
        assert_eq!(day(&EN, deadline, today), "5 Dec");
        let last_year = NaiveDate::from_ymd_opt(2025, 3, 9).unwrap();
        assert_eq!(day(&ZH, last_year, today), "2025年3月9日");
        assert_eq!(day(&EN, last_year, today), "9 Mar 2025");
    }
}
