//! fieldsync: the sync server for offline-first mobile field inspection.
//!
//! The binary (`main.rs`) only parses the command line and calls [`cli::run`].
//! Tests build an [`app::App`], bind a listener on port 0 and call
//! [`server::serve`] with a shutdown future of their own.
#![forbid(unsafe_code)]

pub mod app;
pub mod audit;
pub mod auth;
pub mod banner;
pub mod blobs;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod directory;
pub mod error;
pub mod field;
pub mod http;
pub mod i18n;
pub mod inspections;
pub mod jobs;
pub mod money;
pub mod notices;
pub mod numbers;
pub mod patrols;
pub mod policy;
pub mod renovations;
pub mod reports;
pub mod server;
pub mod sync;
pub mod telemetry;
pub mod templates;
pub mod tls;
pub mod web;
pub mod webhooks;
