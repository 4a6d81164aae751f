//! The kinds of templates and the life of a template version.

/// Inspection kinds a template can be for.
pub const KINDS: &[&str] = &["dust_control", "quality_safety", "rural_appraisal"];

/// Where a template version is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Being written by an admin; not on devices, not usable.
    Draft,
    /// The current version of its code: new inspections use it.
    Published,
    /// Replaced by a newer version; inspections made with it keep it, and a
    /// device that has not heard of the newer one may still start one on it.
    Retired,
}

impl Status {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
            Status::Retired => "retired",
        }
    }

    /// Parses a stored name.
    pub fn parse(text: &str) -> Option<Status> {
        match text {
            "draft" => Some(Status::Draft),
            "published" => Some(Status::Published),
            "retired" => Some(Status::Retired),
            _ => None,
        }
    }

    /// Whether inspections may be made and kept on it.
    pub fn usable(self) -> bool {
        self != Status::Draft
    }
}
