//! The vocabularies of a household: its category (the priority groups of
//! rural housing safety work) and its safety grade.

use crate::directory::sites::kinds::code_of;

/// Wire codes of the household categories.
pub const CATEGORIES: &[&str] = &[
    "minimum_allowance",
    "scattered_support_extremely_poor",
    "poverty_return_risk",
    "sudden_difficulty",
    "marginal_minimum_allowance",
    "other_poverty_alleviated",
    "general",
];

/// Chinese labels of the categories.
const CATEGORY_LABELS: &[(&str, &str)] = &[
    ("低保户", "minimum_allowance"),
    ("分散供养特困人员", "scattered_support_extremely_poor"),
    ("易返贫致贫户", "poverty_return_risk"),
    ("突发严重困难户", "sudden_difficulty"),
    ("低保边缘家庭", "marginal_minimum_allowance"),
    ("其他脱贫户", "other_poverty_alleviated"),
    ("一般户", "general"),
];

/// Safety grades: A safe, B individual members dangerous, C local danger, D whole house dangerous.
pub const GRADES: &[&str] = &["A", "B", "C", "D"];

/// The code of a category given by code or Chinese label (`低保户`).
pub fn category_code(text: &str) -> Option<&'static str> {
    code_of(CATEGORIES, CATEGORY_LABELS, text.trim())
}

/// A grade as spreadsheets write it (`a`, `C级`), as its code.
pub fn grade_code(text: &str) -> Option<&'static str> {
    let text = text.trim();
    let letter = text.strip_suffix('级').unwrap_or(text).to_ascii_uppercase();
    GRADES.iter().copied().find(|g| *g == letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_found_by_code_or_chinese_label() {
        assert_eq!(category_code("低保户"), Some("minimum_allowance"));
        assert_eq!(category_code("general"), Some("general"));
        assert_eq!(category_code("富裕户"), None);
    }

    #[test]
    fn grades_are_found_in_spreadsheet_spellings() {
        assert_eq!(grade_code("c"), Some("C"));
        assert_eq!(grade_code("D级"), Some("D"));
        assert_eq!(grade_code("E"), None);
    }
}
