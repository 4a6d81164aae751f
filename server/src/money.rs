//! Amounts of money: yuan as written by people ("20000.50"), kept as whole
//! fen (分) so that sums are exact.

use std::fmt;

/// An amount in fen, never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fen(i64);

impl Fen {
    /// Parses yuan with at most two decimals and at most twelve digits before them.
    pub fn parse(yuan: &str) -> Option<Fen> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let (whole, cents) = match yuan.split_once('.') {
            Some((whole, cents)) => (whole, Some(cents)),
            None => (yuan, None),
        };
        if !digits(whole) || whole.len() > 12 || !cents.is_none_or(|c| c.len() <= 2 && digits(c)) {
            return None;
        }
        let cents = cents.map(|c| format!("{c:0<2}")).unwrap_or_else(|| "00".into());
        Some(Fen(whole.parse::<i64>().ok()? * 100 + cents.parse::<i64>().ok()?))
    }

    /// From a stored count of fen.
    pub fn from_fen(fen: i64) -> Fen {
        Fen(fen.max(0))
    }

    /// The count of fen.
    pub fn fen(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Fen {
    /// Yuan with two decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_read_and_print_exactly() {
        assert_eq!(Fen::parse("20000.5").map(Fen::fen), Some(2_000_050));
        assert_eq!(Fen::parse("0").map(|f| f.to_string()), Some("0.00".into()));
        assert_eq!(Fen::parse("12.34").map(|f| f.to_string()), Some("12.34".into()));
        for bad in ["", ".5", "1.", "1.234", "-5", "1e3", "12,000", "9999999999999"] {
            assert_eq!(Fen::parse(bad), None, "{bad}");
        }
    }
}
