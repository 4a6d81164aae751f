//! The process's background work: one stop signal that every background
//! task and every live event stream obeys, and a tracker of the tasks, so
//! that a shutdown can wait for them to finish (within its grace period)
//! instead of cutting them off mid-write.

use std::{future::Future, time::Duration};

use tokio_util::{
    sync::{CancellationToken, WaitForCancellationFuture},
    task::TaskTracker,
};

/// The stop signal and the tasks that obey it.
#[derive(Debug, Clone, Default)]
pub struct Background {
    stop: CancellationToken,
    tasks: TaskTracker,
}

impl Background {
    /// Runs `task` in the background; [`Background::stop`] waits for it.
    pub fn spawn<F>(&self, task: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.tasks.spawn(task);
    }

    /// The stop signal, for a task to watch.
    pub fn token(&self) -> CancellationToken {
        self.stop.clone()
    }

    /// A signal of its own that the stop signal also sets, for work that
    /// may end earlier on its own account (a live stream whose session ended).
    pub fn child(&self) -> CancellationToken {
        self.stop.child_token()
    }

    /// Completes once the process is stopping.
    pub fn cancelled(&self) -> WaitForCancellationFuture<'_> {
        self.stop.cancelled()
    }

    /// Tells every background task and live stream to stop, without waiting.
    pub fn cancel(&self) {
        self.stop.cancel();
    }

    /// Whether the process is stopping.
    pub fn is_cancelled(&self) -> bool {
        self.stop.is_cancelled()
    }

    /// How many background tasks are still running.
    pub fn running(&self) -> usize {
        self.tasks.len()
    }

    /// Tells everything to stop and waits, at most `within`, for the tasks
    /// to finish what they were doing; whether they all did.
    pub async fn stop(&self, within: Duration) -> bool {
        self.cancel();
        self.tasks.close();
        tokio::time::timeout(within, self.tasks.wait()).await.is_ok()
    }
}
