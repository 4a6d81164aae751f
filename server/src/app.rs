//! The application: its state (database, settings, keys, metrics) and the
//! router with every domain's routes and the middleware stack.

use std::{ops::Deref, sync::Arc, time::Duration};

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, Request, header},
    middleware,
    routing::get,
};
use tower::ServiceBuilder;
use tower_http::{
    CompressionLevel,
    catch_panic::CatchPanicLayer,
    compression::{
        CompressionLayer,
        predicate::{DefaultPredicate, Predicate, SizeAbove},
    },
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    sensitive_headers::SetSensitiveRequestHeadersLayer,
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    auth::{self, keys::KeyRing},
    blobs::{self, Blobs},
    config::Settings,
    db::Db,
    directory,
    error::{ApiError, render_errors},
    http::{cors, health, metrics, openapi::ApiDoc},
    inspections,
    jobs::Background,
    notices::{self, Calendar},
    numbers, patrols, renovations, reports,
    sync::{self, Registry, SyncEngine, device_time::DeviceClock},
    templates, webhooks,
};

/// Everything a request handler may need, built once per process.
#[derive(Debug)]
pub struct App {
    /// The settings the process started with.
    pub settings: Settings,
    /// The database.
    pub db: Db,
    /// Token signing keys.
    pub keys: KeyRing,
    /// Prometheus metrics.
    pub metrics: Arc<metrics::Metrics>,
    /// The sync engine: mutation registry, checkpoint key, live notifier.
    pub sync: SyncEngine,
    /// The bureau's calendar: time zone and working days, for deadlines.
    pub calendar: Calendar,
    /// The bounds of times claimed by devices.
    pub clock: DeviceClock,
    /// How the county numbers its documents.
    pub numbering: Arc<numbers::Numbering>,
    /// The county's escalation of overdue notices (督办单, then its steps).
    pub ladder: notices::escalation::ladder::Ladder,
    /// Wakes this process's export worker when an export is asked for.
    pub exports: tokio::sync::Notify,
    /// Wakes this process's webhook worker (redelivery, test events; commits wake it by themselves).
    pub webhooks: tokio::sync::Notify,
    /// Photos: the object store, uploads, thumbnails.
    pub blobs: Arc<Blobs>,
    /// Stopped when the process shuts down: background tasks and live
    /// streams end with it, and the shutdown waits for the tasks.
    pub background: Background,
}

/// Shared handle to the [`App`], the state of every handler.
#[derive(Debug, Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

impl App {
    /// Connects to the database, migrates it (unless switched off) and loads the keys.
    pub async fn build(settings: Settings) -> anyhow::Result<App> {
        let db = Db::connect(&settings.database_url, &settings.database).await?;
        if settings.database.migrate_on_start {
            db.migrate_up().await?;
        }
        let keys = KeyRing::load_or_create(&db).await?;
        let calendar = settings.notices.calendar()?;
        let clock = DeviceClock::new(&settings.sync, calendar);
        let rural = renovations::Rules { calendar, grades: settings.rural.renovation_grades()? };
        let numbering = Arc::new(numbers::Numbering::new(&settings.numbering)?);
        let ladder = settings.notices.ladder()?;
        settings.ranking.check()?;
        let hearing_threshold_yuan = settings.notices.hearing_threshold_yuan;
        let notice_rules = notices::Rules { clock, numbering: numbering.clone(), hearing_threshold_yuan };
        let sync = SyncEngine::build(&db, registry(&notice_rules, &rural)).await?;
        templates::seed::ensure(&db, &sync).await?;
        let background = Background::default();
        let streams = sync.streams.clone();
        sync::live::spawn_listener(&db, sync.origin, sync.notifier.clone(), streams.clone(), &background);
        let heartbeat = Duration::from_secs(sync::HEARTBEAT_SECS);
        sync::streams::spawn_checker(streams, db.clone(), heartbeat, &background);
        let metrics = Arc::new(metrics::Metrics::default());
        sync::retention::spawn(
            db.clone(),
            metrics.clone(),
            Duration::from_secs(settings.sync.tombstone_retention_days * 86_400),
            Duration::from_secs(settings.sync.compact_every_secs.max(1)),
            &background,
        );
        let blobs = Blobs::open(&settings.blobs, &settings.data_dir, &background).await?;
        blobs::cleanup::spawn(
            db.clone(),
            blobs.clone(),
            Duration::from_secs(settings.blobs.cleanup_every_secs.max(1)),
            &background,
        );
        Ok(App {
            settings,
            db,
            keys,
            metrics,
            sync,
            calendar,
            clock,
            numbering,
            ladder,
            exports: tokio::sync::Notify::new(),
            webhooks: tokio::sync::Notify::new(),
            blobs,
            background,
        })
    }
}

impl App {
    /// What a notice's steps need from the county.
    pub fn notice_rules(&self) -> notices::Rules {
        notices::Rules {
            clock: self.clock,
            numbering: self.numbering.clone(),
            hearing_threshold_yuan: self.settings.notices.hearing_threshold_yuan,
        }
    }
}

impl App {
    /// Shares the app with the request handlers and starts the background
    /// jobs that work through the whole app (they stop with `background`).
    pub fn start(self) -> AppState {
        let state = AppState(Arc::new(self));
        let every = Duration::from_secs(state.settings.notices.overdue_check_secs.max(1));
        notices::overdue::spawn(state.clone(), every, &state.background);
        reports::exports::job::spawn(state.clone(), Duration::from_secs(5), &state.background);
        webhooks::worker::spawn(state.clone(), &state.background);
        webhooks::retention::spawn(state.clone(), &state.background);
        state
    }
}

/// Every mutation of every domain.
fn registry(notice_rules: &notices::Rules, rural: &renovations::Rules) -> Registry {
    let mut registry = Registry::default();
    inspections::register(&mut registry, notice_rules.clock);
    notices::register(&mut registry, notice_rules);
    renovations::register(&mut registry, rural);
    registry
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Smallest response body worth compressing.
const MIN_COMPRESSED_BYTES: u64 = 1024;

/// All routes with their OpenAPI description, before state and middleware.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .merge(auth::router())
        .merge(directory::router())
        .merge(sync::router())
        .merge(templates::router())
        .merge(notices::router())
        .merge(notices::case::routes::router())
        .merge(numbers::router())
        .merge(reports::router())
        .merge(patrols::router())
        .merge(blobs::router())
        .merge(webhooks::router())
        .split_for_parts()
}

/// The complete router: every route, `/openapi.json`, `/metrics` when
/// configured on the main listener, and the middleware.
pub fn router(state: AppState) -> Router {
    let (api, doc) = api();
    let doc = Arc::new(doc);
    let metrics = state.metrics.clone();
    let max_body = state.settings.http.max_body_bytes;
    let api = match metrics::on_main(&state.settings.metrics, metrics.clone()) {
        Some(exposed) => api.merge(exposed),
        None => api,
    };
    api.merge(crate::web::router(state.clone()))
        .merge(crate::field::router())
        // A person who opens the server's address lands on the pages.
        .route("/", get(|| async { axum::response::Redirect::to("/app") }))
        .route("/favicon.ico", get(crate::field::favicon))
        .route("/openapi.json", get(move || async move { axum::Json(doc.as_ref().clone()) }))
        .fallback(|| async { ApiError::not_found() })
        .method_not_allowed_fallback(|| async { ApiError::new(sync_protocol::ErrorCode::MethodNotAllowed) })
        .with_state(state.clone())
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(metrics, metrics::track))
        .layer(middleware::from_fn_with_state(state.db.clone(), crate::db::watch_writes))
        .layer(middleware::from_fn(render_errors))
        // Outside the error renderer, so rendered bodies are compressed too (pull pages are large).
        // zstd when the client takes it, at the fastest level: a first sync's pages are
        // megabytes, and gzip at its default level took a third of the server's time
        // serving them. Small answers (an idle pull, an ack) go as they are.
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .zstd(true)
                .quality(CompressionLevel::Fastest)
                .compress_when(DefaultPredicate::new().and(SizeAbove::new(MIN_COMPRESSED_BYTES))),
        )
        .layer(
            ServiceBuilder::new()
                .layer(SetSensitiveRequestHeadersLayer::new([header::AUTHORIZATION, header::COOKIE]))
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                    let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", method = %request.method(), uri = %request.uri().path(), request.id = %id)
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                // Outside the error renderer and the body limit: a refusal is readable cross-origin too.
                .layer(tower::util::option_layer(cors::layer(&state.settings.http.allowed_origins)))
                // Every answer, photo downloads and error bodies included: a
                // browser must never guess a type from the bytes.
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    header::HeaderValue::from_static("nosniff"),
                ))
                .layer(CatchPanicLayer::custom(|_| {
                    use axum::response::IntoResponse;
                    ApiError::internal("handler panicked").into_response()
                })),
        )
}
