//! The last step of every import: each row checked, then all of them stored
//! in one write, or none of them with the errors of every bad row.

use super::{ImportSummary, table::Row};
use crate::{
    app::AppState,
    error::{ApiError, ApiResult, FieldError, RowError},
    http::{json::Json, validate::Check},
    sync::Write,
};

/// How many rows one `INSERT` carries (under SQLite's old limit of 999 variables).
const INSERT_CHUNK: usize = 50;

/// Checks every row with `check_row`, which records the row's errors in the
/// check it is given and returns the checked record. When every row passes,
/// stores the records through `insert_many`, a batch of at most
/// [`INSERT_CHUNK`] at a time, and commits `write`; else stores nothing and
/// fails with `import_failed` listing every bad row.
pub async fn check_and_store<T>(
    state: &AppState,
    write: Write,
    rows: &[Row],
    mut check_row: impl FnMut(&Row, &mut Check) -> Option<T>,
    insert_many: impl AsyncFn(&Write, Vec<T>) -> ApiResult<()>,
) -> ApiResult<Json<ImportSummary>> {
    let mut errors = RowErrors::default();
    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        let mut check = row.check();
        match check_row(row, &mut check) {
            Some(record) if check.is_ok() => records.push(record),
            _ => errors.add(row.line, check.into_errors()),
        }
    }
    if let Err(error) = errors.finish() {
        // Nothing was written or recorded: end the transaction now (it
        // commits nothing) rather than on drop.
        write.commit().await?;
        return Err(error);
    }

    let imported = records.len() as u64;
    let mut records = records.into_iter().peekable();
    while records.peek().is_some() {
        insert_many(&write, records.by_ref().take(INSERT_CHUNK).collect()).await?;
    }
    state.sync.commit(write).await?;
    Ok(Json(ImportSummary { imported }))
}

/// The errors of the rows of one file.
#[derive(Debug, Default)]
struct RowErrors(Vec<RowError>);

impl RowErrors {
    /// Records the errors of a row, if any.
    fn add(&mut self, line: u64, fields: Vec<FieldError>) {
        if !fields.is_empty() {
            self.0.push(RowError { line, fields });
        }
    }

    /// `Ok` when no row failed, else `import_failed` with every bad row.
    fn finish(self) -> ApiResult<()> {
        if self.0.is_empty() { Ok(()) } else { Err(ApiError::import_failed(self.0)) }
    }
}
