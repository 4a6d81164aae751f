//! Tells live connections that something in their scope changed.
//!
//! Every commit that changed synced records is announced here with its
//! version and the placements it touched; each live connection checks the
//! placements against its own scope and pokes its device only if one matches.

use std::sync::Arc;

use tokio::sync::broadcast;

use super::{placement::Placement, write::Committed};

/// How many announcements a slow connection may lag behind before it is told to pull anyway.
const CAPACITY: usize = 1024;

/// One committed change set.
#[derive(Debug, Clone)]
pub struct Poke {
    /// Its version.
    pub version: u64,
    /// Where the changed records lie.
    pub placements: Vec<Placement>,
}

/// The in-process announcer of commits.
#[derive(Debug, Clone)]
pub struct Notifier {
    tx: broadcast::Sender<Arc<Poke>>,
}

impl Default for Notifier {
    fn default() -> Self {
        Notifier { tx: broadcast::channel(CAPACITY).0 }
    }
}

impl Notifier {
    /// Announces a commit (nothing if it changed no synced record).
    pub fn committed(&self, committed: &Committed) {
        if let Some(version) = committed.version {
            self.announce(Poke { version, placements: committed.placements.clone() });
        }
    }

    /// Announces a poke that came from elsewhere (another process).
    pub fn announce(&self, poke: Poke) {
        // No receivers is fine: nobody is listening.
        let _ = self.tx.send(Arc::new(poke));
    }

    /// Listens for announcements.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Poke>> {
        self.tx.subscribe()
    }
}
