//! Black-box API tests: one binary, one module per area.
#![allow(clippy::unwrap_used)]

mod auth;
mod basics;
mod migrations;
