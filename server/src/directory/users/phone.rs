//! Phone numbers of users, organisation contacts and households.

use crate::{error::Reason, http::validate::Check};

/// The longest phone number accepted.
pub const MAX_LENGTH: usize = 32;

/// An optional phone number: trimmed, empty means none; digits with an
/// optional leading `+` and `-`, space or bracket separators (`0311-8888 6666`).
pub fn check_phone(check: &mut Check, field: &str, value: Option<&str>) -> Option<String> {
    let phone = check.opt_text(field, value, MAX_LENGTH)?;
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let body = phone.strip_prefix('+').unwrap_or(&phone);
    let separators_only = body.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')'));
    if digits < 3 || !separators_only {
        check.fail(field, Reason::Invalid);
    }
    Some(phone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(value: &str) -> bool {
        let mut check = Check::new();
        check_phone(&mut check, "phone", Some(value));
        !check.is_ok()
    }

    #[test]
    fn mobile_and_landline_numbers_pass_and_words_fail() {
        assert!(!failed("13800138000"));
        assert!(!failed("+86 138 0013 8000"));
        assert!(!failed("(0311) 8888-6666"));
        assert!(failed("call me"));
        assert!(failed("12"));
        assert!(failed("138+0013"));
    }

    #[test]
    fn an_empty_phone_is_none() {
        let mut check = Check::new();
        assert_eq!(check_phone(&mut check, "phone", Some("  ")), None);
        assert!(check.is_ok());
    }
}
