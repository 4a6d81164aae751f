//! The rules of a new household, shared by the API and the CSV import: both
//! gather a [`HouseholdInput`] and its village, then call [`check_new`].

use super::{
    category::{CATEGORIES, GRADES},
    id_number::IdNumber,
};
use crate::{
    directory::{
        regions::{Level, entity::Model as Region},
        sites::placement::{Lookup, Placement, check_region},
        users::phone::check_phone,
    },
    error::Reason,
    http::validate::Check,
    policy::DirectoryAdmin,
};

/// The level a household lies in.
pub const HOUSEHOLD_LEVELS: &[Level] = &[Level::Village];

const MAX_NAME: usize = 50;
const MAX_ADDRESS: usize = 300;
/// The most members a household may have.
pub const MAX_MEMBERS: i64 = 50;

/// A household's own fields as submitted, by the API or by a row of a file.
#[derive(Debug, Clone, Default)]
pub struct HouseholdInput {
    /// Name of the household head.
    pub head_name: String,
    /// Resident ID number of the head.
    pub id_number: String,
    /// Phone.
    pub phone: Option<String>,
    /// Category code.
    pub category: String,
    /// Safety grade `A`–`D`.
    pub grade: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Number of members.
    pub members: Option<i64>,
}

/// A household's own fields, trimmed and checked (valid only if the check passed).
#[derive(Debug, Clone)]
pub struct HouseholdFields {
    /// Name of the household head.
    pub head_name: String,
    /// Resident ID number, upper-case.
    pub id_number: String,
    /// Phone.
    pub phone: Option<String>,
    /// Category code.
    pub category: String,
    /// Safety grade.
    pub grade: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Number of members.
    pub members: Option<i32>,
}

/// A checked new household.
#[derive(Debug, Clone)]
pub struct NewHousehold {
    /// Its own fields.
    pub fields: HouseholdFields,
    /// Its village.
    pub placement: Placement,
}

/// Checks a household's own fields, recording every invalid one.
pub fn check_fields(check: &mut Check, input: &HouseholdInput) -> HouseholdFields {
    let head_name = check.text("head_name", &input.head_name, MAX_NAME);
    let id_number = match IdNumber::parse(&input.id_number) {
        Ok(number) => number.into_string(),
        Err(_) if input.id_number.trim().is_empty() => {
            check.fail("id_number", Reason::Required);
            String::new()
        }
        Err(error) => {
            check.fail("id_number", error.reason());
            input.id_number.trim().to_owned()
        }
    };
    let phone = check_phone(check, "phone", input.phone.as_deref());
    let category = check.one_of("category", &input.category, CATEGORIES);
    let grade =
        input.grade.as_deref().map(str::trim).filter(|g| !g.is_empty()).map(|g| check.one_of("grade", g, GRADES));
    let address = check.opt_text("address", input.address.as_deref(), MAX_ADDRESS);
    let members = input.members.and_then(|m| {
        if !(1..=MAX_MEMBERS).contains(&m) {
            check.fail(
                "members",
                Reason::Rule {
                    code: "out_of_range",
                    en: format!("Must be between 1 and {MAX_MEMBERS}."),
                    zh: format!("必须在 1 与 {MAX_MEMBERS} 之间。"),
                },
            );
        }
        i32::try_from(m).ok()
    });
    HouseholdFields { head_name, id_number, phone, category, grade, address, members }
}

/// Checks a new household, fields and village; `None` when anything failed.
pub fn check_new(
    check: &mut Check,
    admin: &DirectoryAdmin,
    input: &HouseholdInput,
    region_field: &str,
    region: Lookup<'_, Region>,
) -> Option<NewHousehold> {
    let fields = check_fields(check, input);
    let placement = check_region(check, admin, region_field, region, HOUSEHOLD_LEVELS);
    if !check.is_ok() {
        return None;
    }
    Some(NewHousehold { fields, placement: placement? })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> HouseholdInput {
        HouseholdInput {
            head_name: "张三".into(),
            id_number: "130101198001011009".into(),
            phone: Some("13800138000".into()),
            category: "minimum_allowance".into(),
            grade: Some("C".into()),
            address: None,
            members: Some(4),
        }
    }

    fn failed_fields(input: &HouseholdInput) -> Vec<String> {
        let mut check = Check::new();
        check_fields(&mut check, input);
        check.into_errors().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_household_passes() {
        assert!(failed_fields(&input()).is_empty());
    }

    #[test]
    fn every_bad_field_is_reported() {
        let bad = HouseholdInput {
            head_name: "".into(),
            id_number: "130101198001011008".into(),
            category: "rich".into(),
            grade: Some("E".into()),
            members: Some(51),
            ..input()
        };
        assert_eq!(failed_fields(&bad), ["head_name", "id_number", "category", "grade", "members"]);
    }
}
