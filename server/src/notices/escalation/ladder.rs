//! The escalation ladder a county sets for an overdue notice: first the
//! 督办单 (after `notices.escalation_grace_days`), then, while the notice
//! stays unrectified, the further steps in the county's order, each some
//! days after the deadline (by default 通报批评 at 10, 约谈 at 20 and
//! 记入不良行为记录 at 30 days).
//!
//! ```toml
//! [[notices.escalation_ladder]]
//! step = "public_criticism"
//! after_days = 10
//! ```

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A step of escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The 督办单: a numbered order to the township or the company to
    /// rectify within days, naming the steps that follow.
    Supervision,
    /// Public criticism in the bureau's bulletin (通报批评).
    PublicCriticism,
    /// The responsible person is summoned to the bureau (约谈).
    Interview,
    /// Recorded as bad conduct in the construction market's credit record (不良行为记录).
    BadRecord,
}

impl Step {
    /// Every step.
    pub const ALL: [Step; 4] = [Step::Supervision, Step::PublicCriticism, Step::Interview, Step::BadRecord];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Supervision => "supervision",
            Step::PublicCriticism => "public_criticism",
            Step::Interview => "interview",
            Step::BadRecord => "bad_record",
        }
    }

    /// The step of a stored name.
    pub fn parse(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Its name on the document.
    pub fn zh(self) -> &'static str {
        match self {
            Step::Supervision => "督办",
            Step::PublicCriticism => "通报批评",
            Step::Interview => "约谈",
            Step::BadRecord => "记入不良行为记录",
        }
    }

    /// Its English name.
    pub fn en(self) -> &'static str {
        match self {
            Step::Supervision => "Supervision order",
            Step::PublicCriticism => "Public criticism",
            Step::Interview => "Interview",
            Step::BadRecord => "Bad-conduct record",
        }
    }

    /// The title of its document.
    pub fn title(self) -> &'static str {
        match self {
            Step::Supervision => "督办单",
            Step::PublicCriticism => "通报批评决定",
            Step::Interview => "约谈通知书",
            Step::BadRecord => "不良行为记录告知书",
        }
    }
}

crate::stored_enum!(Step);

/// A step after the 督办单, and when it comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rung {
    /// The step.
    pub step: Step,
    /// Days after the deadline, the notice still open.
    pub after_days: u32,
}

/// The default steps after the 督办单.
pub fn default_rungs() -> Vec<Rung> {
    vec![
        Rung { step: Step::PublicCriticism, after_days: 10 },
        Rung { step: Step::Interview, after_days: 20 },
        Rung { step: Step::BadRecord, after_days: 30 },
    ]
}

/// The whole ladder, checked: the 督办单 first, then the county's steps,
/// each later than the one before, none twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ladder(Vec<Rung>);

impl Ladder {
    /// The ladder of the settings, or why it is not one.
    pub fn new(grace_days: u32, rungs: &[Rung]) -> anyhow::Result<Ladder> {
        let mut all = vec![Rung { step: Step::Supervision, after_days: grace_days }];
        for rung in rungs {
            let last = all[all.len() - 1];
            if all.iter().any(|r| r.step == rung.step) {
                anyhow::bail!(
                    "notices.escalation_ladder: {} comes twice (the 督办单 is always first)",
                    rung.step.as_str()
                );
            }
            if rung.after_days <= last.after_days {
                anyhow::bail!(
                    "notices.escalation_ladder: {} at {} days must come after {} at {} days",
                    rung.step.as_str(),
                    rung.after_days,
                    last.step.as_str(),
                    last.after_days
                );
            }
            all.push(*rung);
        }
        Ok(Ladder(all))
    }

    /// The rungs, the 督办单 first; a notice's escalation level is how many it has climbed.
    pub fn rungs(&self) -> &[Rung] {
        &self.0
    }

    /// The steps after `step`, which its document announces.
    pub fn after(&self, step: Step) -> Vec<Step> {
        self.0.iter().map(|r| r.step).skip_while(|s| *s != step).skip(1).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_climbs_in_the_countys_order_and_refuses_a_muddle() {
        let ladder = Ladder::new(3, &default_rungs()).unwrap();
        let steps: Vec<Step> = ladder.rungs().iter().map(|r| r.step).collect();
        assert_eq!(steps, Step::ALL);
        assert_eq!(ladder.after(Step::PublicCriticism), [Step::Interview, Step::BadRecord]);
        let early = [Rung { step: Step::Interview, after_days: 3 }];
        assert!(Ladder::new(3, &early).unwrap_err().to_string().contains("must come after"));
        let twice = [Rung { step: Step::Interview, after_days: 5 }, Rung { step: Step::Interview, after_days: 9 }];
        assert!(Ladder::new(3, &twice).unwrap_err().to_string().contains("twice"));
        let again = [Rung { step: Step::Supervision, after_days: 9 }];
        assert!(Ladder::new(3, &again).is_err());
        // A county that interviews before it criticises.
        let other =
            [Rung { step: Step::Interview, after_days: 7 }, Rung { step: Step::PublicCriticism, after_days: 14 }];
        assert_eq!(Ladder::new(3, &other).unwrap().after(Step::Supervision), [Step::Interview, Step::PublicCriticism]);
    }
}
