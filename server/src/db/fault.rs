//! What a database error means for the caller. Most errors are the
//! server's fault (`500`), but two kinds are not and pass by themselves: the
//! database's disk is full (SQLite's `SQLITE_FULL`, PostgreSQL's `53100`), and
//! the database cannot be reached (a connection lost mid-statement, a
//! restart, a pool that cannot connect). Both answer `503` with
//! `Retry-After`, so devices keep their work queued and send it again.

use sea_orm::{DbErr, RuntimeErr, sqlx};

/// What went wrong, from the caller's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The database has no room to store more (`storage_full`).
    Full,
    /// The database cannot be reached just now (`service_unavailable`).
    Unreachable,
    /// Anything else: a constraint, a bug, bad stored data.
    Other,
}

/// SQLite's primary result code for "database or disk is full"
/// (`SQLITE_FULL`); extended codes keep it in their low byte.
const SQLITE_FULL: i64 = 13;

/// Classifies a database error.
pub fn classify(err: &DbErr) -> Fault {
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => Fault::Unreachable,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => of_sqlx(e),
        _ => Fault::Other,
    }
}

fn of_sqlx(err: &sqlx::Error) -> Fault {
    match err {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => Fault::Unreachable,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                let full = code.parse::<i64>().is_ok_and(|c| c & 0xff == SQLITE_FULL);
                return if full { Fault::Full } else { Fault::Other };
            }
            of_postgres(&code)
        }
        _ => Fault::Other,
    }
}

/// PostgreSQL SQLSTATEs: `53100` disk full; class `08` (connection
/// exceptions), `57P01`–`57P03` (shut down by an admin or a crash, not yet
/// accepting connections) and `53300` (too many connections) pass.
fn of_postgres(code: &str) -> Fault {
    match code {
        "53100" => Fault::Full,
        "57P01" | "57P02" | "57P03" | "53300" => Fault::Unreachable,
        _ if code.starts_with("08") => Fault::Unreachable,
        _ => Fault::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_states_of_a_full_disk_and_a_lost_server_pass_and_others_do_not() {
        assert_eq!(of_postgres("53100"), Fault::Full);
        assert_eq!(of_postgres("57P01"), Fault::Unreachable);
        assert_eq!(of_postgres("08006"), Fault::Unreachable);
        assert_eq!(of_postgres("23505"), Fault::Other);
        assert_eq!(of_postgres(""), Fault::Other);
    }

    #[test]
    fn a_lost_connection_is_unreachable() {
        let io = sqlx::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        assert_eq!(classify(&DbErr::Query(RuntimeErr::SqlxError(io.into()))), Fault::Unreachable);
        assert_eq!(classify(&DbErr::Custom("x".into())), Fault::Other);
    }
}
