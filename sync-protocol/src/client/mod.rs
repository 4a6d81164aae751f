//! The reference client: how a device should talk to fieldsync.
//!
//! It keeps a [`Store`], queues mutations offline, pushes them in batches,
//! pulls pages until it is up to date, retries what may be retried with
//! exponential backoff and jitter (honouring `Retry-After`), treats a
//! rejection as an answer (never retried), and on `must_resync` keeps its
//! queued mutations while it syncs again from scratch.

mod store;

use std::time::Duration;

use rand::Rng;
use serde::{Serialize, de::DeserializeOwned};
use uuid::Uuid;

pub use store::Store;

use crate::{
    ErrorEnvelope, MutationStatus, PROTOCOL_HEADER, PROTOCOL_VERSION, PullRequest, PullResponse, PushRequest,
    PushResponse,
};

/// Mutations sent per push.
pub const PUSH_BATCH: usize = 100;

/// Why a call failed after its retries.
#[derive(Debug)]
pub enum ClientError {
    /// The server answered with an error that retrying will not fix.
    Api {
        /// HTTP status.
        status: u16,
        /// The error body.
        error: Box<ErrorEnvelope>,
    },
    /// The network or the server kept failing.
    Unavailable(String),
    /// The server misses mutations this client no longer has (its queue was
    /// lost); the app must start a new client id and resync.
    Gap {
        /// The mutation id the server expects next.
        expected: u64,
    },
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::Api { status, error } => write!(f, "{status} {}: {}", error.error.code, error.error.message),
            ClientError::Unavailable(why) => write!(f, "unavailable: {why}"),
            ClientError::Gap { expected } => {
                write!(f, "the server expects mutation {expected}, which this client no longer has")
            }
        }
    }
}

impl std::error::Error for ClientError {}

/// How often and how long to retry.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// Delay before the first retry; doubled each time, with jitter.
    pub base_delay: Duration,
    /// Longest delay.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { attempts: 5, base_delay: Duration::from_millis(200), max_delay: Duration::from_secs(30) }
    }
}

/// A sync client for one user on one device.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: String,
    /// This client's id.
    pub client_id: Uuid,
    /// Local state.
    pub store: Store,
    /// Retry behaviour.
    pub retry: RetryPolicy,
}

/// What one pull did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pulled {
    /// Changes applied.
    pub changes: usize,
    /// Whether more pages wait.
    pub has_more: bool,
    /// Whether the server asked for a fresh sync (the store was reset).
    pub resynced: bool,
}

impl Client {
    /// A client with a new random id and an empty store.
    pub fn new(base_url: impl Into<String>, token: impl Into<String>) -> Client {
        Client::with_id(base_url, token, Uuid::new_v4())
    }

    /// A client with a given id (the one the app stored).
    pub fn with_id(base_url: impl Into<String>, token: impl Into<String>, client_id: Uuid) -> Client {
        Client::over(reqwest::Client::new(), base_url, token, client_id)
    }

    /// A client that sends through `http`, sharing its connection pool and
    /// TLS roots with the app's other clients, rather than a client of its own.
    pub fn over(
        http: reqwest::Client,
        base_url: impl Into<String>,
        token: impl Into<String>,
        client_id: Uuid,
    ) -> Client {
        Client {
            http,
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            token: token.into(),
            client_id,
            store: Store::new(),
            retry: RetryPolicy::default(),
        }
    }

    /// Replaces the access token (after a refresh).
    pub fn set_token(&mut self, token: impl Into<String>) {
        self.token = token.into();
    }

    /// Queues a mutation for the next push; works offline.
    pub fn mutate(&mut self, name: &str, args: serde_json::Value) -> u64 {
        self.store.queue(name, args)
    }

    /// Pushes the queued mutations in batches until the queue is empty or
    /// the server stops at a gap. Rejections are kept in `store.rejected`.
    pub async fn push(&mut self) -> Result<Vec<crate::MutationResult>, ClientError> {
        let mut all = Vec::new();
        while !self.store.pending.is_empty() {
            let batch: Vec<_> = self.store.pending.iter().take(PUSH_BATCH).cloned().collect();
            let request = PushRequest { client_id: self.client_id, mutations: batch };
            let response: PushResponse = self.call("/v1/sync/push", &request).await?;
            let progressed = self.store.pending.front().is_some_and(|m| m.id <= response.last_mutation_id);
            for result in &response.results {
                if result.status == MutationStatus::Rejected {
                    self.store.rejected.push(result.clone());
                }
            }
            self.store.confirm(response.last_mutation_id);
            all.extend(response.results);
            if !progressed {
                // The server misses an earlier mutation this client no longer has.
                return Err(ClientError::Gap { expected: response.last_mutation_id + 1 });
            }
        }
        Ok(all)
    }

    /// Pulls one page and applies it.
    pub async fn pull(&mut self) -> Result<Pulled, ClientError> {
        let request = PullRequest { client_id: self.client_id, checkpoint: self.store.checkpoint.clone(), limit: None };
        self.pull_with(request).await
    }

    /// Pulls one page of at most `limit` changes.
    pub async fn pull_limit(&mut self, limit: u32) -> Result<Pulled, ClientError> {
        let request =
            PullRequest { client_id: self.client_id, checkpoint: self.store.checkpoint.clone(), limit: Some(limit) };
        self.pull_with(request).await
    }

    async fn pull_with(&mut self, request: PullRequest) -> Result<Pulled, ClientError> {
        let page: PullResponse = match self.call("/v1/sync/pull", &request).await {
            // A checkpoint the server does not accept: sync afresh, like must_resync.
            Err(ClientError::Api { error, .. }) if error.error.code == "invalid_checkpoint" => {
                self.store.reset_synced();
                return Ok(Pulled { changes: 0, has_more: true, resynced: true });
            }
            other => other?,
        };
        if page.must_resync {
            self.store.reset_synced();
            return Ok(Pulled { changes: 0, has_more: true, resynced: true });
        }
        self.store.apply_page(&page.changes, page.checkpoint);
        self.store.confirm(page.last_mutation_id);
        Ok(Pulled { changes: page.changes.len(), has_more: page.has_more, resynced: false })
    }

    /// Pulls until up to date.
    pub async fn pull_all(&mut self) -> Result<usize, ClientError> {
        let mut total = 0;
        loop {
            let pulled = self.pull().await?;
            total += pulled.changes;
            if !pulled.has_more {
                return Ok(total);
            }
        }
    }

    /// Pushes everything queued, then pulls until up to date.
    pub async fn sync(&mut self) -> Result<(), ClientError> {
        self.push().await?;
        self.pull_all().await?;
        Ok(())
    }

    /// Sends a request, retrying network failures, 5xx, 429 and 503 with
    /// backoff and jitter (or the server's `Retry-After`).
    async fn call<Req: Serialize, Resp: DeserializeOwned>(&self, path: &str, body: &Req) -> Result<Resp, ClientError> {
        let mut delay = self.retry.base_delay;
        let mut last_error = String::new();
        for attempt in 1..=self.retry.attempts {
            let sent = self
                .http
                .post(format!("{}{}", self.base_url, path))
                .bearer_auth(&self.token)
                .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
                .json(body)
                .send()
                .await;
            let wait = match sent {
                Ok(response) if response.status().is_success() => {
                    return response.json().await.map_err(|e| ClientError::Unavailable(e.to_string()));
                }
                Ok(response) => {
                    let status = response.status().as_u16();
                    let retry_after = response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.parse::<u64>().ok())
                        .map(Duration::from_secs);
                    let text = response.text().await.unwrap_or_default();
                    if !(status == 429 || status >= 500) {
                        let error = serde_json::from_str(&text).map_err(|_| ClientError::Unavailable(text.clone()))?;
                        return Err(ClientError::Api { status, error: Box::new(error) });
                    }
                    last_error = format!("{status}: {text}");
                    retry_after
                }
                Err(err) => {
                    last_error = err.to_string();
                    None
                }
            };
            if attempt == self.retry.attempts {
                break;
            }
            let jittered = delay.mul_f64(rand::rng().random_range(0.5..1.5));
            // The server's Retry-After is honoured as given; our own backoff is capped.
            tokio::time::sleep(wait.unwrap_or(jittered.min(self.retry.max_delay))).await;
            delay = (delay * 2).min(self.retry.max_delay);
        }
        Err(ClientError::Unavailable(last_error))
    }
}
