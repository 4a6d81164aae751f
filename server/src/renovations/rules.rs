//! What a renovation file must fit: the grades a file opens for (a county
//! setting), the renovation type each grade calls for, and days that are
//! the bureau's days, never after today there.

use chrono::NaiveDate;

use crate::{
    error::{ApiError, Reason},
    notices::Calendar,
};

/// The renovation rules of the county, handed to the renovation mutations.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The bureau's calendar: "today" is the day in its time zone.
    pub calendar: Calendar,
    /// Grades a file may open for (`rural.renovation_grades`, default C and D).
    pub grades: Vec<&'static str>,
}

/// The renovation types that fit a grade: a whole dangerous house (D) is
/// demolished and rebuilt, in place or as a new build; any other house is
/// repaired and reinforced (C: local danger).
pub fn types_for(grade: &str) -> &'static [&'static str] {
    match grade {
        "D" => &["demolish_rebuild", "new_build"],
        _ => &["repair_reinforce"],
    }
}

impl Rules {
    /// Today in the bureau's time zone.
    pub fn today(&self) -> NaiveDate {
        self.calendar.today(crate::clock::now())
    }

    /// Refuses a day after today in the bureau's time zone: a step or a
    /// payment is recorded once it happened.
    pub fn not_after_today(&self, field: &str, day: NaiveDate) -> Result<(), ApiError> {
        let today = self.today();
        if day > today {
            return Err(ApiError::field(
                field,
                Reason::Rule {
                    code: "in_future",
                    en: format!("{day} is after today ({today})."),
                    zh: format!("{day} 晚于今天（{today}）。"),
                },
            ));
        }
        Ok(())
    }

    /// Why a file cannot open for a house of this grade (`None`: not appraised), if it cannot.
    pub fn refuse_grade(&self, grade: Option<&str>) -> Option<Reason> {
        if grade.is_some_and(|g| self.grades.contains(&g)) {
            return None;
        }
        let allowed = self.grades.join(", ");
        let (en, zh) = match grade {
            Some(g) => (format!("grade {g}"), format!("{g} 级")),
            None => ("not appraised".to_owned(), "尚未鉴定".to_owned()),
        };
        Some(Reason::Rule {
            code: "grade_not_eligible",
            en: format!("A renovation file opens only for a house graded {allowed}; this house is {en}."),
            zh: format!("仅 {allowed} 级危房可建立改造档案，该房屋{zh}。"),
        })
    }
}

/// Why a renovation type does not fit the grade, if it does not.
pub fn refuse_type(grade: &str, renovation_type: &str) -> Option<Reason> {
    let fitting = types_for(grade);
    if fitting.contains(&renovation_type) {
        return None;
    }
    Some(Reason::Rule {
        code: "type_does_not_fit_grade",
        en: format!("A grade {grade} house calls for {}.", fitting.join(" or ")),
        zh: format!("{grade} 级房屋的改造方式应为 {}。", fitting.join(" 或 ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_renovation_type_fits_the_grade() {
        assert!(refuse_type("D", "demolish_rebuild").is_none());
        assert!(refuse_type("D", "new_build").is_none());
        assert!(refuse_type("D", "repair_reinforce").is_some(), "a whole dangerous house is not patched up");
        assert!(refuse_type("C", "repair_reinforce").is_none());
        assert!(refuse_type("C", "demolish_rebuild").is_some());
        assert!(refuse_type("C", "new_build").is_some());
    }
}
