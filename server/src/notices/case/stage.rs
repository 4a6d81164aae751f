//! The stages of a penalty case (行政处罚案件) and the one table of its
//! steps: 立案 (the filed notice, approved) → 调查终结 → 事先告知 → 处罚决定
//! → 送达 → 执行 → 结案. Filing decides nothing; the decision comes only
//! after the party was told of the proposed penalty and of its rights.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Filed (立案): its approval opened the case.
    Filed,
    /// Investigated by two officers (调查终结).
    Investigated,
    /// The party was told of the proposed penalty and its rights (事先告知).
    Notified,
    /// The penalty was decided (处罚决定), by a supervisor.
    Decided,
    /// The decision was served on the party (送达).
    Served,
    /// The penalty was paid (执行).
    Executed,
    /// Closed (结案), by a supervisor.
    Closed,
    /// Ended before closing because the filed notice was revoked (撤销立案).
    Revoked,
}

/// A step of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Finish the investigation: the facts, and the two officers with their 执法证号.
    Investigate,
    /// Tell the party of the proposed penalty, and of its rights to state its case and to a hearing.
    Notify,
    /// Decide the penalty, once the party's time to answer has passed (or it waived it).
    Decide,
    /// Record the service of the decision.
    Serve,
    /// Record the payment.
    Execute,
    /// Close the case.
    Close,
}

impl Stage {
    /// Every stage.
    pub const ALL: [Stage; 8] = [
        Stage::Filed,
        Stage::Investigated,
        Stage::Notified,
        Stage::Decided,
        Stage::Served,
        Stage::Executed,
        Stage::Closed,
        Stage::Revoked,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Filed => "filed",
            Stage::Investigated => "investigated",
            Stage::Notified => "notified",
            Stage::Decided => "decided",
            Stage::Served => "served",
            Stage::Executed => "executed",
            Stage::Closed => "closed",
            Stage::Revoked => "revoked",
        }
    }

    /// The stage of a stored name.
    pub fn parse(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Its name in the bureau's words.
    pub fn zh(self) -> &'static str {
        match self {
            Stage::Filed => "已立案",
            Stage::Investigated => "调查终结",
            Stage::Notified => "已事先告知",
            Stage::Decided => "已作出处罚决定",
            Stage::Served => "决定书已送达",
            Stage::Executed => "已执行",
            Stage::Closed => "已结案",
            Stage::Revoked => "已撤销立案",
        }
    }

    /// Its English name.
    pub fn en(self) -> &'static str {
        match self {
            Stage::Filed => "Filed",
            Stage::Investigated => "Investigated",
            Stage::Notified => "Party notified",
            Stage::Decided => "Decided",
            Stage::Served => "Decision served",
            Stage::Executed => "Paid",
            Stage::Closed => "Closed",
            Stage::Revoked => "Revoked",
        }
    }
}

impl Step {
    /// Every step.
    pub const ALL: [Step; 6] = [Step::Investigate, Step::Notify, Step::Decide, Step::Serve, Step::Execute, Step::Close];

    /// The wire name (`/v1/cases/{id}/<name>`, `case.step` `step`).
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Investigate => "investigate",
            Step::Notify => "notify",
            Step::Decide => "decide",
            Step::Serve => "serve",
            Step::Execute => "execute",
            Step::Close => "close",
        }
    }

    /// The step of a wire name.
    pub fn parse(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The stage it starts from and the one it leads to.
    pub fn from_to(self) -> (Stage, Stage) {
        match self {
            Step::Investigate => (Stage::Filed, Stage::Investigated),
            Step::Notify => (Stage::Investigated, Stage::Notified),
            Step::Decide => (Stage::Notified, Stage::Decided),
            Step::Serve => (Stage::Decided, Stage::Served),
            Step::Execute => (Stage::Served, Stage::Executed),
            Step::Close => (Stage::Executed, Stage::Closed),
        }
    }

    /// Whether the step is a supervisor's (负责人): the decision and the closing.
    pub fn is_supervisors(self) -> bool {
        matches!(self, Step::Decide | Step::Close)
    }
}

crate::stored_enum!(Stage);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_walk_the_stages_in_order_once_each() {
        let mut at = Stage::Filed;
        for step in Step::ALL {
            let (from, to) = step.from_to();
            assert_eq!(from, at, "{step:?}");
            assert!(to > from);
            at = to;
        }
        assert_eq!(at, Stage::Closed);
        assert!(Step::ALL.iter().all(|s| s.from_to().0 != Stage::Revoked), "a revoked case takes no step");
        for step in Step::ALL {
            assert_eq!(Step::parse(step.as_str()), Some(step));
        }
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
        }
    }
}
