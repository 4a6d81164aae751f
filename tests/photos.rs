//! Photo test helpers: a server on either photo store (with its S3 test
//! server), sample images, and an uploader speaking the upload protocol.

use std::io::Cursor;

use fieldsync::config::BlobBackend;
use reqwest::header::CONTENT_RANGE;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::{Backend, Reply, TestApp, s3::S3Server};

/// A server for photo tests: on the `fs` store, or on S3 with its test server.
pub struct BlobEnv {
    /// The fieldsync server.
    pub app: TestApp,
    /// The S3 test server, when the store is S3.
    pub s3: Option<S3Server>,
}

impl BlobEnv {
    /// Starts a server on `backend` with the `fs` store, or with S3 (`s3`).
    pub async fn spawn(backend: Backend, s3: bool) -> BlobEnv {
        Self::spawn_with(backend, s3, |_| {}).await
    }

    /// Same, letting `tweak` change the settings.
    pub async fn spawn_with(
        backend: Backend,
        s3: bool,
        tweak: impl FnOnce(&mut fieldsync::config::Settings),
    ) -> BlobEnv {
        let server = if s3 { Some(S3Server::start().await) } else { None };
        let store = server.as_ref().map(S3Server::settings);
        let app = TestApp::spawn_with(backend, |settings| {
            if let Some(store) = store {
                settings.blobs.backend = BlobBackend::S3;
                settings.blobs.s3 = store;
            }
            tweak(settings);
        })
        .await;
        BlobEnv { app, s3: server }
    }

    /// Stops the server (and the S3 test server).
    pub async fn stop(self) {
        self.app.stop().await;
    }
}

/// The SHA-256 of some bytes, in hex.
pub fn sha_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// `len` bytes that sniff as a JPEG (its magic number, then noise) but do not decode.
pub fn fake_jpeg(len: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) | 1;
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A real image of `width` × `height` pixels in `format` (a gradient).
pub fn real_image(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, format).expect("encode image");
    out.into_inner()
}

impl TestApp {
    /// Waits (polling, at most two minutes) until no photo's thumbnails are still to be made.
    pub async fn thumbnails_made(&self) {
        use fieldsync::blobs::entity::blob;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        for _ in 0..1200 {
            let pending = blob::Entity::find()
                .filter(blob::Column::Thumbnails.eq("pending"))
                .count(self.state.db.read())
                .await
                .unwrap();
            if pending == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("thumbnails still pending after two minutes");
    }

    /// `POST /v1/blobs/uploads` for these bytes (declared hash and size may be overridden).
    pub async fn start_upload(&self, token: &str, sha: &str, size: u64) -> Reply {
        self.start_claiming(token, sha, size, json!({})).await
    }

    /// Starts an upload with claims (`taken_at`, `location`) merged into the body.
    pub async fn start_claiming(&self, token: &str, sha: &str, size: u64, claims: Value) -> Reply {
        let mut body = json!({"sha256": sha, "size": size});
        if let (Some(body), Some(claims)) = (body.as_object_mut(), claims.as_object()) {
            body.extend(claims.clone());
        }
        self.post("/v1/blobs/uploads", token, &body).await
    }

    /// Uploads a whole photo in one chunk, with claims; returns the last answer.
    pub async fn upload_claiming(&self, token: &str, data: &[u8], claims: Value) -> Reply {
        self.upload_with(token, data, data.len(), claims).await
    }

    async fn upload_with(&self, token: &str, data: &[u8], chunk: usize, claims: Value) -> Reply {
        let started = self.start_claiming(token, &sha_hex(data), data.len() as u64, claims).await;
        if started.status == 200 {
            return started;
        }
        let upload = started.expect(201)["upload_id"].as_str().expect("upload id").to_owned();
        self.send_rest(token, &upload, data, 0, chunk).await
    }

    /// Sends bytes `start..start+data.len()` of an upload of `total` bytes.
    pub async fn put_chunk(&self, token: &str, upload: &str, start: u64, data: Vec<u8>, total: u64) -> Reply {
        let end = start + data.len() as u64 - 1;
        let request = self
            .http
            .put(self.url(&format!("/v1/blobs/uploads/{upload}")))
            .bearer_auth(token)
            .header(CONTENT_RANGE, format!("bytes {start}-{end}/{total}"))
            .body(data);
        TestApp::read(request).await
    }

    /// Uploads a photo in chunks of `chunk` bytes; returns the last answer.
    pub async fn upload(&self, token: &str, data: &[u8], chunk: usize) -> Reply {
        self.upload_with(token, data, chunk, json!({})).await
    }

    /// Sends `data` from `offset` in chunks of `chunk` bytes; returns the last answer.
    pub async fn send_rest(&self, token: &str, upload: &str, data: &[u8], offset: usize, chunk: usize) -> Reply {
        let mut start = offset;
        loop {
            let end = (start + chunk).min(data.len());
            let reply = self.put_chunk(token, upload, start as u64, data[start..end].to_vec(), data.len() as u64).await;
            if reply.status != 200 || end == data.len() {
                return reply;
            }
            start = end;
        }
    }

    /// Downloads a path with a token and extra headers; the body as bytes.
    pub async fn fetch(
        &self,
        path: &str,
        token: &str,
        headers: &[(&str, &str)],
    ) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
        let mut request = self.http.get(self.url(path)).bearer_auth(token);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("download");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, headers, response.bytes().await.expect("body").to_vec())
    }

    /// Pushes mutations as `token`'s client.
    pub async fn push_as(&self, token: &str, client: uuid::Uuid, mutations: Value) -> Reply {
        let body = json!({"client_id": client, "mutations": mutations});
        let request =
            self.http.post(self.url("/v1/sync/push")).bearer_auth(token).header("fieldsync-protocol", "1").json(&body);
        TestApp::read(request).await
    }
}

/// Declares photo tests that each run on the `fs` and the S3 store, on
/// SQLite and (when configured) on PostgreSQL. The body gets a [`BlobEnv`].
#[macro_export]
macro_rules! store_tests {
    ($( $(#[$meta:meta])* async fn $name:ident($env:ident) $body:block )*) => {
        $crate::store_tests!(@variant fs_sqlite, false, false; $( $(#[$meta])* async fn $name($env) $body )*);
        $crate::store_tests!(@variant s3_sqlite, true, false; $( $(#[$meta])* async fn $name($env) $body )*);
        $crate::store_tests!(@variant fs_postgres, false, true; $( $(#[$meta])* async fn $name($env) $body )*);
        $crate::store_tests!(@variant s3_postgres, true, true; $( $(#[$meta])* async fn $name($env) $body )*);
    };
    (@variant $module:ident, $s3:expr, $pg:expr; $( $(#[$meta:meta])* async fn $name:ident($env:ident) $body:block )*) => {
        mod $module {
            #[allow(unused_imports)]
            use super::*;
            $(
                $(#[$meta])*
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let backend = if $pg {
                        let Some(backend) = $crate::Backend::postgres() else { return };
                        backend
                    } else {
                        $crate::Backend::Sqlite
                    };
                    #[allow(unused_mut)]
                    let mut $env = $crate::BlobEnv::spawn(backend, $s3).await;
                    $body
                    $env.stop().await;
                }
            )*
        }
    };
}
