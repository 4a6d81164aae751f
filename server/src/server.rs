//! Serving: the HTTP server on a bound listener, with graceful shutdown.
//!
//! Connections are served by hyper directly rather than `axum::serve`, for
//! the timer it lacks: without one, hyper's header read timeout never fires,
//! and a client that sends its headers a byte at a time (or opens a socket
//! and sends nothing) holds a connection for as long as it likes. The main
//! listener speaks HTTPS when [`Tls`] is given (the metrics listener never).

use std::{future::Future, io, pin::pin, time::Duration};

use axum::{Router, body::Body, extract::ConnectInfo, http::Request};
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::{conn::auto, graceful::GracefulShutdown},
    service::TowerToHyperService,
};
use tokio::{net::TcpListener, time::Instant};
use tokio_rustls::TlsAcceptor;
use tokio_util::{either::Either, sync::CancellationToken};
use tower::ServiceExt;

use crate::{
    app::{AppState, router},
    tls::Tls,
};

/// Serves the app on `listener`, over TLS if `tls` is given, until
/// `shutdown` completes. Then live event streams and background jobs are
/// told to stop at once (a stream would otherwise hold the shutdown for the
/// whole grace period), requests in flight finish, and the jobs finish what
/// they were doing, all within the configured grace period.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    tls: Option<Tls>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let grace = Duration::from_secs(state.settings.http.shutdown_grace_secs);
    let header_read = Duration::from_secs(state.settings.http.header_read_timeout_secs.max(1));
    let background = state.background.clone();
    let app = router(state);
    let stopping = background.clone();
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down: finishing requests in flight and background jobs");
        stopping.cancel();
    };
    let server = serve_router(app, listener, tls.map(|tls| tls.acceptor().clone()), header_read, signal);
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

/// Serves `/metrics` alone on a listener of its own (`metrics.listen`)
/// until the process stops.
pub fn spawn_metrics(state: &AppState, listener: TcpListener) {
    let router = crate::http::metrics::own_listener(&state.settings.metrics, state.metrics.clone());
    let header_read = Duration::from_secs(state.settings.http.header_read_timeout_secs.max(1));
    let stop = state.background.token();
    state.background.spawn(async move {
        if let Err(err) = serve_router(router, listener, None, header_read, stop.cancelled_owned()).await {
            tracing::error!(error.cause = %err, "the metrics listener stopped");
        }
    });
}

/// Serves `router` on `listener` (HTTP/1.1, and HTTP/2 with prior
/// knowledge or by ALPN), over TLS if `tls` is given, until `signal`
/// completes, then stops accepting and waits for the open connections to
/// finish their requests. A connection has `header_read` from its accept to
/// finish the TLS handshake and send its first request's headers; after
/// that, one whose next request's headers have not all arrived within
/// `header_read` of it waiting for them is closed: slow headers, and idle
/// keep-alive sockets. Handlers see the peer as `ConnectInfo<SocketAddr>`.
pub async fn serve_router(
    router: Router,
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    header_read: Duration,
    signal: impl Future<Output = ()>,
) -> io::Result<()> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(header_read);
    // HTTP/2 pings find dead peers; an unanswered ping closes the connection.
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(header_read).keep_alive_timeout(header_read);
    let graceful = GracefulShutdown::new();
    let closing = CancellationToken::new();
    let mut signal = pin!(signal);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    pause_after_accept_error(err).await;
                    continue;
                }
            },
            _ = &mut signal => break,
        };
        let deadline = Instant::now() + header_read;
        // Small answers (an ack, an idle pull) go out at once.
        let _ = stream.set_nodelay(true);
        let first_request = CancellationToken::new();
        let seen = first_request.clone();
        let service = router.clone().map_request(move |mut request: Request<Incoming>| {
            seen.cancel();
            request.extensions_mut().insert(ConnectInfo(peer));
            request.map(Body::new)
        });
        let (builder, watcher, closing, tls) = (builder.clone(), graceful.watcher(), closing.clone(), tls.clone());
        tokio::spawn(async move {
            // Before the handshake and before hyper has a request, no timeout
            // of hyper's runs (it reads the first bytes to tell HTTP/1 from
            // HTTP/2 without one): a socket that stays silent, or stops short
            // of a request, is dropped here at the deadline, and at once when
            // the server stops (the shutdown would otherwise wait for it).
            let stream = match tls {
                // A silent socket costs no hyper connection: wait for a byte
                // first. (`readable()` may wake without data; `peek` waits.)
                None => {
                    let mut first = [0u8; 1];
                    tokio::select! {
                        peeked = tokio::time::timeout_at(deadline, stream.peek(&mut first)) => match peeked {
                            Ok(Ok(read)) if read > 0 => Either::Left(stream),
                            _ => return,
                        },
                        _ = closing.cancelled() => return,
                    }
                }
                Some(acceptor) => tokio::select! {
                    handshake = tokio::time::timeout_at(deadline, acceptor.accept(stream)) => match handshake {
                        Ok(Ok(stream)) => Either::Right(stream),
                        Ok(Err(err)) => {
                            tracing::trace!(error.cause = %err, %peer, "TLS handshake failed");
                            return;
                        }
                        Err(_) => return,
                    },
                    _ = closing.cancelled() => return,
                },
            };
            let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            let connection = watcher.watch(connection.into_owned());
            let no_request_in_time = async {
                tokio::select! {
                    biased;
                    _ = first_request.cancelled() => std::future::pending().await,
                    _ = tokio::time::sleep_until(deadline) => {}
                    _ = closing.cancelled() => {}
                }
            };
            tokio::select! {
                served = connection => if let Err(err) = served {
                    tracing::trace!(error.cause = %err, %peer, "connection ended with an error");
                },
                () = no_request_in_time => {}
            }
        });
    }
    drop(listener);
    closing.cancel();
    graceful.shutdown().await;
    Ok(())
}

/// After a failed accept: a connection the peer gave up on is nothing; out
/// of file descriptors (or another resource), wait a moment rather than spin.
async fn pause_after_accept_error(err: io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(err.kind(), ConnectionAborted | ConnectionRefused | ConnectionReset) {
        return;
    }
    tracing::warn!(error.cause = %err, "accepting a connection failed; pausing a second");
    tokio::time::sleep(Duration::from_secs(1)).await;
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
