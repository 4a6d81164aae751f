//! The passes of every import. First every row is checked and nothing is
//! written; a file with bad rows fails whole, naming the first
//! [`MAX_REPORTED_ROWS`] of them and how many there are. Then the rows are
//! stored [`CHUNK_ROWS`] at a time, each chunk in its own short transaction,
//! so devices' pushes get their turn between chunks however large the file.
//!
//! A row's import key is derived from its cells ([`Row::import_key`]): a row already
//! stored is skipped, so a file sent again — its answer lost, its import cut
//! off, or corrected after an `import_interrupted` — stores only what is not
//! stored yet.

use std::collections::HashSet;

use sea_orm::ConnectionTrait;
use sync_protocol::ErrorCode;
use uuid::Uuid;

use super::{
    ImportSummary,
    table::{Row, Table},
};
use crate::{
    app::AppState,
    error::{ApiError, ApiResult, FieldError, Reason, RowError},
    http::{json::Json, validate::Check},
    sync::Write,
};

/// Rows read, checked and stored together (one transaction each when storing).
pub const CHUNK_ROWS: usize = 500;

/// How many rows one `INSERT` carries (under SQLite's old limit of 999 variables).
const INSERT_CHUNK: usize = 50;

/// Chunks stored between two refreshes of the planner's statistics.
const CHUNKS_PER_ANALYZE: usize = 20;

/// Most bad rows an answer lists (it also gives their total).
pub const MAX_REPORTED_ROWS: usize = 100;

/// One kind of record imported from a file.
pub trait Importer {
    /// A checked row, ready to store.
    type Record;
    /// What the checks of a chunk of rows look up in the database.
    type Lookups;
    /// Namespace of the rows' import keys.
    const NAMESPACE: Uuid;
    /// The table the records go to.
    const TABLE: &'static str;

    /// Of these import keys, those already stored.
    fn stored(&self, db: &impl ConnectionTrait, keys: &[Uuid]) -> impl Future<Output = ApiResult<HashSet<Uuid>>>;

    /// Looks up what the rows of a chunk name.
    fn lookups(&self, db: &impl ConnectionTrait, rows: &[Row]) -> impl Future<Output = ApiResult<Self::Lookups>>;

    /// Checks a row (recording its errors in `check`), returning the record.
    /// Called once per row in file order on each pass.
    fn check(&mut self, row: &Row, lookups: &Self::Lookups, check: &mut Check) -> Option<Self::Record>;

    /// Stores checked records with their import keys.
    fn insert(write: &Write, records: Vec<(Uuid, Self::Record)>) -> impl Future<Output = ApiResult<()>>;
}

/// Imports every row of `table`: checked all first, then stored in chunks.
/// `make` gives a fresh importer for each pass.
pub async fn import<I: Importer>(
    state: &AppState,
    table: &Table,
    make: impl Fn() -> I,
) -> ApiResult<Json<ImportSummary>> {
    let mut importer = make();
    let mut errors = RowErrors::default();
    let mut seen = HashSet::new();
    for rows in table.chunks(CHUNK_ROWS) {
        let db = state.db.read();
        let checked = check_chunk(&mut importer, db, &rows?, &mut seen).await?;
        errors.extend(checked.errors);
    }
    if errors.total > 0 {
        return Err(errors.into_error(ErrorCode::ImportFailed, None));
    }

    let mut importer = make();
    let mut seen = HashSet::new();
    let mut summary = ImportSummary { imported: 0, skipped: 0 };
    for (n, rows) in table.chunks(CHUNK_ROWS).enumerate() {
        if n > 0 && n % CHUNKS_PER_ANALYZE == 0 {
            crate::db::statistics::refresh(&state.db, I::TABLE).await?;
        }
        let rows = rows?;
        let write = Write::begin(&state.db).await?;
        let checked = check_chunk(&mut importer, write.db(), &rows, &mut seen).await?;
        if checked.errors.total > 0 {
            // Changed since the first pass (say, a permit number taken meanwhile).
            write.commit().await?;
            return Err(checked.errors.into_error(ErrorCode::ImportInterrupted, Some(summary.imported)));
        }
        let count = checked.records.len() as u64;
        let mut records = checked.records.into_iter().peekable();
        while records.peek().is_some() {
            I::insert(&write, records.by_ref().take(INSERT_CHUNK).collect()).await?;
        }
        state.sync.commit(write).await?;
        summary.imported += count;
        summary.skipped += checked.skipped;
        tokio::task::yield_now().await;
    }
    Ok(Json(summary))
}

/// The outcome of checking one chunk.
struct Checked<T> {
    records: Vec<(Uuid, T)>,
    skipped: u64,
    errors: RowErrors,
}

/// Checks the rows of a chunk; rows already stored are skipped, a row seen
/// earlier in the file fails.
async fn check_chunk<I: Importer>(
    importer: &mut I,
    db: &impl ConnectionTrait,
    rows: &[Row],
    seen: &mut HashSet<Uuid>,
) -> ApiResult<Checked<I::Record>> {
    let keys: Vec<Uuid> = rows.iter().map(|row| row.import_key(&I::NAMESPACE)).collect();
    let stored = importer.stored(db, &keys).await?;
    let lookups = importer.lookups(db, rows).await?;
    let mut checked = Checked { records: Vec::with_capacity(rows.len()), skipped: 0, errors: RowErrors::default() };
    for (row, key) in rows.iter().zip(keys) {
        if stored.contains(&key) {
            checked.skipped += 1;
            continue;
        }
        let mut check = row.check();
        if !seen.insert(key) {
            check.fail(
                "row",
                Reason::Rule {
                    code: "duplicate_row",
                    en: "An earlier line holds the same row.".into(),
                    zh: "与前面某行完全相同。".into(),
                },
            );
        }
        match importer.check(row, &lookups, &mut check) {
            Some(record) if check.is_ok() => checked.records.push((key, record)),
            _ => checked.errors.add(row.line, check.into_errors()),
        }
    }
    Ok(checked)
}

/// The bad rows of a file: the first [`MAX_REPORTED_ROWS`], and how many.
#[derive(Debug, Default)]
struct RowErrors {
    rows: Vec<RowError>,
    total: u64,
}

impl RowErrors {
    /// Records the errors of a row, if any.
    fn add(&mut self, line: u64, fields: Vec<FieldError>) {
        if fields.is_empty() {
            return;
        }
        self.total += 1;
        if self.rows.len() < MAX_REPORTED_ROWS {
            self.rows.push(RowError { line, fields });
        }
    }

    fn extend(&mut self, other: RowErrors) {
        self.total += other.total;
        let room = MAX_REPORTED_ROWS.saturating_sub(self.rows.len());
        self.rows.extend(other.rows.into_iter().take(room));
    }

    /// The error answer: `import_failed` (nothing stored) or
    /// `import_interrupted` (`imported` rows stored before these).
    fn into_error(self, code: ErrorCode, imported: Option<u64>) -> ApiError {
        ApiError::rows(code, self.rows, self.total, imported)
    }
}
