//! Times from devices are claims, not facts. A phone records when an
//! inspection finished or a notice was served, offline, by its own clock;
//! the server takes such a time only within bounds:
//!
//! - not later than the server's receipt plus a small clock skew
//!   (`sync.device_clock_skew_secs`, 5 minutes by default);
//! - not older than `sync.device_time_window_days` (30 by default) before
//!   the receipt;
//! - not in a month whose reports are final: a month stays open until day
//!   `sync.month_open_days` (5 by default) of the next month, in the
//!   bureau's time zone, so back-dating never rewrites a month already
//!   reported.
//!
//! A time out of bounds fails its field (the mutation is rejected, nothing
//! is stored); no time given means the receipt time.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::{
    config::SyncSettings,
    error::{ApiError, ApiResult, Reason},
    notices::Calendar,
};

/// The bounds of device times.
#[derive(Debug, Clone, Copy)]
pub struct DeviceClock {
    calendar: Calendar,
    skew: Duration,
    window: Duration,
    month_open_days: u32,
}

impl DeviceClock {
    /// The bounds configured in `settings`, months counted by `calendar`.
    pub fn new(settings: &SyncSettings, calendar: Calendar) -> DeviceClock {
        DeviceClock {
            calendar,
            skew: Duration::seconds(settings.device_clock_skew_secs as i64),
            window: Duration::days(settings.device_time_window_days as i64),
            month_open_days: settings.month_open_days,
        }
    }

    /// The bureau's calendar the months are counted by.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The time to store for `field`: the claim if within bounds at
    /// `received`, the receipt time if none was claimed; else the field fails.
    pub fn accept(
        &self,
        field: &str,
        claim: Option<DateTime<Utc>>,
        received: DateTime<Utc>,
    ) -> ApiResult<DateTime<Utc>> {
        let Some(claim) = claim else { return Ok(received) };
        let claim = self.bound(claim, received).map_err(|reason| ApiError::field(field, reason))?;
        if claim < self.open_since(received) {
            return Err(ApiError::field(
                field,
                Reason::Rule {
                    code: "period_closed",
                    en: "This time falls in a month whose reports are final.".into(),
                    zh: "该时间所在月份的报表已结账。".into(),
                },
            ));
        }
        Ok(claim)
    }

    /// A claimed time that informs and is counted in no report (when a
    /// photo was taken): held to the clock skew and the window only.
    pub fn bound(&self, claim: DateTime<Utc>, received: DateTime<Utc>) -> Result<DateTime<Utc>, Reason> {
        let reason = if claim > received + self.skew {
            Reason::Rule {
                code: "in_future",
                en: "This time is later than the server's clock: check the device's date and time.".into(),
                zh: "该时间晚于服务器时间，请检查设备的日期和时间。".into(),
            }
        } else if claim < received - self.window {
            let days = self.window.num_days();
            Reason::Rule {
                code: "too_old",
                en: format!("This time is more than {days} days ago."),
                zh: format!("该时间早于 {days} 天前。"),
            }
        } else {
            return Ok(claim);
        };
        Err(reason)
    }

    /// The start of the earliest month still open at `now`.
    pub fn open_since(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let today = self.calendar.today(now);
        let this_month = first_of_month(today);
        let open = if today.day() <= self.month_open_days {
            first_of_month(this_month.pred_opt().unwrap_or(this_month))
        } else {
            this_month
        };
        self.calendar.midnight(open)
    }
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn clock() -> DeviceClock {
        let calendar =
            Calendar { tz: chrono_tz::Asia::Shanghai, weekends_count: true, holidays: &crate::notices::holidays::NONE };
        DeviceClock::new(&SyncSettings::default(), calendar)
    }

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn code(result: ApiResult<DateTime<Utc>>) -> String {
        match result {
            Ok(t) => t.to_rfc3339(),
            Err(e) => e.body(crate::i18n::Lang::En, None)["error"]["details"]["fields"][0]["code"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        }
    }

    #[test]
    fn a_claim_within_bounds_is_kept_and_none_means_the_receipt() {
        let received = at(2026, 12, 10, 4);
        assert_eq!(clock().accept("t", Some(at(2026, 12, 8, 2)), received).ok(), Some(at(2026, 12, 8, 2)));
        assert_eq!(clock().accept("t", None, received).ok(), Some(received));
    }

    #[test]
    fn a_claim_ahead_of_the_server_or_too_old_fails() {
        let received = at(2026, 12, 10, 4);
        assert_eq!(code(clock().accept("t", Some(at(2027, 1, 15, 0)), received)), "in_future");
        let skewed = received + Duration::minutes(4);
        assert_eq!(clock().accept("t", Some(skewed), received).ok(), Some(skewed), "within the skew");
        assert_eq!(code(clock().accept("t", Some(at(2026, 10, 1, 0)), received)), "too_old");
    }

    #[test]
    fn a_month_stays_open_until_the_fifth_of_the_next_in_the_bureau() {
        // 5 December, 23:00 in Beijing: November is still open.
        assert_eq!(
            code(clock().accept("t", Some(at(2026, 11, 20, 0)), at(2026, 12, 5, 15))),
            "2026-11-20T00:00:00+00:00"
        );
        // 6 December, 00:30 in Beijing (16:30 UTC on the 5th): November is final.
        assert_eq!(code(clock().accept("t", Some(at(2026, 11, 30, 10)), at(2026, 12, 5, 16))), "period_closed");
        assert_eq!(clock().open_since(at(2026, 12, 5, 17)), at(2026, 11, 30, 16), "1 December, midnight in Beijing");
    }

    #[test]
    fn a_bound_claim_may_lie_in_a_closed_month_but_not_outside_the_window() {
        let received = at(2026, 12, 10, 4);
        let november = at(2026, 11, 20, 0);
        assert_eq!(code(clock().accept("t", Some(november), received)), "period_closed");
        assert_eq!(clock().bound(november, received).ok(), Some(november));
        let code = |claim| match clock().bound(claim, received) {
            Err(Reason::Rule { code, .. }) => code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code(at(2027, 1, 15, 0)), "in_future");
        assert_eq!(code(at(2026, 10, 1, 0)), "too_old");
    }
}
