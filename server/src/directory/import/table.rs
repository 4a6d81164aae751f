//! Reading an uploaded CSV file: the body within its size limit, the text
//! (UTF-8, or GBK as Chinese spreadsheets save it), the header mapped to
//! field names by English name or Chinese alias, and the data rows with
//! their line numbers (the header is line 1).

use std::{
    borrow::Cow,
    collections::{BTreeSet, HashMap, HashSet},
    str::FromStr,
};

use axum::body::{Body, Bytes};
use encoding_rs::{Encoding, GBK};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use sync_protocol::ErrorCode;
use uuid::Uuid;

use crate::{
    directory::{
        regions::entity::{self as region, Model as Region},
        sites::placement::Lookup,
    },
    error::{ApiError, ApiResult, FieldError, Reason, RowError},
    http::validate::Check,
};

/// How many values one `IN (...)` lookup carries.
const LOOKUP_CHUNK: usize = 500;

/// A column an import understands.
#[derive(Debug)]
pub struct Column {
    /// The field name, also accepted as the header.
    pub field: &'static str,
    /// Other headers accepted for it (Chinese names).
    pub aliases: &'static [&'static str],
    /// Whether the file must have this column.
    pub required: bool,
}

/// One data row: its line number and its non-empty cells by field.
#[derive(Debug)]
pub struct Row {
    /// Line number in the file.
    pub line: u64,
    cells: HashMap<&'static str, String>,
    extra_cells: bool,
    /// Fields whose cell holds a NUL character (PostgreSQL cannot store it).
    nul_cells: Vec<&'static str>,
}

impl Row {
    /// The cell of a field, if not empty.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.cells.get(field).map(String::as_str)
    }

    /// The row's import key, derived from its cells: the same row sent again
    /// (in the same file or a corrected one) has the same key.
    pub fn import_key(&self, namespace: &Uuid) -> Uuid {
        let mut cells: Vec<(&&str, &String)> = self.cells.iter().collect();
        cells.sort();
        let mut name = String::new();
        for (field, value) in cells {
            name.push_str(field);
            name.push('\u{1f}');
            name.push_str(value);
            name.push('\u{1e}');
        }
        Uuid::new_v5(namespace, name.as_bytes())
    }

    /// The cell of a field, or an empty text.
    pub fn text(&self, field: &str) -> String {
        self.get(field).unwrap_or_default().to_owned()
    }

    /// A check for this row, already failed if the row has cells beyond the
    /// header or a cell holding a NUL character.
    pub fn check(&self) -> Check {
        let mut check = Check::new();
        for field in &self.nul_cells {
            check.fail(field, Reason::NulCharacter);
        }
        if self.extra_cells {
            check.fail(
                "row",
                Reason::Rule {
                    code: "extra_cells",
                    en: "The row has more cells than the header.".into(),
                    zh: "该行的单元格多于表头。".into(),
                },
            );
        }
        check
    }

    /// A cell holding a code or a spreadsheet spelling of it (a Chinese
    /// label), as its code; an unknown text is kept so that the check names
    /// the allowed codes.
    pub fn coded(&self, field: &str, code_of: fn(&str) -> Option<&'static str>) -> String {
        let text = self.text(field);
        code_of(&text).map_or(text, str::to_owned)
    }

    /// The record the cell of a field names among `found` (keyed by cell
    /// text): `Absent` for an empty cell, `Missing` for an unknown one.
    pub fn lookup<'a, T>(&self, field: &str, found: &'a HashMap<String, T>) -> Lookup<'a, T> {
        match self.get(field) {
            Some(key) => Lookup::given(found.get(key)),
            None => Lookup::Absent,
        }
    }

    /// A number cell; a cell that is not a number fails the field.
    pub fn number<T: FromStr>(&self, check: &mut Check, field: &str) -> Option<T> {
        let cell = self.get(field)?;
        let number = cell.parse().ok();
        if number.is_none() {
            check.fail(field, Reason::Invalid);
        }
        number
    }
}

/// Tracks a value that must be unique within the file.
#[derive(Debug, Default)]
pub struct FirstSeen(HashMap<String, u64>);

impl FirstSeen {
    /// Notes `value` on `line`; fails `field` when an earlier line had it.
    pub fn note(&mut self, check: &mut Check, field: &str, value: &str, line: u64) {
        match self.0.get(value) {
            Some(&first) => check.fail(
                field,
                Reason::Rule {
                    code: "duplicate_in_file",
                    en: format!("Line {first} has the same value."),
                    zh: format!("与第 {first} 行重复。"),
                },
            ),
            None => {
                self.0.insert(value.to_owned(), line);
            }
        }
    }
}

/// An uploaded file, its header mapped to fields. Its rows are read anew on
/// each pass ([`Table::chunks`]), never all held at once: memory stays
/// within the file's size limit, whatever its number of rows.
#[derive(Debug)]
pub struct Table {
    /// The file as UTF-8 text, without byte-order mark.
    text: Bytes,
    /// The field of each header cell (`None` for an empty header cell).
    fields: Vec<Option<&'static str>>,
}

/// Reads the body of an import and maps its header to `columns`.
pub async fn read_csv(body: Body, limit: usize, columns: &[Column]) -> ApiResult<Table> {
    let bytes = read_body(body, limit).await?;
    let text = match decode(&bytes) {
        Some(Cow::Borrowed(text)) => bytes.slice_ref(text.as_bytes()),
        Some(Cow::Owned(text)) => Bytes::from(text),
        None => {
            return Err(file_error(
                1,
                "unreadable_encoding",
                "The file is neither UTF-8 nor GBK text.",
                "文件不是 UTF-8 或 GBK 编码的文本。",
            ));
        }
    };
    Table::new(text, columns)
}

async fn read_body(body: Body, limit: usize) -> ApiResult<Bytes> {
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        // The limit error of `to_bytes` is not a type axum exports.
        if e.to_string().contains("length limit") {
            ApiError::new(ErrorCode::PayloadTooLarge)
        } else {
            ApiError::internal(e)
        }
    })
}

/// The text of a file: by its byte-order mark if it has one, else UTF-8,
/// else GBK. `None` when it is none of them.
pub fn decode(bytes: &[u8]) -> Option<Cow<'_, str>> {
    let (encoding, bytes) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) if encoding == encoding_rs::UTF_8 => {
            return std::str::from_utf8(&bytes[bom..]).ok().map(Cow::Borrowed);
        }
        Some((encoding, bom)) => (encoding, &bytes[bom..]),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => return Some(Cow::Borrowed(text)),
            Err(_) => (GBK, bytes),
        },
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (!had_errors).then_some(text)
}

impl Table {
    /// Maps the header of `text` (UTF-8) to `columns`. An unknown, repeated
    /// or missing column fails the import at line 1.
    pub fn new(text: Bytes, columns: &[Column]) -> ApiResult<Table> {
        let mut reader = reader(&text);
        let header = match reader.records().next() {
            Some(record) => record.map_err(csv_error)?,
            None => csv::StringRecord::new(),
        };
        let fields = map_header(&header, columns)?;
        Ok(Table { text, fields })
    }

    /// The data rows, `size` at a time, in file order; blank rows skipped.
    pub fn chunks(&self, size: usize) -> impl Iterator<Item = ApiResult<Vec<Row>>> + '_ {
        let mut records = reader(&self.text).into_records().skip(1);
        std::iter::from_fn(move || {
            let mut chunk = Vec::with_capacity(size);
            while chunk.len() < size {
                match records.next() {
                    None => break,
                    Some(Err(error)) => return Some(Err(csv_error(error))),
                    Some(Ok(record)) if record.iter().all(str::is_empty) => {}
                    Some(Ok(record)) => chunk.push(self.row(&record)),
                }
            }
            (!chunk.is_empty()).then_some(Ok(chunk))
        })
    }

    fn row(&self, record: &csv::StringRecord) -> Row {
        let line = record.position().map_or(0, |p| p.line());
        let mut row = Row { line, cells: HashMap::new(), extra_cells: false, nul_cells: Vec::new() };
        for (i, cell) in record.iter().enumerate() {
            match self.fields.get(i) {
                _ if cell.is_empty() => {}
                Some(Some(field)) if cell.contains('\0') => {
                    // The row fails, so nothing of it is stored; the cell stays
                    // (without the NUL) for the lookups and the other checks.
                    row.nul_cells.push(field);
                    row.cells.insert(field, cell.replace('\0', "\u{fffd}"));
                }
                Some(Some(field)) => {
                    row.cells.insert(field, cell.to_owned());
                }
                Some(None) => {}
                None => row.extra_cells = true,
            }
        }
        row
    }
}

fn reader(text: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text)
}

/// The field of each header cell (`None` for an empty header cell).
fn map_header(header: &csv::StringRecord, columns: &[Column]) -> ApiResult<Vec<Option<&'static str>>> {
    let mut fields = Vec::with_capacity(header.len());
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    for name in header.iter() {
        let key = name.trim_end_matches('*').trim().to_lowercase();
        if key.is_empty() {
            fields.push(None);
            continue;
        }
        let column = columns.iter().find(|c| c.field == key || c.aliases.contains(&key.as_str()));
        match column {
            None => errors.push(FieldError::new(name, unknown_column(columns))),
            Some(c) if !seen.insert(c.field) => errors.push(FieldError::new(
                name,
                Reason::Rule {
                    code: "duplicate_column",
                    en: format!("Another column is also {}.", c.field),
                    zh: format!("另有一列也是 {}。", c.field),
                },
            )),
            Some(_) => {}
        }
        fields.push(column.map(|c| c.field));
    }
    for column in columns.iter().filter(|c| c.required && !seen.contains(c.field)) {
        errors.push(FieldError::new(column.field, Reason::Required));
    }
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(ApiError::import_failed(vec![RowError { line: 1, fields: errors }]))
    }
}

fn unknown_column(columns: &[Column]) -> Reason {
    let known: Vec<&str> = columns.iter().map(|c| c.field).collect();
    let aliases: Vec<&str> = columns.iter().flat_map(|c| c.aliases.iter().copied()).collect();
    Reason::Rule {
        code: "unknown_column",
        en: format!("Unknown column; the columns are: {}.", known.join(", ")),
        zh: format!("未知的列；可用的列为：{}。", aliases.join("、")),
    }
}

fn csv_error(error: csv::Error) -> ApiError {
    let line = error.position().map_or(1, |p| p.line());
    file_error(line, "unreadable_row", "The line cannot be read as CSV.", "该行无法按 CSV 格式读取。")
}

fn file_error(line: u64, code: &'static str, en: &str, zh: &str) -> ApiError {
    let reason = Reason::Rule { code, en: en.into(), zh: zh.into() };
    ApiError::import_failed(vec![RowError { line, fields: vec![FieldError::new("file", reason)] }])
}

/// The records of entity `E` whose `column` is one of `values`.
pub async fn find_in<E: EntityTrait>(
    db: &impl ConnectionTrait,
    column: impl ColumnTrait,
    values: BTreeSet<String>,
) -> ApiResult<Vec<E::Model>> {
    let values: Vec<String> = values.into_iter().collect();
    let mut found = Vec::new();
    for chunk in values.chunks(LOOKUP_CHUNK) {
        let select = E::find().filter(column.is_in(chunk.iter().cloned()));
        found.extend(select.all(db).await?);
    }
    Ok(found)
}

/// Of `keys`, those stored in entity `E`'s import key `column`.
pub async fn stored_keys<E: EntityTrait>(
    db: &impl ConnectionTrait,
    column: impl ColumnTrait,
    keys: &[Uuid],
) -> ApiResult<HashSet<Uuid>> {
    let mut found = HashSet::new();
    for chunk in keys.chunks(LOOKUP_CHUNK) {
        let select = E::find().select_only().column(column).filter(column.is_in(chunk.iter().copied()));
        found.extend(select.into_tuple::<Uuid>().all(db).await?);
    }
    Ok(found)
}

/// The regions the rows name in `field`, by code.
pub async fn regions_by_code(
    db: &impl ConnectionTrait,
    rows: &[Row],
    field: &str,
) -> ApiResult<HashMap<String, Region>> {
    let codes = rows.iter().filter_map(|r| r.get(field)).map(str::to_owned).collect();
    let found = find_in::<region::Entity>(db, region::Column::Code, codes).await?;
    Ok(found.into_iter().map(|r| (r.code.clone(), r)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[
        Column { field: "name", aliases: &["名称"], required: true },
        Column { field: "note", aliases: &["备注"], required: false },
    ];

    fn parse(text: &str, columns: &[Column]) -> ApiResult<Vec<Row>> {
        let table = Table::new(Bytes::copy_from_slice(text.as_bytes()), columns)?;
        Ok(table.chunks(2).collect::<ApiResult<Vec<_>>>()?.into_iter().flatten().collect())
    }

    #[test]
    fn a_bom_is_stripped_and_gbk_is_decoded() {
        assert_eq!(decode(b"\xEF\xBB\xBFname").as_deref(), Some("name"));
        let (gbk, _, _) = GBK.encode("名称\n张三");
        assert_eq!(decode(&gbk).as_deref(), Some("名称\n张三"));
    }

    #[test]
    fn rows_keep_their_line_numbers_and_skip_blank_lines() {
        let rows = parse("名称,note\na,\n\n,\n\"b\nc\",x\nd,y\n", COLUMNS).unwrap_or_default();
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 5, 7]);
        assert_eq!(rows[1].get("name"), Some("b\nc"));
        assert_eq!(rows[0].get("note"), None);
    }

    #[test]
    fn a_cell_holding_a_nul_fails_its_row_but_reaches_no_lookup_with_it() {
        let rows = parse("name,note\na\0b,x\n", COLUMNS).unwrap_or_default();
        assert_eq!(rows[0].get("name"), Some("a\u{fffd}b"));
        let fields: Vec<String> = rows[0].check().into_errors().into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["name"]);
    }

    #[test]
    fn a_rows_import_key_follows_its_cells_not_its_line_or_column_order() {
        let ns = Uuid::nil();
        let a = parse("name,note\nx,y\nx,z\n", COLUMNS).unwrap_or_default();
        let b = parse("note,name\n\ny,x\n", COLUMNS).unwrap_or_default();
        assert_eq!(a[0].import_key(&ns), b[0].import_key(&ns));
        assert_ne!(a[0].import_key(&ns), a[1].import_key(&ns));
    }

    #[test]
    fn unknown_and_missing_columns_fail_at_line_one() {
        let error = parse("note,colour\n", COLUMNS).err().map(|e| e.code());
        assert_eq!(error, Some(ErrorCode::ImportFailed));
    }
}
