//! Field-by-field merge of concurrent edits.
//!
//! Each synced record that devices edit keeps a revision `rev` (raised by
//! every accepted edit) and, per field, the revision that last changed it.
//! An edit names the revision it was made on (`base_rev`). A field changed
//! since then by another client is a conflict (a client's own queued edits
//! never conflict with each other): the value already stored wins
//! (the server decides by arrival, never by phone clocks), the edit's value
//! is reported back to its device and kept in the audit trail. Fields
//! nobody else touched are applied, so edits of different fields merge.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// When a field was last changed, and by which client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldRev {
    /// The record's revision after the change.
    pub rev: i64,
    /// The client that made it.
    pub by: Uuid,
}

/// The per-field revisions of a record.
pub type FieldRevs = BTreeMap<String, FieldRev>;

/// A field whose edit lost to an earlier one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The field (`answers.<item>` for one answer).
    pub field: String,
    /// The value the device sent, not applied.
    pub yours: Value,
    /// The value kept.
    pub kept: Value,
}

/// The outcome of merging an edit.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Merge {
    /// Fields to write, with their new values.
    pub apply: BTreeMap<String, Value>,
    /// Fields that lost.
    pub conflicts: Vec<Conflict>,
}

/// Merges `edits` (field → new value) made on `base_rev` into a record whose
/// fields have revisions `revs` and current values `current`.
pub fn merge(
    edits: BTreeMap<String, Value>,
    base_rev: i64,
    client: Uuid,
    revs: &FieldRevs,
    current: impl Fn(&str) -> Value,
) -> Merge {
    let mut merge = Merge::default();
    for (field, value) in edits {
        let changed_since = revs.get(&field).is_some_and(|last| last.rev > base_rev && last.by != client);
        let kept = current(&field);
        if changed_since && kept != value {
            merge.conflicts.push(Conflict { field, yours: value, kept });
        } else if kept != value {
            merge.apply.insert(field, value);
        }
    }
    merge
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn edits(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    const A: Uuid = Uuid::from_u128(1);
    const B: Uuid = Uuid::from_u128(2);

    fn revs(pairs: &[(&str, i64, Uuid)]) -> FieldRevs {
        pairs.iter().map(|(f, rev, by)| (f.to_string(), FieldRev { rev: *rev, by: *by })).collect()
    }

    #[test]
    fn edits_of_different_fields_merge_and_a_stale_edit_of_the_same_field_loses() {
        let revs = revs(&[("notes", 4, A), ("conclusion", 2, A)]);
        let current = |f: &str| match f {
            "notes" => json!("from A"),
            "conclusion" => json!("ok"),
            _ => Value::Null,
        };
        let merge = merge(edits(&[("notes", json!("from B")), ("conclusion", json!("bad"))]), 3, B, &revs, current);
        assert_eq!(merge.apply, edits(&[("conclusion", json!("bad"))]));
        assert_eq!(
            merge.conflicts,
            vec![Conflict { field: "notes".into(), yours: json!("from B"), kept: json!("from A") }]
        );
    }

    #[test]
    fn an_edit_on_the_latest_revision_always_applies_and_equal_values_are_no_conflict() {
        let revs = revs(&[("notes", 4, A)]);
        let merge1 = merge(edits(&[("notes", json!("new"))]), 4, B, &revs, |_| json!("old"));
        assert_eq!(merge1.apply.len(), 1);
        let merge2 = merge(edits(&[("notes", json!("same"))]), 1, B, &revs, |_| json!("same"));
        assert!(merge2.apply.is_empty() && merge2.conflicts.is_empty());
    }

    #[test]
    fn a_clients_own_queued_edits_never_conflict_with_each_other() {
        let revs = revs(&[("notes", 2, A)]);
        let merge = merge(edits(&[("notes", json!("second"))]), 1, A, &revs, |_| json!("first"));
        assert_eq!(merge.apply, edits(&[("notes", json!("second"))]));
        assert!(merge.conflicts.is_empty());
    }
}
