//! Working-day deadlines follow the county's holiday calendar file: the
//! public holidays it lists do not count, and "within 3 days" ends on the
//! third working day after the notice is served.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Utc, Weekday};
use fieldsync::config::Settings;
use fieldsync_tests::db_tests;

use crate::notices_common::{draft, world};

/// Today in the bureau's time zone (the default, Asia/Shanghai: UTC+8, no summer time).
fn today() -> NaiveDate {
    (Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// The three days after today.
fn holidays() -> Vec<NaiveDate> {
    (1..=3).map(|n| today() + Days::new(n)).collect()
}

/// Working days only, with a holiday file making the next three days holidays.
fn with_holidays(s: &mut Settings) {
    s.notices.weekends_count = false;
    let mut years: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for day in holidays() {
        years.entry(day.year()).or_default().push(day.to_string());
    }
    let file: String = years
        .iter()
        .map(|(year, days)| {
            format!(
                "[{year}]\nholidays = [{}]\n",
                days.iter().map(|d| format!("\"{d}\"")).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    std::fs::create_dir_all(&s.data_dir).unwrap();
    let path = s.data_dir.join("holidays.toml");
    std::fs::write(&path, file).unwrap();
    s.notices.holiday_file = Some(path);
}

db_tests! {
    settings = with_holidays;

    async fn a_working_day_deadline_skips_the_holidays_of_the_countys_calendar(app) {
        let (places, tokens) = world(&app).await;
        let id = draft(&app, "inspector", &places, "rectification").await;
        let served = serde_json::json!({"service": {"method": "in_person", "receiver": "王建国"}});
        let issued = app.post(&format!("/v1/notices/{id}/actions/issue"), tokens.get("inspector"), &served).await;
        let off: BTreeSet<NaiveDate> = holidays().into_iter().collect();
        let mut day = today();
        let mut left = 3;
        while left > 0 {
            day = day.succ_opt().unwrap();
            if !off.contains(&day) && !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                left -= 1;
            }
        }
        assert_eq!(issued.expect(200)["deadline"], serde_json::json!(day), "three working days after the holidays");
    }
}
