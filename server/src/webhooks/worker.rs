//! The delivery worker: claims due deliveries, sends them concurrently
//! (at most one per record and endpoint at a time, see [`claim`]), and
//! sleeps until the next one falls due, a commit (in this process or, on
//! PostgreSQL, another) may have written events, or the poll interval ends.

use std::time::Duration;

use crate::jobs::Background;
use chrono::Utc;
use sea_orm::DbErr;
use tokio::sync::broadcast::error::TryRecvError;
use uuid::Uuid;

use super::{claim, resolver, send};
use crate::{app::AppState, config::WebhookSettings};

/// The HTTP client of the worker: a time limit, no redirects (a receiver
/// answers where it was registered, and a redirect to 127.0.0.1 must not
/// be followed), a resolver that drops forbidden addresses, no proxy (it
/// would resolve and connect in our stead, past the resolver), TLS with rustls.
pub fn client(settings: &WebhookSettings) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(settings.timeout())
        .connect_timeout(settings.timeout())
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(resolver::Guarded::new(&settings.allow_networks))
        .no_proxy()
        .user_agent(concat!("fieldsync-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Claims and sends one batch; how many were sent.
pub async fn run_once(app: &AppState, client: &reqwest::Client, owner: Uuid) -> Result<usize, DbErr> {
    let settings = &app.settings.webhooks;
    let claimed = claim::claim(&app.db, owner, Utc::now(), settings.lease(), settings.batch.max(1)).await?;
    let count = claimed.len();
    let sends = claimed.into_iter().map(|d| send::send(app, client, owner, d));
    for result in futures::future::join_all(sends).await {
        result?;
    }
    Ok(count)
}

/// How long to sleep when nothing was due: until the next delivery falls
/// due, at most the poll interval.
async fn idle_wait(app: &AppState, poll: Duration) -> Duration {
    let now = Utc::now();
    match claim::next_due(&app.db, now).await {
        Ok(Some(at)) => (at - now).to_std().unwrap_or_default().min(poll),
        _ => poll,
    }
}

/// Runs the worker until `stop`, unless `[webhooks] worker` is off.
pub fn spawn(app: AppState, background: &Background) {
    if !app.settings.webhooks.worker {
        return;
    }
    let client = match client(&app.settings.webhooks) {
        Ok(client) => client,
        Err(err) => {
            tracing::error!(error.cause = %err, "webhook worker not started: no HTTP client");
            return;
        }
    };
    let owner = Uuid::new_v4();
    let poll = Duration::from_secs(app.settings.webhooks.poll_secs.max(1));
    let mut commits = app.sync.notifier.subscribe();
    let stop = background.token();
    background.spawn(async move {
        loop {
            let wait = match run_once(&app, &client, owner).await {
                Ok(0) => idle_wait(&app, poll).await,
                Ok(_) => continue,
                Err(err) => {
                    tracing::warn!(error.cause = %err, "webhook worker failed");
                    poll
                }
            };
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = app.webhooks.notified() => {}
                // A lagging receiver is fine: any announcement means "look again".
                _ = commits.recv() => {}
                _ = tokio::time::sleep(wait) => {}
            }
            // One look serves every commit announced meanwhile.
            while !matches!(commits.try_recv(), Err(TryRecvError::Empty | TryRecvError::Closed)) {}
        }
    });
}
