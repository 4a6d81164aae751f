//! The unified social credit code (统一社会信用代码, GB 32100-2015): 18
//! characters from a 31-character alphabet, the last one a check character.

use crate::{error::Reason, http::validate::Check};

/// The alphabet, each character's value being its position (no I, O, S, V, Z).
const CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of the first 17 characters: 3^i mod 31.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A well-formed unified social credit code, check character verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCode(String);

impl CreditCode {
    /// Parses a code; surrounding spaces are ignored and letters upper-cased.
    pub fn parse(text: &str) -> Option<CreditCode> {
        let code = text.trim().to_ascii_uppercase();
        let values: Vec<u32> =
            code.bytes().map(|b| CHARS.iter().position(|&c| c == b).map(|v| v as u32)).collect::<Option<_>>()?;
        let (body, check) = values.split_at_checked(17)?;
        if check.len() != 1 {
            return None;
        }
        let sum: u32 = body.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
        ((31 - sum % 31) % 31 == check[0]).then_some(CreditCode(code))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Why a value is refused as a credit code.
    pub fn reason() -> Reason {
        Reason::Rule {
            code: "invalid_credit_code",
            en: "A unified social credit code has 18 digits or capital letters \
                 (not I, O, S, V or Z) ending in a valid check character."
                .into(),
            zh: "统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z），且校验位正确。".into(),
        }
    }
}

/// An optional credit code field: empty means none, else it must parse.
pub fn check_credit_code(check: &mut Check, field: &str, value: Option<&str>) -> Option<String> {
    let text = value.map(str::trim).filter(|v| !v.is_empty())?;
    match CreditCode::parse(text) {
        Some(code) => Some(code.into_string()),
        None => {
            check.fail(field, CreditCode::reason());
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CreditCode;

    #[test]
    fn a_code_with_the_right_check_character_is_accepted() {
        let code = CreditCode::parse(" 91350100m000100y43 ").map(CreditCode::into_string);
        assert_eq!(code.as_deref(), Some("91350100M000100Y43"));
        assert!(CreditCode::parse("91130100MA00000012").is_some());
    }

    #[test]
    fn a_wrong_check_character_is_refused() {
        assert_eq!(CreditCode::parse("91350100M000100Y44"), None);
    }

    #[test]
    fn wrong_lengths_and_letters_outside_the_alphabet_are_refused() {
        assert_eq!(CreditCode::parse("91350100M000100Y4"), None);
        assert_eq!(CreditCode::parse("91350100M000100Y430"), None);
        assert_eq!(CreditCode::parse("91350100I000100Y43"), None);
        assert_eq!(CreditCode::parse(""), None);
    }
}
