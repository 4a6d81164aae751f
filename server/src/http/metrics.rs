//! Prometheus metrics: request counts and latencies by route, served at
//! `/metrics` only where the settings say (`[metrics]`): on a listen address
//! of its own, or on the main one behind a bearer token. Nowhere by
//! default: the figures describe the deployment (routes, volumes, sizes).

use std::{sync::Arc, time::Instant};

use axum::{
    Router,
    extract::{MatchedPath, Request, State},
    http::{HeaderMap, header},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
};
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
    registry::Registry,
};
use sha2::{Digest, Sha256};
use sync_protocol::ErrorCode;

use crate::{config::MetricsSettings, error::ApiError};

/// Labels of one HTTP request.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// HTTP method.
    pub method: String,
    /// Matched route template, e.g. `/v1/admin/sites/{id}`.
    pub route: String,
    /// HTTP status code.
    pub status: u16,
}

/// Labels of a latency histogram.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LatencyLabels {
    /// HTTP method.
    pub method: String,
    /// Matched route template.
    pub route: String,
}

/// The process's metrics registry and the HTTP metrics in it.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RouteLabels, Counter>,
    latency: Family<LatencyLabels, Histogram>,
    /// Rows in the sync change log.
    pub sync_log_rows: Gauge,
    /// Deletion rows in the sync change log (dropped by compaction).
    pub sync_tombstones: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("fieldsync");
        let requests = Family::<RouteLabels, Counter>::default();
        let latency = Family::<LatencyLabels, Histogram>::new_with_constructor(|| {
            Histogram::new([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0])
        });
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register("http_request_duration_seconds", "HTTP request latency", latency.clone());
        let sync_log_rows = Gauge::default();
        let sync_tombstones = Gauge::default();
        registry.register("sync_change_log_rows", "Rows in the sync change log", sync_log_rows.clone());
        registry.register(
            "sync_change_log_tombstones",
            "Deletion rows in the sync change log",
            sync_tombstones.clone(),
        );
        Self { registry, requests, latency, sync_log_rows, sync_tombstones }
    }
}

impl Metrics {
    /// The registry, for other modules to register their metrics at start-up.
    pub fn registry_mut(&mut self) -> &mut Registry {
        &mut self.registry
    }

    /// Renders every metric in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

/// Middleware: counts and times every request by its matched route.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    metrics.requests.get_or_create(&RouteLabels { method: method.clone(), route: route.clone(), status }).inc();
    metrics.latency.get_or_create(&LatencyLabels { method, route }).observe(started.elapsed().as_secs_f64());
    response
}

/// What `GET /metrics` needs: the registry and the token, if one is set.
#[derive(Debug, Clone)]
pub struct Exposed {
    metrics: Arc<Metrics>,
    token: Option<Arc<str>>,
}

/// `GET /metrics`: every metric in the Prometheus text format, to a caller
/// holding the configured bearer token (when one is set); others get `401`.
pub async fn serve_metrics(State(exposed): State<Exposed>, headers: HeaderMap) -> Response {
    if let Some(expected) = &exposed.token {
        let given = crate::auth::bearer(&headers);
        // Compared as digests: the time taken says nothing about the token.
        let digest = |t: &str| Sha256::digest(t.as_bytes());
        if given.map(digest) != Some(digest(expected)) {
            return ApiError::new(ErrorCode::Unauthenticated).into_response();
        }
    }
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    ([(header::CONTENT_TYPE, content_type)], exposed.metrics.render()).into_response()
}

/// The `/metrics` route of the main listener: there only behind a token,
/// and only when metrics have no listen address of their own.
pub fn on_main<S: Clone + Send + Sync + 'static>(
    settings: &MetricsSettings,
    metrics: Arc<Metrics>,
) -> Option<Router<S>> {
    let token = settings.token.as_deref().filter(|t| !t.is_empty())?;
    if settings.listen.is_some() {
        return None;
    }
    let exposed = Exposed { metrics, token: Some(token.into()) };
    Some(Router::new().route("/metrics", get(serve_metrics)).with_state(exposed))
}

/// The router of the metrics listener (`metrics.listen`): `/metrics` alone,
/// behind the token when one is set.
pub fn own_listener(settings: &MetricsSettings, metrics: Arc<Metrics>) -> Router {
    let token = settings.token.as_deref().filter(|t| !t.is_empty()).map(Arc::from);
    Router::new()
        .route("/metrics", get(serve_metrics))
        .with_state(Exposed { metrics, token })
        .fallback(|| async { ApiError::not_found() })
}
