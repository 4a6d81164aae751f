//! Black-box API tests: one binary, one module per area.
#![allow(clippy::unwrap_used)]

mod auth;
mod basics;
mod blobs_access;
mod blobs_outage;
mod blobs_upload;
mod demo;
mod directory_households;
mod directory_import;
mod directory_organisations;
mod directory_sites;
mod directory_users;
mod inspections;
mod migrations;
mod notices_common;
mod notices_lifecycle;
mod notices_numbering;
mod notices_overdue;
mod notices_scope;
mod patrols;
mod renovations;
mod reports;
mod reports_exports;
mod story;
mod sync_concurrency;
mod sync_convergence;
mod sync_directory;
mod sync_examples;
mod sync_first_sync;
mod sync_live;
mod sync_pages;
mod sync_pull;
mod sync_push;
mod sync_retention;
mod templates;
mod web_session;
