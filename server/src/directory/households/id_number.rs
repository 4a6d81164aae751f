//! The PRC resident identity number (公民身份号码, GB 11643-1999): 17 digits
//! and a check character, a digit or `X`, by ISO 7064 MOD 11-2.

use crate::error::Reason;

/// Weights of the 17 digits: 2^(17-i) mod 11.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder of the weighted sum mod 11.
const CHECK: &[u8; 11] = b"10X98765432";

/// A well-formed resident identity number, check character verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber(String);

/// Why a text is not a resident identity number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdNumberError {
    /// Not 17 digits followed by a digit or `X`.
    Format,
    /// Well-formed, but the check character does not match.
    CheckDigit,
}

impl IdNumber {
    /// Parses a number; surrounding spaces are ignored and a final `x` upper-cased.
    pub fn parse(text: &str) -> Result<IdNumber, IdNumberError> {
        let number = text.trim().to_ascii_uppercase();
        let bytes = number.as_bytes();
        let well_formed = bytes.len() == 18
            && bytes[..17].iter().all(u8::is_ascii_digit)
            && (bytes[17].is_ascii_digit() || bytes[17] == b'X');
        if !well_formed {
            return Err(IdNumberError::Format);
        }
        let sum: u32 = bytes[..17].iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
        if CHECK[(sum % 11) as usize] != bytes[17] {
            return Err(IdNumberError::CheckDigit);
        }
        Ok(IdNumber(number))
    }

    /// The number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl IdNumberError {
    /// The field error for this problem.
    pub fn reason(self) -> Reason {
        match self {
            IdNumberError::Format => Reason::Rule {
                code: "invalid_id_number",
                en: "A resident ID number has 17 digits followed by a digit or X.".into(),
                zh: "身份证号码应为17位数字加1位数字或X。".into(),
            },
            IdNumberError::CheckDigit => Reason::Rule {
                code: "bad_check_digit",
                en: "The check digit of the ID number is wrong.".into(),
                zh: "身份证号码校验位错误。".into(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{IdNumber, IdNumberError};

    #[test]
    fn a_number_with_the_right_check_character_is_accepted() {
        assert!(IdNumber::parse("130101198001011009").is_ok());
        assert!(IdNumber::parse("11010519491231002X").is_ok());
    }

    #[test]
    fn a_lower_case_x_is_accepted_and_stored_upper_case() {
        let number = IdNumber::parse(" 11010519491231002x ").map(IdNumber::into_string);
        assert_eq!(number.as_deref(), Ok("11010519491231002X"));
    }

    #[test]
    fn a_wrong_check_character_is_refused() {
        assert_eq!(IdNumber::parse("130101198001011008"), Err(IdNumberError::CheckDigit));
        assert_eq!(IdNumber::parse("110105194912310021"), Err(IdNumberError::CheckDigit));
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for text in ["", "13010119800101100", "1301011980010110091", "13010119800101100Y", "1301011980010X1009"] {
            assert_eq!(IdNumber::parse(text), Err(IdNumberError::Format), "{text}");
        }
    }
}
