//! The inspector's app at `/field`: an offline-first web app of static files
//! (HTML, a stylesheet, ES modules, a service worker, a manifest), compiled
//! into the binary, on the protocol's JavaScript client library, served at
//! `/field/lib/` from `sync-protocol/js/src/`. No server-side pages: the app
//! reads and writes through the sync API like any mobile app.
//!
//! Files are compiled in (also in debug builds, so tests serve what a
//! release serves); a file added to either folder needs a rebuild of this
//! crate to be found.

use axum::{
    Router,
    extract::Path,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use rust_embed::{EmbeddedFile, RustEmbed};

use crate::{app::AppState, error::ApiError};

/// The app's own files.
#[derive(RustEmbed)]
#[folder = "src/field/static/"]
struct AppFiles;

/// The protocol's JavaScript client library.
#[derive(RustEmbed)]
#[folder = "../sync-protocol/js/src/"]
struct LibraryFiles;

/// The routes of `/field`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/field", get(|| async { Redirect::permanent("/field/") }))
        .route("/field/", get(|headers: HeaderMap| async move { serve(AppFiles::get("index.html"), &headers) }))
        .route("/field/lib/{*path}", get(library_file))
        .route("/field/{*path}", get(app_file))
}

/// `GET /favicon.ico`: the app's icon, for every page of the server.
pub async fn favicon(headers: HeaderMap) -> Response {
    serve(AppFiles::get("icons/icon-192.png"), &headers)
}

async fn app_file(Path(path): Path<String>, headers: HeaderMap) -> Response {
    serve(AppFiles::get(&path), &headers)
}

async fn library_file(Path(path): Path<String>, headers: HeaderMap) -> Response {
    serve(LibraryFiles::get(&path), &headers)
}

/// One file, or `404 not_found`. Every answer is revalidated (`no-cache`
/// with the file's hash as `ETag`): the service worker keeps the app for
/// offline use and must see a new release at once when online.
fn serve(file: Option<EmbeddedFile>, request: &HeaderMap) -> Response {
    let Some(file) = file else { return ApiError::not_found().into_response() };
    let etag = format!("\"{}\"", hex::encode(file.metadata.sha256_hash()));
    let fresh = request.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v == etag);
    let mut response =
        if fresh { StatusCode::NOT_MODIFIED.into_response() } else { file.data.into_owned().into_response() };
    let headers = response.headers_mut();
    if let Ok(content_type) = HeaderValue::from_str(file.metadata.mimetype()) {
        headers.insert(header::CONTENT_TYPE, content_type);
    }
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The service worker caches the shell by a list; a module missing
    /// from it is missing offline, and the app does not start.
    #[test]
    fn the_service_worker_caches_every_file_of_the_app() {
        let worker = AppFiles::get("sw.js").expect("sw.js");
        let worker = std::str::from_utf8(&worker.data).expect("utf-8");
        let shell = &worker[worker.find("const SHELL = [").expect("the SHELL list")..];
        let shell = &shell[..shell.find("];").expect("the end of SHELL")];
        let missing: Vec<String> = AppFiles::iter()
            .filter(|path| path != "sw.js" && path != "index.html")
            .filter(|path| !shell.contains(&format!("'/field/{path}'")))
            .map(|path| path.into_owned())
            .collect();
        assert!(missing.is_empty(), "not in sw.js's SHELL: {missing:?}");
        assert!(shell.contains("'/field/'"), "the page itself");
    }
}
