//! Writing CSV that spreadsheets open safely. A cell that begins with `=`,
//! `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and
//! LibreOffice (CSV injection, OWASP); such a cell gets a leading `'`, which
//! the spreadsheet shows as text. Numbers (`-3`, `+1.5`) are left alone: they
//! are never formulas. Every CSV the server writes goes through [`CsvOut`].

use std::borrow::Cow;

use axum::{
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

/// The byte-order mark that makes Excel read UTF-8 (Chinese) correctly.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A cell as written: neutralised if a spreadsheet would run it.
pub fn cell(text: &str) -> Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && text.trim().parse::<f64>().is_err() { Cow::Owned(format!("'{text}")) } else { Cow::Borrowed(text) }
}

/// A CSV document in memory.
pub struct CsvOut(csv::Writer<Vec<u8>>);

impl CsvOut {
    /// An empty document.
    pub fn new() -> CsvOut {
        CsvOut(csv::Writer::from_writer(Vec::new()))
    }

    /// An empty document that starts with a byte-order mark (for Excel).
    pub fn with_bom() -> CsvOut {
        CsvOut(csv::Writer::from_writer(BOM.to_vec()))
    }

    /// Writes one row.
    pub fn row<I, T>(&mut self, cells: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let cells: Vec<String> = cells.into_iter().map(|c| cell(c.as_ref()).into_owned()).collect();
        self.0.write_record(&cells)
    }

    /// The bytes written.
    pub fn finish(self) -> Result<Vec<u8>, csv::Error> {
        self.0.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    }
}

/// A CSV download named `filename` (ASCII), never cached: `body` may be
/// bytes in memory or a stream.
pub fn attachment(body: impl IntoResponse, filename: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

impl Default for CsvOut {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_and_plain_text_stay() {
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        for risky in ["+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"] {
            assert!(cell(risky).starts_with('\''), "{risky:?}");
        }
        for plain in ["-3", "+1.5", "12", "清河县工地", "a=b", ""] {
            assert_eq!(cell(plain), plain);
        }
    }
}
