//! The kinds of event an endpoint can ask for.

/// A kind of event, by its wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    /// A draft notice was written.
    NoticeCreated,
    /// A notice was issued with its official number.
    NoticeIssued,
    /// Any other change of a notice: an edit of the draft or a lifecycle
    /// action (acknowledged, responded, verified, rejected, revoked, reviewed...).
    NoticeUpdated,
    /// A notice's deadline passed with the notice still open.
    NoticeOverdue,
    /// The formal reminder (督办) of an overdue notice was issued.
    NoticeReminded,
    /// An inspection was recorded.
    InspectionCreated,
    /// A draft inspection was edited.
    InspectionUpdated,
    /// An inspection was finished.
    InspectionFinished,
    /// A draft inspection was discarded.
    InspectionDeleted,
    /// A test event sent by an administrator.
    Ping,
}

/// Matches every event type in an endpoint's filter.
pub const ALL: &str = "*";

impl EventType {
    /// Every event type.
    pub const EVERY: &'static [EventType] = &[
        EventType::NoticeCreated,
        EventType::NoticeIssued,
        EventType::NoticeUpdated,
        EventType::NoticeOverdue,
        EventType::NoticeReminded,
        EventType::InspectionCreated,
        EventType::InspectionUpdated,
        EventType::InspectionFinished,
        EventType::InspectionDeleted,
        EventType::Ping,
    ];

    /// The names an endpoint's filter may hold: every event type but the
    /// ping (sent to one endpoint by hand), and `*`.
    pub const FILTER_NAMES: &'static [&'static str] = &[
        "notice.created",
        "notice.issued",
        "notice.updated",
        "notice.overdue",
        "notice.reminded",
        "inspection.created",
        "inspection.updated",
        "inspection.finished",
        "inspection.deleted",
        ALL,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::NoticeCreated => "notice.created",
            EventType::NoticeIssued => "notice.issued",
            EventType::NoticeUpdated => "notice.updated",
            EventType::NoticeOverdue => "notice.overdue",
            EventType::NoticeReminded => "notice.reminded",
            EventType::InspectionCreated => "inspection.created",
            EventType::InspectionUpdated => "inspection.updated",
            EventType::InspectionFinished => "inspection.finished",
            EventType::InspectionDeleted => "inspection.deleted",
            EventType::Ping => "webhook.ping",
        }
    }

    /// Whether an endpoint with this filter receives events of this type.
    /// A ping goes only to the endpoint it is sent to, never through a filter.
    pub fn matches(self, filter: &[String]) -> bool {
        self != EventType::Ping && filter.iter().any(|name| name == ALL || name == self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_a_filter_name_and_star_matches_all_but_pings() {
        for t in EventType::EVERY {
            assert_eq!(EventType::FILTER_NAMES.contains(&t.as_str()), *t != EventType::Ping);
            assert_eq!(t.matches(&[ALL.to_owned()]), *t != EventType::Ping);
        }
        assert!(!EventType::Ping.matches(&["webhook.ping".to_owned()]));
        assert!(EventType::NoticeIssued.matches(&["notice.issued".to_owned()]));
        assert!(!EventType::NoticeUpdated.matches(&["notice.issued".to_owned()]));
    }
}
