//! Serving: the HTTP server on a bound listener, with graceful shutdown.

use std::{future::Future, net::SocketAddr, time::Duration};

use tokio::net::TcpListener;

use crate::app::{AppState, router};

/// Serves the app on `listener` until `shutdown` completes. Then live event
/// streams and background jobs are told to stop at once (a stream would
/// otherwise hold the shutdown for the whole grace period), requests in
/// flight finish, and the jobs finish what they were doing, all within the
/// configured grace period.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let grace = Duration::from_secs(state.settings.http.shutdown_grace_secs);
    let background = state.background.clone();
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let stopping = background.clone();
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down: finishing requests in flight and background jobs");
        stopping.cancel();
    };
    let server = axum::serve(listener, app).with_graceful_shutdown(signal);
    let drained = async {
        let served = server.await;
        // Bounded by the grace period below too; this only waits.
        background.stop(grace).await;
        served
    };
    tokio::select! {
        result = drained => result,
        _ = async {
            background.cancelled().await;
            tokio::time::sleep(grace).await;
        } => {
            tracing::warn!(grace.secs = grace.as_secs(), background.running = background.running(),
                "requests or background jobs still running after the grace period; stopping");
            Ok(())
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
