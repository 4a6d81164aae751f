//! Official notice numbers: per bureau and year, sequential, without gaps or
//! duplicates, even when many devices issue at once.
//!
//! The counter row for (bureau, year) is bumped inside the transaction that
//! issues the notice. Its row lock is held until that transaction ends, so
//! concurrent issuers queue on it; a transaction (or a mutation's savepoint)
//! that rolls back takes its increment with it, so no number is lost.

use std::fmt;

use sea_orm::{ConnectionTrait, DbErr, Statement};

/// An official number, e.g. `2026-0001`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeNumber {
    year: i32,
    seq: i64,
}

impl NoticeNumber {
    /// Parses `YYYY-NNNN` (four or more digits of sequence).
    pub fn parse(text: &str) -> Option<NoticeNumber> {
        let (year, seq) = text.split_once('-')?;
        if year.len() != 4 || seq.len() < 4 || !(year.bytes().chain(seq.bytes())).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let seq: i64 = seq.parse().ok()?;
        (seq > 0).then_some(NoticeNumber { year: year.parse().ok()?, seq })
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The position in the year's sequence, from 1.
    pub fn seq(&self) -> i64 {
        self.seq
    }
}

impl fmt::Display for NoticeNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:04}", self.year, self.seq)
    }
}

/// Takes the next number of a bureau's year, in the caller's transaction.
pub async fn allocate(db: &impl ConnectionTrait, bureau_key: &str, year: i32) -> Result<NoticeNumber, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "INSERT INTO notice_counters (bureau_key, year, last) VALUES ($1, $2, 1) \
             ON CONFLICT (bureau_key, year) DO UPDATE SET last = notice_counters.last + 1 RETURNING last"
        }
        _ => {
            "INSERT INTO notice_counters (bureau_key, year, last) VALUES (?, ?, 1) \
             ON CONFLICT (bureau_key, year) DO UPDATE SET last = notice_counters.last + 1 RETURNING last"
        }
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [bureau_key.into(), year.into()]))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("notice_counters".into()))?;
    let seq: i64 = row.try_get("", "last")?;
    Ok(NoticeNumber { year, seq })
}

/// The bureau a region path belongs to: its county, the first segment.
pub fn bureau_key(region_path: &str) -> String {
    let county = region_path.trim_start_matches('/').split('/').next().unwrap_or_default();
    format!("/{county}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_and_parse_alike() {
        let n = NoticeNumber { year: 2026, seq: 7 };
        assert_eq!(n.to_string(), "2026-0007");
        assert_eq!(NoticeNumber::parse("2026-0007"), Some(n));
        assert_eq!(NoticeNumber::parse("2026-12345").map(|n| n.seq()), Some(12345));
        for bad in ["2026-007", "26-0001", "2026-0000", "2026_0001", "abcd-0001"] {
            assert_eq!(NoticeNumber::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_bureau_is_the_county() {
        assert_eq!(bureau_key("/a1/b2/c3/"), "/a1/");
        assert_eq!(bureau_key("/a1/"), "/a1/");
    }
}
