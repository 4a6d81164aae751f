//! The notice lifecycle: the one transition table. Sync mutations and REST
//! actions both ask it; nothing else decides whether a transition is legal.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    kind::NoticeKind,
    state::{Review, State},
};

/// Something a user does to a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Send a draft: issued at once, or to approval for strong measures.
    Issue,
    /// Record how an issued notice reached its addressee (送达回证); its
    /// deadline counts from then.
    Serve,
    /// A supervisor approves a strong measure: it is issued.
    Approve,
    /// A supervisor declines a strong measure: back to draft with a comment.
    Decline,
    /// The addressee confirms receipt.
    Acknowledge,
    /// The addressee answers with text and photos.
    Respond,
    /// The re-inspection accepts the answer: closed.
    Verify,
    /// The re-inspection refuses the answer: back to the addressee with a reason.
    Reject,
    /// A supervisor withdraws the notice.
    Revoke,
    /// A supervisor agrees with a notice issued on the spot.
    ReviewApprove,
    /// A supervisor returns a notice issued on the spot to the inspector with a comment.
    ReviewReturn,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 11] = [
        Action::Issue,
        Action::Serve,
        Action::Approve,
        Action::Decline,
        Action::Acknowledge,
        Action::Respond,
        Action::Verify,
        Action::Reject,
        Action::Revoke,
        Action::ReviewApprove,
        Action::ReviewReturn,
    ];

    /// Every wire name (for validation messages).
    pub const NAMES: &'static [&'static str] = &[
        "issue",
        "serve",
        "approve",
        "decline",
        "acknowledge",
        "respond",
        "verify",
        "reject",
        "revoke",
        "review_approve",
        "review_return",
    ];

    /// The wire name (`notice.<name>` as a mutation, `/actions/<name>` in REST).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Issue => "issue",
            Action::Serve => "serve",
            Action::Approve => "approve",
            Action::Decline => "decline",
            Action::Acknowledge => "acknowledge",
            Action::Respond => "respond",
            Action::Verify => "verify",
            Action::Reject => "reject",
            Action::Revoke => "revoke",
            Action::ReviewApprove => "review_approve",
            Action::ReviewReturn => "review_return",
        }
    }

    /// The action of a wire name.
    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// Whether the action must carry a comment (a reason the other side reads).
    pub fn needs_comment(self) -> bool {
        matches!(self, Action::Decline | Action::Reject | Action::Revoke | Action::ReviewReturn)
    }
}

/// Who the user is to a notice. One user may be several (a township
/// inspector is both bureau staff and the addressee of a household's notice).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parties {
    /// Bureau staff over the notice's region (inspectors, supervisors, admins).
    pub bureau: bool,
    /// A supervisor over the region, or an admin.
    pub supervisor: bool,
    /// The addressee: the contractor company's users, or for a notice with no
    /// company (a household's) the bureau staff of the township.
    pub addressee: bool,
}

/// Which party an action needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// Bureau staff.
    Bureau,
    /// A supervisor.
    Supervisor,
    /// The addressee.
    Addressee,
}

impl Parties {
    fn are(self, party: Party) -> bool {
        match party {
            Party::Bureau => self.bureau,
            Party::Supervisor => self.supervisor,
            Party::Addressee => self.addressee,
        }
    }
}

/// Who may do an action, and from which states.
pub fn rule(action: Action) -> (Party, &'static [State]) {
    use State::*;
    const OPEN: &[State] = &[Draft, PendingApproval, Issued, Acknowledged, Responded, Rejected];
    const REVIEWABLE: &[State] = &[Issued, Acknowledged, Responded, Rejected, Verified];
    match action {
        Action::Issue => (Party::Bureau, &[Draft]),
        Action::Serve => (Party::Bureau, &[Issued]),
        Action::Approve | Action::Decline => (Party::Supervisor, &[PendingApproval]),
        Action::Acknowledge => (Party::Addressee, &[Issued]),
        Action::Respond => (Party::Addressee, &[Acknowledged, Rejected]),
        Action::Verify | Action::Reject => (Party::Bureau, &[Responded]),
        Action::Revoke => (Party::Supervisor, OPEN),
        Action::ReviewApprove | Action::ReviewReturn => (Party::Supervisor, REVIEWABLE),
    }
}

/// Why a transition is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The user is not the party the action needs.
    NotYours,
    /// The notice is not in a state the action starts from.
    WrongState(State),
    /// The review is not waiting (already reviewed, or nothing to review).
    NotUnderReview(Review),
    /// The notice was served already: a service is recorded once.
    AlreadyServed,
}

/// Where a notice stands: what the table decides from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Its state.
    pub state: State,
    /// Its review.
    pub review: Review,
    /// Whether its service is recorded.
    pub served: bool,
}

/// What a legal transition leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The notice's new state.
    pub state: State,
    /// The review's new state.
    pub review: Review,
    /// Whether this transition issues the notice (assigns its number).
    pub issues: bool,
    /// Whether this transition serves the notice (starts its deadline):
    /// recording the service, or the addressee acknowledging in the app an
    /// order not served otherwise (electronic service).
    pub serves: bool,
}

/// Decides a transition: the new state, or why not.
pub fn decide(kind: NoticeKind, standing: Standing, action: Action, who: Parties) -> Result<Outcome, Refusal> {
    let Standing { state, review, served } = standing;
    let (party, from) = rule(action);
    if !who.are(party) {
        return Err(Refusal::NotYours);
    }
    if !from.contains(&state) {
        return Err(Refusal::WrongState(state));
    }
    let stay = |state| Outcome { state, review, issues: false, serves: false };
    let outcome = match action {
        Action::Issue if kind.needs_approval() => stay(State::PendingApproval),
        Action::Issue => Outcome { state: State::Issued, review: Review::Pending, issues: true, serves: false },
        Action::Approve => Outcome { state: State::Issued, review: Review::Approved, issues: true, serves: false },
        Action::Serve if served => return Err(Refusal::AlreadyServed),
        Action::Serve => Outcome { serves: true, ..stay(state) },
        Action::Decline => stay(State::Draft),
        Action::Acknowledge => Outcome { serves: !served, ..stay(State::Acknowledged) },
        Action::Respond => stay(State::Responded),
        Action::Verify => stay(State::Verified),
        Action::Reject => stay(State::Rejected),
        Action::Revoke => stay(State::Revoked),
        Action::ReviewApprove | Action::ReviewReturn => {
            if review != Review::Pending {
                return Err(Refusal::NotUnderReview(review));
            }
            let review = if action == Action::ReviewApprove { Review::Approved } else { Review::Returned };
            Outcome { state, review, issues: false, serves: false }
        }
    };
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUREAU: Parties = Parties { bureau: true, supervisor: false, addressee: false };
    const SUPERVISOR: Parties = Parties { bureau: true, supervisor: true, addressee: false };
    const CONTRACTOR: Parties = Parties { bureau: false, supervisor: false, addressee: true };

    /// The legal transitions, written out independently of [`rule`]:
    /// (action, from, who, to).
    fn legal() -> Vec<(Action, State, Parties, State)> {
        use Action::*;
        use State::*;
        let mut rows = vec![
            (Issue, Draft, BUREAU, Issued),
            (Issue, Draft, SUPERVISOR, Issued),
            (Serve, Issued, BUREAU, Issued),
            (Serve, Issued, SUPERVISOR, Issued),
            (Approve, PendingApproval, SUPERVISOR, Issued),
            (Decline, PendingApproval, SUPERVISOR, Draft),
            (Acknowledge, Issued, CONTRACTOR, Acknowledged),
            (Respond, Acknowledged, CONTRACTOR, Responded),
            (Respond, Rejected, CONTRACTOR, Responded),
            (Verify, Responded, BUREAU, Verified),
            (Verify, Responded, SUPERVISOR, Verified),
            (Reject, Responded, BUREAU, Rejected),
            (Reject, Responded, SUPERVISOR, Rejected),
        ];
        for from in [Draft, PendingApproval, Issued, Acknowledged, Responded, Rejected] {
            rows.push((Revoke, from, SUPERVISOR, Revoked));
        }
        for from in [Issued, Acknowledged, Responded, Rejected, Verified] {
            rows.push((ReviewApprove, from, SUPERVISOR, from));
            rows.push((ReviewReturn, from, SUPERVISOR, from));
        }
        rows
    }

    #[test]
    fn every_state_action_and_party_follows_the_table() {
        let legal = legal();
        for action in Action::ALL {
            for state in State::ALL {
                for who in [BUREAU, SUPERVISOR, CONTRACTOR] {
                    let standing = Standing { state, review: Review::Pending, served: false };
                    let got = decide(NoticeKind::Rectification, standing, action, who);
                    match legal.iter().find(|(a, s, w, _)| *a == action && *s == state && *w == who) {
                        Some((.., to)) => assert_eq!(got.map(|o| o.state), Ok(*to), "{action:?} {state:?} {who:?}"),
                        None => assert!(got.is_err(), "{action:?} from {state:?} by {who:?} should be refused"),
                    }
                }
            }
        }
    }

    fn at(state: State, review: Review) -> Standing {
        Standing { state, review, served: false }
    }

    #[test]
    fn strong_measures_wait_for_approval_and_are_numbered_when_approved() {
        let issued = decide(NoticeKind::StopWork, at(State::Draft, Review::None), Action::Issue, BUREAU).unwrap();
        assert_eq!((issued.state, issued.issues), (State::PendingApproval, false));
        let approved =
            decide(NoticeKind::StopWork, at(State::PendingApproval, Review::None), Action::Approve, SUPERVISOR)
                .unwrap();
        assert_eq!((approved.state, approved.review, approved.issues), (State::Issued, Review::Approved, true));
        let plain = decide(NoticeKind::Rectification, at(State::Draft, Review::None), Action::Issue, BUREAU).unwrap();
        assert_eq!((plain.state, plain.review, plain.issues), (State::Issued, Review::Pending, true));
    }

    #[test]
    fn a_notice_is_served_once_and_an_acknowledgement_serves_one_not_served() {
        let issued = at(State::Issued, Review::Pending);
        let served = Standing { served: true, ..issued };
        assert!(decide(NoticeKind::Rectification, issued, Action::Serve, BUREAU).unwrap().serves);
        assert_eq!(decide(NoticeKind::Rectification, served, Action::Serve, BUREAU), Err(Refusal::AlreadyServed));
        assert_eq!(decide(NoticeKind::Rectification, issued, Action::Serve, CONTRACTOR), Err(Refusal::NotYours));
        assert!(decide(NoticeKind::Rectification, issued, Action::Acknowledge, CONTRACTOR).unwrap().serves);
        assert!(!decide(NoticeKind::Rectification, served, Action::Acknowledge, CONTRACTOR).unwrap().serves);
    }

    #[test]
    fn a_wrong_state_is_named_and_a_review_happens_once() {
        assert_eq!(
            decide(NoticeKind::Rectification, at(State::Verified, Review::Pending), Action::Acknowledge, CONTRACTOR),
            Err(Refusal::WrongState(State::Verified))
        );
        assert_eq!(
            decide(NoticeKind::Rectification, at(State::Issued, Review::Pending), Action::Verify, CONTRACTOR),
            Err(Refusal::NotYours)
        );
        assert_eq!(
            decide(NoticeKind::Rectification, at(State::Issued, Review::Approved), Action::ReviewReturn, SUPERVISOR),
            Err(Refusal::NotUnderReview(Review::Approved))
        );
    }

    #[test]
    fn names_round_trip() {
        for action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Some(action));
        }
        assert_eq!(Action::NAMES, Action::ALL.map(Action::as_str));
        assert_eq!(NoticeKind::NAMES, NoticeKind::ALL.map(NoticeKind::as_str));
        for state in State::ALL {
            assert_eq!(State::parse(state.as_str()), Some(state));
        }
        for kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(kind.as_str()), Some(kind));
        }
    }
}
