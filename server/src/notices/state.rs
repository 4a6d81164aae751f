//! The states of a notice and of its supervisor review.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a notice is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Written, not yet sent.
    Draft,
    /// A strong measure waiting for a supervisor's approval.
    PendingApproval,
    /// Issued to the addressee, with its official number.
    Issued,
    /// The addressee confirmed receipt.
    Acknowledged,
    /// The addressee answered with a rectification report.
    Responded,
    /// The re-inspection found the answer wanting; back to the addressee.
    Rejected,
    /// Re-inspected and closed.
    Verified,
    /// Withdrawn by a supervisor.
    Revoked,
}

impl State {
    /// Every state.
    pub const ALL: [State; 8] = [
        State::Draft,
        State::PendingApproval,
        State::Issued,
        State::Acknowledged,
        State::Responded,
        State::Rejected,
        State::Verified,
        State::Revoked,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::PendingApproval => "pending_approval",
            State::Issued => "issued",
            State::Acknowledged => "acknowledged",
            State::Responded => "responded",
            State::Rejected => "rejected",
            State::Verified => "verified",
            State::Revoked => "revoked",
        }
    }

    /// The state of a stored name.
    pub fn parse(name: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Out with the addressee and not yet closed: these can become overdue.
    pub fn is_outstanding(self) -> bool {
        matches!(self, State::Issued | State::Acknowledged | State::Responded | State::Rejected)
    }

    /// Whether the notice waits for the addressee (to acknowledge, or to
    /// answer, again after a rejection); answered, it waits for the bureau.
    pub fn awaits_addressee(self) -> bool {
        matches!(self, State::Issued | State::Acknowledged | State::Rejected)
    }

    /// The names of the states that wait for the addressee (for queries).
    pub fn awaiting_addressee_names() -> Vec<&'static str> {
        State::ALL.into_iter().filter(|s| s.awaits_addressee()).map(State::as_str).collect()
    }

    /// The outstanding states' names (for queries).
    pub fn outstanding_names() -> Vec<&'static str> {
        State::ALL.into_iter().filter(|s| s.is_outstanding()).map(State::as_str).collect()
    }
}

/// Where a notice is in the supervisor's after-the-fact review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    /// Not issued yet, or approved before issue (strong measures): nothing to review.
    None,
    /// Issued on the spot; waiting in the supervisor's queue.
    Pending,
    /// The supervisor agreed.
    Approved,
    /// The supervisor sent it back to the inspector with a comment.
    Returned,
}

impl Review {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Review::None => "none",
            Review::Pending => "pending",
            Review::Approved => "approved",
            Review::Returned => "returned",
        }
    }

    /// The review of a stored name.
    pub fn parse(name: &str) -> Option<Review> {
        [Review::None, Review::Pending, Review::Approved, Review::Returned].into_iter().find(|r| r.as_str() == name)
    }
}

crate::stored_enum!(State);
crate::stored_enum!(Review);
