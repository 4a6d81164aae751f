//! A plan's rounds: from its first day, consecutive windows of `every_days`
//! days. A round is done when an inspection of the plan's kind at its place
//! started within it; a past round that is not done was missed.

use chrono::{Days, NaiveDate};

/// One round of a plan: `[start, end)` in bureau days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    /// First day.
    pub start: NaiveDate,
    /// The day after the last.
    pub end: NaiveDate,
}

impl Round {
    /// The last day (the round's due date).
    pub fn due(&self) -> NaiveDate {
        self.end.pred_opt().unwrap_or(self.end)
    }
}

/// The round containing `day`, if the plan has started by then.
pub fn round_of(starts_on: NaiveDate, every_days: u32, day: NaiveDate) -> Option<Round> {
    let every = i64::from(every_days.max(1));
    let since = (day - starts_on).num_days();
    if since < 0 {
        return None;
    }
    let start = starts_on + Days::new(((since / every) * every) as u64);
    Some(Round { start, end: start + Days::new(every as u64) })
}

/// Every round that ended within `[from, to)` (whole rounds only).
pub fn rounds_ended(starts_on: NaiveDate, every_days: u32, from: NaiveDate, to: NaiveDate) -> Vec<Round> {
    let mut rounds = Vec::new();
    let Some(mut round) = round_of(starts_on, every_days, from.max(starts_on)) else { return rounds };
    while round.end <= to {
        if round.end > from {
            rounds.push(round);
        }
        round = Round { start: round.end, end: round.end + Days::new(u64::from(every_days.max(1))) };
    }
    rounds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn rounds_follow_the_first_day() {
        assert_eq!(round_of(day(2), 7, day(1)), None);
        assert_eq!(round_of(day(2), 7, day(2)), Some(Round { start: day(2), end: day(9) }));
        assert_eq!(round_of(day(2), 7, day(15)), Some(Round { start: day(9), end: day(16) }));
        assert_eq!(round_of(day(2), 1, day(5)).unwrap().due(), day(5));
    }

    #[test]
    fn only_rounds_ended_in_the_range_are_counted() {
        let ended = rounds_ended(day(2), 7, day(1), day(20));
        assert_eq!(ended, [Round { start: day(2), end: day(9) }, Round { start: day(9), end: day(16) }]);
        assert_eq!(rounds_ended(day(2), 3, day(10), day(12)), [Round { start: day(8), end: day(11) }]);
        assert!(rounds_ended(day(2), 7, day(1), day(8)).is_empty());
    }
}
