//! The pull page as sent: record JSON passed through as stored, at most one
//! change per record.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::value::RawValue;
use sync_protocol::ChangeOp;
use uuid::Uuid;

use crate::{
    error::{ApiError, ApiResult},
    sync::entity::change,
};

/// A change as sent.
#[derive(Debug, Serialize)]
pub struct WireChange<'a> {
    #[serde(rename = "type")]
    record_type: &'a str,
    id: Uuid,
    op: ChangeOp,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a RawValue>,
    version: u64,
}

/// A page as sent.
#[derive(Debug, Serialize)]
pub struct WirePage<'a> {
    /// The changes.
    pub changes: Vec<WireChange<'a>>,
    /// The next checkpoint.
    pub checkpoint: String,
    /// Whether more pages follow.
    pub has_more: bool,
    /// The client's last mutation whose changes are all delivered.
    pub last_mutation_id: u64,
    /// Start again from scratch.
    pub must_resync: bool,
}

/// At most one change per record: an upsert when a live row of the record is
/// in the page (it may have moved between scopes), else a deletion. With
/// `deletes_only`, every row becomes a deletion.
pub fn changes(rows: &[change::Model], deletes_only: bool) -> ApiResult<Vec<WireChange<'_>>> {
    let mut out: Vec<WireChange<'_>> = Vec::with_capacity(rows.len());
    let mut index: HashMap<(&str, Uuid), usize> = HashMap::with_capacity(rows.len());
    for row in rows {
        let data = match (&row.data, row.deleted || deletes_only) {
            (Some(data), false) => Some(serde_json::from_str::<&RawValue>(data).map_err(ApiError::internal)?),
            _ => None,
        };
        let change = WireChange {
            record_type: &row.record_type,
            id: row.record_id,
            op: if data.is_some() { ChangeOp::Upsert } else { ChangeOp::Delete },
            data,
            version: row.version as u64,
        };
        match index.get(&(row.record_type.as_str(), row.record_id)) {
            Some(&i) => {
                if change.op == ChangeOp::Upsert || out[i].op == ChangeOp::Delete {
                    out[i] = change;
                }
            }
            None => {
                index.insert((row.record_type.as_str(), row.record_id), out.len());
                out.push(change);
            }
        }
    }
    Ok(out)
}
