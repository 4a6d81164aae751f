//! The NUL character (U+0000) in text. PostgreSQL cannot store it in a text
//! column (SQLite can), so it is refused where text comes in, the same on
//! both databases and naming the field: in JSON bodies and query strings
//! (the extractors of [`super::json`]), in CSV cells (the import reader) and
//! in pushed mutations (each rejected on its own).

use std::borrow::Cow;

use serde_json::Value;

/// Whether JSON text may hold a NUL: in valid JSON it can only be written as
/// the escape `\u0000` (a raw control character is a syntax error), so text
/// without that escape has none, and only text with it needs a closer look.
pub fn may_hold(json: &str) -> bool {
    json.contains("\\u0000")
}

/// The path of the first string in `value`, key or value, that holds a NUL:
/// `name`, `members[0].note`; `Some("")` when `value` is itself such a
/// string; `None` when there is none.
pub fn find(value: &Value) -> Option<String> {
    let mut path = String::new();
    found_in(value, &mut path).then_some(path)
}

fn found_in(value: &Value, path: &mut String) -> bool {
    match value {
        Value::String(text) => text.contains('\0'),
        Value::Array(items) => items.iter().enumerate().any(|(i, item)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let found = found_in(item, path);
            if !found {
                path.truncate(len);
            }
            found
        }),
        Value::Object(map) => map.iter().any(|(key, item)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&escape(key));
            let found = key.contains('\0') || found_in(item, path);
            if !found {
                path.truncate(len);
            }
            found
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// `text` with each NUL written as `\u0000`: safe to store and to show.
pub fn escape(text: &str) -> Cow<'_, str> {
    if text.contains('\0') { Cow::Owned(text.replace('\0', "\\u0000")) } else { Cow::Borrowed(text) }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_first_string_holding_a_nul_is_named_by_its_path() {
        assert_eq!(find(&json!({"name": "ok", "tags": ["a", {"note": "b\u{0}"}]})), Some("tags[1].note".into()));
        assert_eq!(find(&json!([{"x": 1}, {"y": "\u{0}"}])), Some("[1].y".into()));
        assert_eq!(find(&json!({"a": {"k\u{0}": 1}})), Some("a.k\\u0000".into()));
        assert_eq!(find(&json!("\u{0}")), Some(String::new()));
        assert_eq!(find(&json!({"name": "no nul here", "n": 0, "list": [null, true]})), None);
    }

    #[test]
    fn only_json_with_the_escape_may_hold_a_nul() {
        assert!(may_hold(r#"{"a":"x\u0000"}"#));
        // An escaped backslash before "u0000" is a false alarm that `find` clears.
        assert!(may_hold(r#"{"a":"\\u0000"}"#));
        assert_eq!(find(&serde_json::from_str(r#"{"a":"\\u0000"}"#).unwrap_or_default()), None);
        assert!(!may_hold(r#"{"a":"x"}"#));
    }
}
