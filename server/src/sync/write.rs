//! Writes that other devices must hear of. A domain writes its tables
//! through a [`Write`] and records each changed record in it; on commit the
//! engine takes the next version from the single counter row, stores the
//! record changes in the change log under that version, and commits.
//!
//! Why this never loses a change: the counter row is updated as the last
//! step before COMMIT, and its row lock is held until COMMIT. The next writer
//! waits for that lock, so versions are handed out in commit order, and a
//! reader that sees version N also sees every version below N. (A plain
//! sequence would not do: on PostgreSQL a transaction may draw 41, commit
//! after 42 has been read, and be skipped by a cursor already at 42.)
//! Within a process, writers queue for that step in memory first
//! ([`crate::db::Db::commit_queue`]), so only one of them at a time waits on
//! the row.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
};

use chrono::Utc;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryTrait,
    sea_query::{Expr, ExprTrait, Query, SimpleExpr},
};
use uuid::Uuid;

use super::{
    entity::change,
    placement::{Audience, Placement},
};
use crate::db::{Db, Writer};

/// What happened to a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// It now has this state, as JSON.
    Upsert(String),
    /// It was deleted.
    Delete,
}

/// One record's change and where it lies.
#[derive(Debug, Clone)]
pub struct RecordChange {
    /// Record type, e.g. `site`.
    pub record_type: &'static str,
    /// Record id.
    pub id: Uuid,
    /// Where the record lies now (ignored for a deletion).
    pub placement: Placement,
    /// Its new state, or its deletion.
    pub change: Change,
}

impl RecordChange {
    /// The record's JSON, unless it was deleted.
    fn data(&self) -> Option<&str> {
        match &self.change {
            Change::Upsert(data) => Some(data),
            Change::Delete => None,
        }
    }
}

/// A write transaction that records the changes devices must receive.
#[derive(Debug)]
pub struct Write {
    txn: DatabaseTransaction,
    changes: Mutex<Vec<RecordChange>>,
    /// A record that could not be written as JSON: the write fails at
    /// [`Write::prepare`] rather than store it as anything else.
    unwritable: Mutex<Option<String>>,
    commits: Arc<tokio::sync::Mutex<()>>,
    writer: Writer,
}

impl Write {
    /// Starts a write transaction.
    pub async fn begin(db: &Db) -> Result<Write, DbErr> {
        Ok(Write {
            txn: db.begin().await?,
            changes: Mutex::new(Vec::new()),
            unwritable: Mutex::new(None),
            commits: db.commit_queue(),
            writer: db.writer().clone(),
        })
    }

    /// The transaction, to read and write domain tables.
    pub fn db(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Records that a record now has this state and placement.
    pub fn upsert(&self, record_type: &'static str, id: Uuid, placement: Placement, data: &impl serde::Serialize) {
        match serde_json::to_string(data) {
            Ok(data) => self.push(RecordChange { record_type, id, placement, change: Change::Upsert(data) }),
            Err(err) => {
                let mut unwritable = self.unwritable.lock().unwrap_or_else(|e| e.into_inner());
                unwritable.get_or_insert_with(|| format!("{record_type} {id} cannot be written as JSON: {err}"));
            }
        }
    }

    /// Records that a record was deleted.
    pub fn delete(&self, record_type: &'static str, id: Uuid) {
        let placement = Placement { region_path: None, org_id: None, audience: super::placement::Audience::All };
        self.push(RecordChange { record_type, id, placement, change: Change::Delete });
    }

    fn push(&self, change: RecordChange) {
        self.changes.lock().unwrap_or_else(|e| e.into_inner()).push(change);
    }

    /// How many changes are recorded (to roll back to, with [`Write::truncate`]).
    pub fn mark(&self) -> usize {
        self.changes.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Forgets the changes recorded after `mark` (their savepoint was rolled back).
    pub fn truncate(&self, mark: usize) {
        self.changes.lock().unwrap_or_else(|e| e.into_inner()).truncate(mark);
    }

    /// Takes the version and stores the recorded changes; the caller may
    /// write a little more (under the version lock) and then commits.
    /// Nothing recorded: no version is taken.
    pub async fn prepare(self) -> Result<Prepared, DbErr> {
        if let Some(why) = self.unwritable.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(DbErr::Custom(why));
        }
        let changes = self.changes.into_inner().unwrap_or_else(|e| e.into_inner());
        if changes.is_empty() {
            let committed = Committed { version: None, placements: Vec::new() };
            return Ok(Prepared { txn: self.txn, committed, writer: self.writer, _turn: None });
        }
        let turn = self.commits.lock_owned().await;
        let version = next_version(&self.txn).await?;
        let mut placements = Vec::with_capacity(changes.len());
        let changes = last_per_record(changes);
        let left = store_all(&self.txn, &changes, version).await?;
        placements.extend(changes.into_iter().filter(|c| c.data().is_some()).map(|c| c.placement));
        placements.extend(left);
        let committed = Committed { version: Some(version), placements };
        Ok(Prepared { txn: self.txn, committed, writer: self.writer, _turn: Some(turn) })
    }

    /// Stores the recorded changes under the next version and commits.
    pub async fn commit(self) -> Result<Committed, DbErr> {
        self.prepare().await?.commit().await
    }
}

/// A write whose changes are stored under their version, not yet committed.
#[derive(Debug)]
pub struct Prepared {
    txn: DatabaseTransaction,
    committed: Committed,
    writer: Writer,
    /// This process's turn at the version row, until the commit ends.
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Prepared {
    /// The transaction.
    pub fn db(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// What the commit will have changed.
    pub fn committed(&self) -> &Committed {
        &self.committed
    }

    /// The version taken, if any.
    pub fn version(&self) -> Option<u64> {
        self.committed.version
    }

    /// Commits.
    pub async fn commit(self) -> Result<Committed, DbErr> {
        self.txn.commit().await?;
        if self.committed.version.is_some() {
            self.writer.committed();
        }
        Ok(self.committed)
    }
}

/// What a commit changed, for the live notifier.
#[derive(Debug, Clone)]
pub struct Committed {
    /// Version of the commit, if it changed synced records.
    pub version: Option<u64>,
    /// Placements of the changed records.
    pub placements: Vec<Placement>,
}

/// Takes the next version; the row lock is held until the transaction ends.
/// Public for tools that fill the change log directly (the load tool).
pub async fn next_version(txn: &DatabaseTransaction) -> Result<u64, DbErr> {
    let row = txn
        .query_one_raw(sea_orm::Statement::from_string(
            txn.get_database_backend(),
            "UPDATE sync_state SET version = version + 1 WHERE id = 1 RETURNING version",
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("sync_state".into()))?;
    let version: i64 = row.try_get("", "version")?;
    Ok(version as u64)
}

/// Keeps only the last change of each record, in first-seen order.
fn last_per_record(changes: Vec<RecordChange>) -> Vec<RecordChange> {
    let mut out: Vec<RecordChange> = Vec::with_capacity(changes.len());
    let mut index = std::collections::HashMap::new();
    for change in changes {
        match index.get(&(change.record_type, change.id)) {
            Some(&i) => out[i] = change,
            None => {
                index.insert((change.record_type, change.id), out.len());
                out.push(change);
            }
        }
    }
    out
}

/// `record_type = t AND <rows of type t>`, or-ed over the types in `changes`:
/// one statement for every type, each arm still using the (type, id) index.
fn by_type<'a>(changes: &[&'a RecordChange], rows: impl Fn(&[&'a RecordChange]) -> SimpleExpr) -> Condition {
    let mut types: Vec<&str> = changes.iter().map(|c| c.record_type).collect();
    types.sort_unstable();
    types.dedup();
    types.into_iter().fold(Condition::any(), |any, record_type| {
        let of_type: Vec<&RecordChange> = changes.iter().copied().filter(|c| c.record_type == record_type).collect();
        any.add(Condition::all().add(change::Column::RecordType.eq(record_type)).add(rows(&of_type)))
    })
}

/// Rows per statement when storing changes (well under both databases' bind limits).
const CHUNK: usize = 1_000;

/// A record's row in one scope: type, id, region, organisation, audience.
type RowKey = (String, Uuid, String, String, String);

/// Stores record changes under one version, a chunk of records (of any
/// types) per two statements. First every live row of the records goes,
/// and with it each record's row in its current scope, live or not, all
/// returned; then one insert writes a tombstone, under this version, in
/// each scope a record left (so devices that saw it there delete it), and
/// the row of each record's current scope, live with its data. The new rows
/// get fresh ids, tombstones before live rows, so a page split inside the
/// version can never end on a deletion of a record that is live.
/// Returns the placements the records left, so devices there are poked too.
async fn store_all(txn: &DatabaseTransaction, changes: &[RecordChange], version: u64) -> Result<Vec<Placement>, DbErr> {
    let mut left = Vec::new();
    let now = Utc::now();
    let version = version as i64;
    for chunk in changes.chunks(CHUNK) {
        let chunk: Vec<&RecordChange> = chunk.iter().collect();
        let current: HashSet<RowKey> = chunk.iter().filter(|c| c.data().is_some()).map(|c| key_of(c)).collect();
        let mut delete = change::Entity::delete_many()
            .filter(by_type(&chunk, |of_type| {
                let live: Vec<&RecordChange> = of_type.iter().copied().filter(|c| c.data().is_some()).collect();
                let ids = change::Column::RecordId.is_in(of_type.iter().map(|c| c.id));
                if live.is_empty() {
                    return ids.and(change::Column::Deleted.eq(false));
                }
                let rows = change::Column::Deleted.eq(false).or(Expr::tuple([
                    Expr::col(change::Column::RecordId),
                    Expr::col(change::Column::RegionPath),
                    Expr::col(change::Column::OrgId),
                    Expr::col(change::Column::Audience),
                ])
                .is_in(live.iter().map(|c| {
                    Expr::tuple([
                        Expr::val(c.id),
                        Expr::val(c.placement.region_key()),
                        Expr::val(c.placement.org_key()),
                        Expr::val(c.placement.audience.as_str()),
                    ])
                })));
                ids.and(rows)
            }))
            .into_query();
        // Not the old data: a tombstone needs none.
        delete.returning(Query::returning().columns([
            change::Column::RecordType,
            change::Column::RecordId,
            change::Column::RegionPath,
            change::Column::OrgId,
            change::Column::Audience,
            change::Column::Deleted,
        ]));
        let removed = Removed::find_by_statement(txn.get_database_backend().build(&delete)).all(txn).await?;
        let mut rows = Vec::with_capacity(removed.len() + current.len());
        for row in removed.into_iter().filter(|row| !row.deleted) {
            left.push(placement_of(&row));
            let key = (row.record_type, row.record_id, row.region_path, row.org_id, row.audience);
            if !current.contains(&key) {
                let (record_type, record_id, region_path, org_id, audience) = key;
                rows.push(change::ActiveModel {
                    id: NotSet,
                    record_type: Set(record_type),
                    record_id: Set(record_id),
                    region_path: Set(region_path),
                    org_id: Set(org_id),
                    audience: Set(audience),
                    deleted: Set(true),
                    data: Set(None),
                    version: Set(version),
                    changed_at: Set(now),
                });
            }
        }
        rows.extend(chunk.iter().filter(|c| c.data().is_some()).map(|c| change::ActiveModel {
            id: NotSet,
            record_type: Set(c.record_type.to_owned()),
            record_id: Set(c.id),
            region_path: Set(c.placement.region_key().to_owned()),
            org_id: Set(c.placement.org_key()),
            audience: Set(c.placement.audience.as_str().to_owned()),
            deleted: Set(false),
            data: Set(c.data().map(str::to_owned)),
            version: Set(version),
            changed_at: Set(now),
        }));
        if !rows.is_empty() {
            change::Entity::insert_many(rows).exec_without_returning(txn).await?;
        }
    }
    left.sort_by(|a, b| {
        (&a.region_path, a.org_id, a.audience as u8).cmp(&(&b.region_path, b.org_id, b.audience as u8))
    });
    left.dedup();
    Ok(left)
}

fn key_of(c: &RecordChange) -> RowKey {
    let p = &c.placement;
    (c.record_type.to_owned(), c.id, p.region_key().to_owned(), p.org_key(), p.audience.as_str().to_owned())
}

/// A row taken out of the change log: where it was, and whether it was live.
#[derive(Debug, FromQueryResult)]
struct Removed {
    record_type: String,
    record_id: Uuid,
    region_path: String,
    org_id: String,
    audience: String,
    deleted: bool,
}

fn placement_of(row: &Removed) -> Placement {
    Placement {
        region_path: Some(row.region_path.clone()).filter(|r| !r.is_empty()),
        org_id: row.org_id.parse().ok(),
        audience: if row.audience == Audience::Bureau.as_str() { Audience::Bureau } else { Audience::All },
    }
}
