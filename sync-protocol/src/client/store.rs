//! The client's local state: synced records, the checkpoint they are at,
//! and the queue of mutations not yet confirmed by the server.

use std::collections::{BTreeMap, VecDeque};

use serde_json::Value;
use uuid::Uuid;

use crate::{Change, ChangeOp, Mutation, MutationResult};

/// What a device keeps. A real app keeps it in its database and changes it
/// in one local transaction per pull page or push answer, as here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Store {
    /// Synced records by (type, id).
    pub records: BTreeMap<(String, Uuid), Value>,
    /// The checkpoint of the last page applied; `None` before the first sync.
    pub checkpoint: Option<String>,
    /// Mutations made locally and not yet confirmed processed, oldest first.
    pub pending: VecDeque<Mutation>,
    /// The id the next mutation gets.
    pub next_mutation_id: u64,
    /// Rejections received, for the app to show.
    pub rejected: Vec<MutationResult>,
}

impl Store {
    /// An empty store for a new client.
    pub fn new() -> Store {
        Store { next_mutation_id: 1, ..Store::default() }
    }

    /// Queues a mutation; returns its id.
    pub fn queue(&mut self, name: &str, args: Value) -> u64 {
        let id = self.next_mutation_id;
        self.next_mutation_id += 1;
        self.pending.push_back(Mutation { id, name: name.to_owned(), args, client_time: None });
        id
    }

    /// Drops every queued mutation the server has processed.
    pub fn confirm(&mut self, last_mutation_id: u64) {
        while self.pending.front().is_some_and(|m| m.id <= last_mutation_id) {
            self.pending.pop_front();
        }
    }

    /// Applies one pull page: its changes and its checkpoint, together.
    pub fn apply_page(&mut self, changes: &[Change], checkpoint: String) {
        for change in changes {
            let key = (change.record_type.clone(), change.id);
            match (change.op, &change.data) {
                (ChangeOp::Upsert, Some(data)) => {
                    self.records.insert(key, data.clone());
                }
                _ => {
                    self.records.remove(&key);
                }
            }
        }
        self.checkpoint = Some(checkpoint);
    }

    /// Forgets every synced record and the checkpoint (after `must_resync`);
    /// the queued mutations stay.
    pub fn reset_synced(&mut self) {
        self.records.clear();
        self.checkpoint = None;
    }

    /// One record, if the store holds it.
    pub fn get(&self, record_type: &str, id: &Uuid) -> Option<&Value> {
        self.records.get(&(record_type.to_owned(), *id))
    }

    /// The records of one type.
    pub fn of_type<'a>(&'a self, record_type: &'a str) -> impl Iterator<Item = (&'a Uuid, &'a Value)> + 'a {
        self.records.iter().filter(move |((t, _), _)| t == record_type).map(|((_, id), v)| (id, v))
    }
}
