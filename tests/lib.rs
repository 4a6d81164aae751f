//! The black-box test harness: starts the real fieldsync router on a free
//! port, with a database of its own per test, on SQLite and (when
//! `FIELDSYNC_TEST_DATABASE_URL` is set) on PostgreSQL.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used)]

mod backend;
mod browser;
mod chromium;
mod client;
mod device;
pub mod ids;
mod photos;
mod receiver;
pub mod s3;
mod seed;
mod sockets;
mod tcp_proxy;

pub use backend::Backend;
pub use browser::{Browser, csrf_of};
pub use chromium::{Chromium, artifacts_dir};
pub use client::{Events, Reply, SseEvent, TestApp};
pub use device::Device;
pub use photos::{BlobEnv, fake_jpeg, real_image, sha_hex};
pub use receiver::{Arrival, Receiver};
pub use seed::{DEMO_PASSWORD, Places, Seeded};
pub use sockets::closed_within;
pub use tcp_proxy::TcpProxy;

/// Declares tests that each run once per database backend: a module
/// `sqlite` and a module `postgres` with one test per function. The
/// PostgreSQL variant returns early (and says so once) when no PostgreSQL is
/// configured. Starting with `settings = f;` starts each server with its
/// settings changed by `f: fn(&mut Settings)`.
#[macro_export]
macro_rules! db_tests {
    (settings = $tweak:expr; $( $(#[$meta:meta])* async fn $name:ident($app:ident) $body:block )*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                $(#[$meta])*
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    #[allow(unused_mut)]
                    let mut $app = $crate::TestApp::spawn_with($crate::Backend::Sqlite, $tweak).await;
                    $body
                    $app.stop().await;
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                $(#[$meta])*
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(backend) = $crate::Backend::postgres() else { return };
                    #[allow(unused_mut)]
                    let mut $app = $crate::TestApp::spawn_with(backend, $tweak).await;
                    $body
                    $app.stop().await;
                }
            )*
        }
    };
    ($($tests:tt)*) => {
        $crate::db_tests! { settings = |_| {}; $($tests)* }
    };
}
