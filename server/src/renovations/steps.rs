//! The renovation process, in order: apply → verify → appraise → village
//! review → public notice (at least a week) → township check → county
//! approval → agreement → building (started, completed) → joint acceptance.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One step of the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The household applies.
    Apply,
    /// The category is verified.
    Verify,
    /// The house is appraised.
    Appraise,
    /// The village reviews it.
    VillageReview,
    /// The list is posted publicly (at least a week).
    PublicNotice,
    /// The township checks it.
    TownshipCheck,
    /// The county approves it.
    CountyApproval,
    /// The renovation agreement is signed.
    Agreement,
    /// Building starts.
    BuildStarted,
    /// Building is finished.
    BuildCompleted,
    /// The joint acceptance passes.
    JointAcceptance,
}

/// Days a public notice must stay up before the township check.
pub const PUBLIC_NOTICE_DAYS: i64 = 7;

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 11] = [
        Step::Apply,
        Step::Verify,
        Step::Appraise,
        Step::VillageReview,
        Step::PublicNotice,
        Step::TownshipCheck,
        Step::CountyApproval,
        Step::Agreement,
        Step::BuildStarted,
        Step::BuildCompleted,
        Step::JointAcceptance,
    ];

    /// Every stored name, in order.
    pub const NAMES: &'static [&'static str] = &[
        "apply",
        "verify",
        "appraise",
        "village_review",
        "public_notice",
        "township_check",
        "county_approval",
        "agreement",
        "build_started",
        "build_completed",
        "joint_acceptance",
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        Step::NAMES[self as usize]
    }

    /// The step of a stored name.
    pub fn parse(name: &str) -> Option<Step> {
        Step::NAMES.iter().position(|n| *n == name).map(|i| Step::ALL[i])
    }

    /// The step after this one.
    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self as usize + 1).copied()
    }

    /// Whether a subsidy may be paid while this is the file's last step:
    /// once building has started (an instalment during the works, the rest
    /// after completion and the joint acceptance). Before that the county
    /// has not approved the file nor the household signed the agreement.
    pub fn allows_payment(self) -> bool {
        self >= FIRST_PAYABLE
    }
}

/// The step from which subsidies are paid.
pub const FIRST_PAYABLE: Step = Step::BuildStarted;

/// The step at which the county approves the file and fixes its subsidy.
pub const SUBSIDY_APPROVAL: Step = Step::CountyApproval;

/// Why a step cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Steps go in order: this one is expected next (none: the file is complete).
    OutOfOrder(Option<Step>),
    /// A step cannot be dated before the one before it.
    BeforePrevious(NaiveDate),
    /// The public notice has not been up a week.
    NoticeTooShort(NaiveDate),
}

/// Checks that `step`, on `day`, may follow `last` (reached on `last_day`),
/// with the public notice posted on `notice_day`.
pub fn check(
    last: Step,
    last_day: NaiveDate,
    notice_day: Option<NaiveDate>,
    step: Step,
    day: NaiveDate,
) -> Result<(), Refusal> {
    if last.next() != Some(step) {
        return Err(Refusal::OutOfOrder(last.next()));
    }
    if day < last_day {
        return Err(Refusal::BeforePrevious(last_day));
    }
    if let (Step::TownshipCheck, Some(posted)) = (step, notice_day)
        && (day - posted).num_days() < PUBLIC_NOTICE_DAYS
    {
        return Err(Refusal::NoticeTooShort(posted));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn steps_go_in_order_forward_in_time() {
        assert_eq!(check(Step::Apply, day(1), None, Step::Verify, day(2)), Ok(()));
        assert_eq!(
            check(Step::Apply, day(1), None, Step::Appraise, day(2)),
            Err(Refusal::OutOfOrder(Some(Step::Verify)))
        );
        assert_eq!(check(Step::Apply, day(5), None, Step::Verify, day(2)), Err(Refusal::BeforePrevious(day(5))));
        assert_eq!(check(Step::JointAcceptance, day(1), None, Step::Apply, day(2)), Err(Refusal::OutOfOrder(None)));
    }

    #[test]
    fn the_public_notice_stays_up_a_week() {
        let posted = Some(day(1));
        assert_eq!(
            check(Step::PublicNotice, day(1), posted, Step::TownshipCheck, day(7)),
            Err(Refusal::NoticeTooShort(day(1)))
        );
        assert_eq!(check(Step::PublicNotice, day(1), posted, Step::TownshipCheck, day(8)), Ok(()));
    }

    #[test]
    fn subsidies_are_paid_only_once_building_started() {
        let payable: Vec<Step> = Step::ALL.into_iter().filter(|s| s.allows_payment()).collect();
        assert_eq!(payable, [Step::BuildStarted, Step::BuildCompleted, Step::JointAcceptance]);
    }

    #[test]
    fn names_round_trip() {
        for step in Step::ALL {
            assert_eq!(Step::parse(step.as_str()), Some(step));
        }
    }
}

crate::stored_enum!(Step);
