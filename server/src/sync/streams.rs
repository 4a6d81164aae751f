//! The live event streams of this process, by the session each belongs to.
//!
//! A stream ends when its session ends (sign-out, a disabled account, a
//! password reset, a refresh token used twice), whichever process ended it,
//! and when the process stops. The sessions of the open streams are checked
//! against the database in one query: at once when this process ends a
//! session or, on PostgreSQL, when any process does (`NOTIFY
//! fieldsync_sessions`, sent in the transaction that ends it), and at every
//! heartbeat otherwise, which also catches what no notification announces
//! (`fieldsync admin disable-user` beside a server on SQLite).

use std::{
    collections::{HashMap, HashSet},
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use sea_orm::DbErr;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::{auth::refresh, db::Db, jobs::Background};

/// The open streams of this process.
#[derive(Debug, Default)]
pub struct Streams {
    open: Mutex<HashMap<u64, Open>>,
    next_id: AtomicU64,
    ended: Notify,
}

#[derive(Debug)]
struct Open {
    session: Uuid,
    user: Uuid,
    end: CancellationToken,
}

/// The user already holds the most streams allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyStreams;

/// A registered stream: it ends when [`Registered::ended`] completes, and
/// leaves the registry when dropped.
#[derive(Debug)]
pub struct Registered {
    streams: Arc<Streams>,
    id: u64,
    end: CancellationToken,
}

impl Registered {
    /// Completes when the stream's session ended or the process stops.
    pub async fn ended(&self) {
        self.end.cancelled().await;
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        self.streams.open.lock().unwrap_or_else(|e| e.into_inner()).remove(&self.id);
    }
}

impl Streams {
    /// Registers a stream of `user`'s `session`, unless the user already
    /// holds `max_per_user` streams in this process; it also ends when
    /// `background` stops.
    pub fn register(
        self: &Arc<Self>,
        user: Uuid,
        session: Uuid,
        max_per_user: usize,
        background: &Background,
    ) -> Result<Registered, TooManyStreams> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        // Counted and inserted under one lock: parallel opens cannot overshoot.
        if open.values().filter(|o| o.user == user).count() >= max_per_user {
            return Err(TooManyStreams);
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let end = background.child();
        open.insert(id, Open { session, user, end: end.clone() });
        Ok(Registered { streams: self.clone(), id, end })
    }

    /// Some sessions ended (committed): check the open streams' sessions now.
    pub fn sessions_ended(&self) {
        self.ended.notify_one();
    }

    /// How many streams are open.
    pub fn len(&self) -> usize {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether no stream is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Ends the streams whose session is over.
    async fn check(&self, db: &Db) -> Result<(), DbErr> {
        let sessions: Vec<Uuid> = {
            let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
            open.values().map(|o| o.session).collect::<HashSet<_>>().into_iter().collect()
        };
        if sessions.is_empty() {
            return Ok(());
        }
        let live = refresh::live_sessions(db.read(), &sessions).await?;
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        for stream in open.values().filter(|o| !live.contains(&o.session)) {
            stream.end.cancel();
        }
        Ok(())
    }
}

/// Checks the open streams' sessions every `every` and whenever told that
/// sessions ended, until the process stops.
pub fn spawn_checker(streams: Arc<Streams>, db: Db, every: Duration, background: &Background) {
    let stop = background.token();
    background.spawn(async move {
        loop {
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = streams.ended.notified() => {}
                _ = tokio::time::sleep(every) => {}
            }
            if let Err(err) = streams.check(&db).await {
                tracing::warn!(error.cause = %err, "live streams' sessions not checked");
            }
        }
    });
}
