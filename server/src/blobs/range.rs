//! The `Range` header of a download: one byte range (`bytes=a-b`, `a-`,
//! `-n`). Several ranges are answered with the whole file, as RFC 9110 allows.

/// What to send of a file of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// The whole file (no `Range`, or one the server may ignore).
    Whole,
    /// Bytes `start..=end`.
    Part {
        /// First byte.
        start: u64,
        /// Last byte, included.
        end: u64,
    },
    /// A range outside the file: answer 416.
    Unsatisfiable,
}

/// Reads a `Range` header against a file of `size` bytes.
pub fn parse(header: Option<&str>, size: u64) -> Wanted {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Wanted::Whole;
    };
    if spec.contains(',') {
        return Wanted::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Wanted::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    let number = |s: &str| s.parse::<u64>().ok();
    let (start, end) = match (first.is_empty(), last.is_empty()) {
        // `-n`: the last n bytes.
        (true, false) => match number(last) {
            Some(0) => return Wanted::Unsatisfiable,
            Some(n) => (size.saturating_sub(n), size.saturating_sub(1)),
            None => return Wanted::Whole,
        },
        (false, true) => match number(first) {
            Some(a) => (a, size.saturating_sub(1)),
            None => return Wanted::Whole,
        },
        (false, false) => match (number(first), number(last)) {
            (Some(a), Some(b)) if a <= b => (a, b.min(size.saturating_sub(1))),
            _ => return Wanted::Whole,
        },
        (true, true) => return Wanted::Whole,
    };
    if size == 0 || start >= size {
        return Wanted::Unsatisfiable;
    }
    Wanted::Part { start, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_as_rfc_9110_says() {
        let cases = [
            (None, Wanted::Whole),
            (Some("bytes=0-99"), Wanted::Part { start: 0, end: 99 }),
            (Some("bytes=100-"), Wanted::Part { start: 100, end: 999 }),
            (Some("bytes=-100"), Wanted::Part { start: 900, end: 999 }),
            (Some("bytes=-5000"), Wanted::Part { start: 0, end: 999 }),
            (Some("bytes=990-5000"), Wanted::Part { start: 990, end: 999 }),
            (Some("bytes=1000-"), Wanted::Unsatisfiable),
            (Some("bytes=-0"), Wanted::Unsatisfiable),
            (Some("bytes=5-1"), Wanted::Whole),
            (Some("bytes=0-1,5-6"), Wanted::Whole),
            (Some("items=0-1"), Wanted::Whole),
            (Some("bytes=x-1"), Wanted::Whole),
        ];
        for (header, expected) in cases {
            assert_eq!(parse(header, 1000), expected, "{header:?}");
        }
    }
}
