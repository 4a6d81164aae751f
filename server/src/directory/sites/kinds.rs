//! The vocabularies of a site: project types and statuses, with the Chinese
//! labels spreadsheets use for them.

/// Wire codes of the project types.
pub const PROJECT_TYPES: &[&str] = &["housing", "municipal", "transport", "water", "industrial", "other"];

/// Chinese labels of the project types (`工程` may follow any of them).
const PROJECT_TYPE_LABELS: &[(&str, &str)] = &[
    ("房屋建筑", "housing"),
    ("市政", "municipal"),
    ("交通", "transport"),
    ("水利", "water"),
    ("工业", "industrial"),
    ("其他", "other"),
];

/// Wire codes of the statuses.
pub const STATUSES: &[&str] = &["planned", "active", "suspended", "completed"];

/// The status of a site created without one.
pub const DEFAULT_STATUS: &str = "active";

/// Chinese labels of the statuses.
const STATUS_LABELS: &[(&str, &str)] =
    &[("未开工", "planned"), ("在建", "active"), ("停工", "suspended"), ("已竣工", "completed"), ("竣工", "completed")];

/// The code of a project type given by code or Chinese label (`市政工程`).
pub fn project_type_code(text: &str) -> Option<&'static str> {
    let text = text.trim();
    let label = text.strip_suffix("工程").unwrap_or(text);
    code_of(PROJECT_TYPES, PROJECT_TYPE_LABELS, label)
}

/// The code of a status given by code or Chinese label (`在建`).
pub fn status_code(text: &str) -> Option<&'static str> {
    code_of(STATUSES, STATUS_LABELS, text.trim())
}

/// The code matching `text` exactly, or the code of the label matching it.
pub fn code_of(codes: &'static [&'static str], labels: &[(&str, &'static str)], text: &str) -> Option<&'static str> {
    codes
        .iter()
        .copied()
        .find(|code| *code == text)
        .or_else(|| labels.iter().find(|(label, _)| *label == text).map(|(_, code)| *code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_types_are_found_by_code_or_chinese_label() {
        assert_eq!(project_type_code("municipal"), Some("municipal"));
        assert_eq!(project_type_code("市政工程"), Some("municipal"));
        assert_eq!(project_type_code("房屋建筑"), Some("housing"));
        assert_eq!(project_type_code("bridge"), None);
    }

    #[test]
    fn statuses_are_found_by_code_or_chinese_label() {
        assert_eq!(status_code("在建"), Some("active"));
        assert_eq!(status_code("completed"), Some("completed"));
        assert_eq!(status_code("unknown"), None);
    }
}
