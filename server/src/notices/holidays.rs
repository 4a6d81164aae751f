//! The yearly holiday calendar: public holidays (法定节假日) and the weekend
//! days worked in their place (调休上班), loaded from a data file the county
//! updates each year (`notices.holiday_file`, by default the one shipped in
//! `server/data/holidays.toml`). A deadline in working days skips the
//! holidays and counts the working weekend days; a year the file does not
//! list counts Monday to Friday, and the server says so when it starts.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

/// The calendar the server ships.
pub const SHIPPED: &str = include_str!("../../data/holidays.toml");

/// One year of the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Year {
    #[serde(default)]
    holidays: Vec<String>,
    #[serde(default)]
    working_days: Vec<String>,
}

/// Public holidays and working weekend days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    off: BTreeSet<NaiveDate>,
    on: BTreeSet<NaiveDate>,
    years: BTreeSet<i32>,
}

/// No holidays at all: Monday to Friday are working days (tests, and a
/// calendar counting calendar days, which needs none).
pub static NONE: Holidays = Holidays { off: BTreeSet::new(), on: BTreeSet::new(), years: BTreeSet::new() };

/// The days of `text`: a day, or a run `from..to`.
fn days(year: i32, text: &str) -> Result<Vec<NaiveDate>, String> {
    let parse = |d: &str| {
        NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| format!("{d:?} is not a day (YYYY-MM-DD)"))
    };
    let (from, to) = match text.split_once("..") {
        Some((from, to)) => (parse(from)?, parse(to)?),
        None => (parse(text)?, parse(text)?),
    };
    if to < from || to.signed_duration_since(from).num_days() > 31 {
        return Err(format!("{text:?} is not a run of at most a month"));
    }
    if from.year() != year && to.year() != year {
        return Err(format!("{text:?} is listed under {year}"));
    }
    Ok(from.iter_days().take_while(|d| *d <= to).collect())
}

impl Holidays {
    /// Parses the file's text, or says what is wrong with it.
    pub fn parse(text: &str) -> Result<Holidays, String> {
        let years: BTreeMap<String, Year> = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut calendar = Holidays::default();
        for (name, year) in years {
            let number: i32 = name.parse().map_err(|_| format!("[{name}] is not a year"))?;
            for text in &year.holidays {
                calendar.off.extend(days(number, text)?);
            }
            for text in &year.working_days {
                for day in days(number, text)? {
                    if calendar.off.contains(&day) {
                        return Err(format!("{day} is both a holiday and a working day"));
                    }
                    calendar.on.insert(day);
                }
            }
            calendar.years.insert(number);
        }
        Ok(calendar)
    }

    /// The calendar of the file at `path`, or the shipped one.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Holidays> {
        let (text, name) = match path {
            Some(path) => (
                std::fs::read_to_string(path)
                    .map_err(|e| anyhow::anyhow!("notices.holiday_file {}: {e}", path.display()))?,
                path.display().to_string(),
            ),
            None => (SHIPPED.to_owned(), "the shipped holiday calendar".to_owned()),
        };
        Holidays::parse(&text).map_err(|e| anyhow::anyhow!("notices.holiday_file {name}: {e}"))
    }

    /// Whether `day` is a working day.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.on.contains(&day) {
            return true;
        }
        !self.off.contains(&day) && !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// Whether the file lists `year`.
    pub fn knows(&self, year: i32) -> bool {
        self.years.contains(&year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_shipped_calendar_has_the_spring_festival_and_its_working_saturdays() {
        let cn = Holidays::parse(SHIPPED).unwrap();
        assert!(cn.knows(2026) && !cn.knows(2030));
        assert!(!cn.is_working_day(day(2026, 2, 16)), "a Monday of the Spring Festival");
        assert!(cn.is_working_day(day(2026, 2, 14)), "the Saturday worked before it");
        assert!(cn.is_working_day(day(2026, 2, 24)), "the first day back");
        assert!(!cn.is_working_day(day(2026, 2, 21)), "a Saturday of the holiday");
        assert!(!NONE.is_working_day(day(2026, 2, 14)) && NONE.is_working_day(day(2026, 2, 16)));
    }

    #[test]
    fn a_wrong_file_is_refused_saying_why() {
        for (bad, why) in [
            ("[2026]\nholidays = [\"2026-13-01\"]", "not a day"),
            ("[2026]\nholidays = [\"2026-02-23..2026-02-15\"]", "not a run"),
            ("[2026]\nholidays = [\"2025-05-01\"]", "listed under 2026"),
            ("[twenty]\nholidays = []", "not a year"),
            ("[2026]\nholiday = []", "unknown field"),
            ("[2026]\nholidays = [\"2026-05-01\"]\nworking_days = [\"2026-05-01\"]", "both"),
        ] {
            let error = Holidays::parse(bad).unwrap_err();
            assert!(error.contains(why), "{bad}: {error}");
        }
    }
}
