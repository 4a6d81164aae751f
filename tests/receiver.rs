//! A webhook receiver for the tests: a real HTTP server on 127.0.0.1:0 that
//! verifies each request's signature with the Standard Webhooks library,
//! records it, and answers 204 while up or 503 while down (or whatever it
//! was told to answer, a redirect say).

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use axum::{
    Router,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header::LOCATION},
    response::{IntoResponse, Response},
    routing::post,
};
use serde_json::Value;
use tokio::sync::watch;

/// One request that reached the receiver.
#[derive(Debug, Clone)]
pub struct Arrival {
    /// The last path segment of the URL it was sent to (one per endpoint).
    pub path: String,
    /// `webhook-id`.
    pub id: String,
    /// The body.
    pub body: Value,
    /// Whether the signature verified with the receiver's secret.
    pub verified: bool,
    /// Whether the receiver was up and answered 204 (a successful delivery).
    pub accepted: bool,
    /// The headers.
    pub headers: HeaderMap,
}

impl Arrival {
    /// The event type.
    pub fn event_type(&self) -> &str {
        self.body["type"].as_str().unwrap_or_default()
    }

    /// The record's id.
    pub fn record_id(&self) -> &str {
        self.body["data"]["id"].as_str().unwrap_or_default()
    }
}

struct Inner {
    up: AtomicBool,
    /// An answer in place of 204/503: a status and a `location`.
    reply: Mutex<Option<(StatusCode, Option<String>)>>,
    secret: Mutex<String>,
    arrivals: Mutex<Vec<Arrival>>,
    changed: watch::Sender<usize>,
}

/// A running receiver.
pub struct Receiver {
    /// Its base URL, without a trailing slash; endpoints are `{url}/{name}`.
    pub url: String,
    inner: Arc<Inner>,
    task: tokio::task::JoinHandle<()>,
}

async fn receive(
    State(inner): State<Arc<Inner>>,
    Path(path): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let secret = inner.secret.lock().unwrap().clone();
    let verified = standardwebhooks::Webhook::new(&secret).is_ok_and(|w| w.verify(&body, &headers).is_ok());
    let reply = inner.reply.lock().unwrap().clone();
    let accepted = reply.is_none() && inner.up.load(Ordering::SeqCst);
    let arrival = Arrival {
        path,
        id: headers.get("webhook-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned(),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        verified,
        accepted,
        headers,
    };
    let count = {
        let mut arrivals = inner.arrivals.lock().unwrap();
        arrivals.push(arrival);
        arrivals.len()
    };
    inner.changed.send_replace(count);
    match reply {
        Some((status, Some(location))) => (status, [(LOCATION, location)]).into_response(),
        Some((status, None)) => status.into_response(),
        None if accepted => StatusCode::NO_CONTENT.into_response(),
        None => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

impl Receiver {
    /// Starts a receiver on 127.0.0.1 that is up and verifies with no secret yet.
    pub async fn start() -> Receiver {
        Self::start_at("127.0.0.1").await
    }

    /// [`Receiver::start`] on another address (`127.0.0.2`: another loopback
    /// address, which the server may be allowed to reach while 127.0.0.1 stays forbidden).
    pub async fn start_at(ip: &str) -> Receiver {
        let inner = Arc::new(Inner {
            up: AtomicBool::new(true),
            reply: Mutex::new(None),
            secret: Mutex::new(String::new()),
            arrivals: Mutex::new(Vec::new()),
            changed: watch::channel(0).0,
        });
        let app = Router::new().route("/{path}", post(receive)).with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind((ip, 0)).await.expect("bind receiver");
        let url = format!("http://{}", listener.local_addr().expect("receiver addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver { url, inner, task }
    }

    /// The secret signatures are verified with.
    pub fn set_secret(&self, secret: &str) {
        *self.inner.secret.lock().unwrap() = secret.to_owned();
    }

    /// Answers 204 (`true`) or 503 (`false`) from now on.
    pub fn set_up(&self, up: bool) {
        self.inner.up.store(up, Ordering::SeqCst);
    }

    /// Answers `status` (with `location`, for a redirect) from now on, instead of 204/503.
    pub fn set_reply(&self, status: u16, location: Option<&str>) {
        let status = StatusCode::from_u16(status).expect("status");
        *self.inner.reply.lock().unwrap() = Some((status, location.map(str::to_owned)));
    }

    /// Everything that arrived so far, in order of arrival.
    pub fn arrivals(&self) -> Vec<Arrival> {
        self.inner.arrivals.lock().unwrap().clone()
    }

    /// The successful deliveries (answered 204), in order of arrival.
    pub fn accepted(&self) -> Vec<Arrival> {
        self.arrivals().into_iter().filter(|a| a.accepted).collect()
    }

    /// Waits until what arrived satisfies `done` (at most 30 s: a safety
    /// net against a hang, not a timing assertion); returns the arrivals.
    pub async fn wait_until(&self, what: &str, done: impl Fn(&[Arrival]) -> bool) -> Vec<Arrival> {
        let mut changes = self.inner.changed.subscribe();
        let waited = tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                if done(&self.arrivals()) {
                    return;
                }
                if changes.changed().await.is_err() {
                    return;
                }
            }
        })
        .await;
        let arrivals = self.arrivals();
        assert!(waited.is_ok() && done(&arrivals), "never arrived: {what}; got {arrivals:#?}");
        arrivals
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}
