//! Rural housing settings the county decides.

use serde::{Deserialize, Serialize};

use crate::directory::households::category::GRADES;

/// Rural housing renovation rules a county sets.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RuralSettings {
    /// Safety grades a renovation file may be opened for (default C and D:
    /// houses with local or whole danger).
    pub renovation_grades: Vec<String>,
}

impl Default for RuralSettings {
    fn default() -> Self {
        Self { renovation_grades: vec!["C".into(), "D".into()] }
    }
}

impl RuralSettings {
    /// The grades a renovation file may open for, as known grade codes, or
    /// why the setting is wrong (empty, or a grade that is not `A`–`D`).
    pub fn renovation_grades(&self) -> anyhow::Result<Vec<&'static str>> {
        let grades = self
            .renovation_grades
            .iter()
            .map(|g| {
                GRADES
                    .iter()
                    .copied()
                    .find(|known| known.eq_ignore_ascii_case(g.trim()))
                    .ok_or_else(|| anyhow::anyhow!("rural.renovation_grades: {g:?} is not a grade A-D"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        if grades.is_empty() {
            anyhow::bail!("rural.renovation_grades: at least one grade is needed");
        }
        Ok(grades)
    }
}

#[cfg(test)]
mod tests {
    use super::RuralSettings;

    #[test]
    fn renovation_grades_are_checked_when_loaded() {
        assert_eq!(RuralSettings::default().renovation_grades().unwrap(), ["C", "D"]);
        let county = RuralSettings { renovation_grades: vec!["b".into(), "C".into(), "D".into()] };
        assert_eq!(county.renovation_grades().unwrap(), ["B", "C", "D"]);
        assert!(RuralSettings { renovation_grades: vec!["E".into()] }.renovation_grades().is_err());
        assert!(RuralSettings { renovation_grades: vec![] }.renovation_grades().is_err());
    }
}
