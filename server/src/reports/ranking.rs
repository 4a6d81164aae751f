//! The townships' ranking: a composite score with weights the county sets,
//! so that no single figure decides it (a township issuing one notice and
//! closing it must not beat one that inspected everywhere and closed most
//! of what it found), the last places flagged (末位), and each score
//! explained by its parts.
//!
//! Each part is a figure brought to 0..1: counts (inspections, notices
//! issued) against the township with the most; rates as they are (none,
//! when there was nothing to rate, counts 0); overdue notices as one less
//! their share of the most any township has. The score is the weighted
//! mean of the parts, times 100.
//!
//! ```toml
//! [ranking]
//! inspections = 0.3
//! notices_issued = 0.1
//! rectification_rate = 0.3
//! on_time_rate = 0.15
//! overdue = 0.15
//! last_places = 1
//! ```

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{figures::Figures, report::TownshipLine};

/// The county's weights of the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RankingSettings {
    /// Inspections finished.
    pub inspections: f64,
    /// Notices issued: problems found and acted on.
    pub notices_issued: f64,
    /// Notices issued in the period and verified by now.
    pub rectification_rate: f64,
    /// Rectified notices answered by their deadline.
    pub on_time_rate: f64,
    /// Fewer notices overdue.
    pub overdue: f64,
    /// How many of the last places are flagged (末位).
    pub last_places: usize,
}

impl Default for RankingSettings {
    fn default() -> Self {
        RankingSettings {
            inspections: 0.3,
            notices_issued: 0.1,
            rectification_rate: 0.3,
            on_time_rate: 0.15,
            overdue: 0.15,
            last_places: 1,
        }
    }
}

impl RankingSettings {
    /// Why the weights are not usable, if they are not.
    pub fn check(&self) -> anyhow::Result<()> {
        let weights = self.weights();
        if weights.iter().any(|(_, w)| !w.is_finite() || *w < 0.0) {
            anyhow::bail!("ranking: every weight must be a number of 0 or more");
        }
        if weights.iter().map(|(_, w)| w).sum::<f64>() <= 0.0 {
            anyhow::bail!("ranking: at least one weight must be above 0");
        }
        Ok(())
    }

    fn weights(&self) -> [(&'static str, f64); 5] {
        [
            ("inspections", self.inspections),
            ("notices_issued", self.notices_issued),
            ("rectification_rate", self.rectification_rate),
            ("on_time_rate", self.on_time_rate),
            ("overdue", self.overdue),
        ]
    }
}

/// One part of a township's score.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ScorePart {
    /// The figure: `inspections`, `notices_issued`, `rectification_rate`, `on_time_rate` or `overdue`.
    pub part: &'static str,
    /// The township's figure.
    pub value: f64,
    /// Brought to 0..1.
    pub normalized: f64,
    /// The county's weight.
    pub weight: f64,
    /// Points it adds to the score (out of 100 in all).
    pub points: f64,
}

fn on_time_rate(f: &Figures) -> Option<f64> {
    (f.rectified > 0).then(|| f.rectified_on_time as f64 / f.rectified as f64)
}

/// Scores, ranks (best first) and flags the last places of `townships`.
pub fn rank(townships: &mut [TownshipLine], settings: &RankingSettings) {
    let most = |f: fn(&Figures) -> i64| townships.iter().map(|t| f(&t.total)).max().unwrap_or(0);
    let (inspections, issued, overdue) = (most(|f| f.inspections), most(Figures::issued), most(|f| f.overdue));
    let share = |n: i64, of: i64| if of > 0 { n as f64 / of as f64 } else { 0.0 };
    let total: f64 = settings.weights().iter().map(|(_, w)| w).sum();
    for line in townships.iter_mut() {
        let f = &line.total;
        let values = [
            (f.inspections as f64, share(f.inspections, inspections)),
            (f.issued() as f64, share(f.issued(), issued)),
            (f.rectification_rate.unwrap_or(0.0), f.rectification_rate.unwrap_or(0.0)),
            (on_time_rate(f).unwrap_or(0.0), on_time_rate(f).unwrap_or(0.0)),
            (f.overdue as f64, 1.0 - share(f.overdue, overdue)),
        ];
        line.score_parts = settings
            .weights()
            .into_iter()
            .zip(values)
            .map(|((part, weight), (value, normalized))| ScorePart {
                part,
                value,
                normalized: round(normalized),
                weight,
                points: round(100.0 * weight * normalized / total),
            })
            .collect();
        line.score = round(line.score_parts.iter().map(|p| p.points).sum());
    }
    townships.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.name.cmp(&b.name)));
    let n = townships.len();
    for (i, line) in townships.iter_mut().enumerate() {
        line.rank = i + 1;
        line.last_place = n > settings.last_places && i >= n - settings.last_places;
    }
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn line(name: &str, inspections: i64, issued: i64, fixed: i64, on_time: i64, overdue: i64) -> TownshipLine {
        let mut total = Figures {
            inspections,
            issued_and_rectified: fixed,
            rectified: fixed,
            rectified_on_time: on_time,
            overdue,
            notices_issued: BTreeMap::from([("rectification".to_owned(), issued)]),
            ..Figures::default()
        };
        total = total.with_rates();
        TownshipLine {
            region_id: uuid::Uuid::nil(),
            name: name.into(),
            rank: 0,
            total,
            by_kind: BTreeMap::new(),
            rectification_above_average: false,
            inspections_above_average: false,
            score: 0.0,
            score_parts: Vec::new(),
            last_place: false,
        }
    }

    #[test]
    fn issuing_little_is_not_rewarded_and_the_last_place_is_flagged() {
        // A township that inspected once, issued one notice and closed it
        // (100%) against one that inspected everywhere and closed 8 of 10.
        let mut lines = vec![line("Idle", 1, 1, 1, 1, 0), line("Busy", 20, 10, 8, 7, 1), line("Late", 10, 5, 2, 1, 3)];
        rank(&mut lines, &RankingSettings::default());
        let names: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names[0], "Busy", "{:?}", lines.iter().map(|l| (&l.name, l.score)).collect::<Vec<_>>());
        let flagged: Vec<&str> = lines.iter().filter(|l| l.last_place).map(|l| l.name.as_str()).collect();
        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0], names[2]);
        for l in &lines {
            let sum: f64 = l.score_parts.iter().map(|p| p.points).sum();
            assert!((sum - l.score).abs() < 0.02, "{}: parts {sum} vs score {}", l.name, l.score);
            assert!((0.0..=100.0).contains(&l.score));
        }
        // A county that weighs the rectification rate alone ranks Idle first.
        let only_rate = RankingSettings {
            inspections: 0.0,
            notices_issued: 0.0,
            on_time_rate: 0.0,
            overdue: 0.0,
            ..RankingSettings::default()
        };
        rank(&mut lines, &only_rate);
        assert_eq!(lines[0].name, "Idle");
        assert_eq!(lines[0].score, 100.0);
    }

    #[test]
    fn weights_must_be_usable() {
        assert!(RankingSettings::default().check().is_ok());
        assert!(RankingSettings { inspections: -1.0, ..RankingSettings::default() }.check().is_err());
        let none = RankingSettings {
            inspections: 0.0,
            notices_issued: 0.0,
            rectification_rate: 0.0,
            on_time_rate: 0.0,
            overdue: 0.0,
            last_places: 1,
        };
        assert!(none.check().is_err());
    }
}
