//! The fieldsync schema as sea-orm-migration migrations: the only source of the
//! schema. One file per migration, named `mYYYYMMDD_NNNNNN_what.rs`.
#![forbid(unsafe_code)]

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_directory;
mod m20261123_000002_auth;
mod m20261123_000003_sync;
mod m20261123_000004_inspections_audit;
mod m20261123_000005_blobs;
mod m20261123_000006_templates;
mod m20261123_000007_notices;
mod m20261123_000008_reports;
mod m20261123_000009_patrols;
mod m20261123_000010_renovations;
mod m20261123_000011_webhooks;
mod m20261123_000012_web_sessions;
mod m20261123_000013_job_schedule;
mod m20261202_000014_blob_holders;
mod m20261202_000015_import_keys;
mod m20261202_000016_rural_grades;
mod m20261202_000018_notice_numbers_per_county;
mod m20261203_000019_inspection_location;
mod m20261203_000020_photo_claims;
mod m20261207_000021_notice_answers;
mod m20261207_000022_document_numbers;
mod m20261208_000023_notice_service;
mod m20261208_000024_suspensions;
mod m20261208_000025_escalations;
mod m20261208_000026_site_units;
mod m20261208_000027_penalty_cases;

/// Runs the fieldsync migrations in order.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_directory::Migration),
            Box::new(m20261123_000002_auth::Migration),
            Box::new(m20261123_000003_sync::Migration),
            Box::new(m20261123_000004_inspections_audit::Migration),
            Box::new(m20261123_000005_blobs::Migration),
            Box::new(m20261123_000006_templates::Migration),
            Box::new(m20261123_000007_notices::Migration),
            Box::new(m20261123_000008_reports::Migration),
            Box::new(m20261123_000009_patrols::Migration),
            Box::new(m20261123_000010_renovations::Migration),
            Box::new(m20261123_000011_webhooks::Migration),
            Box::new(m20261123_000013_job_schedule::Migration),
            Box::new(m20261123_000012_web_sessions::Migration),
            Box::new(m20261202_000014_blob_holders::Migration),
            Box::new(m20261202_000015_import_keys::Migration),
            Box::new(m20261202_000016_rural_grades::Migration),
            Box::new(m20261202_000018_notice_numbers_per_county::Migration),
            Box::new(m20261203_000019_inspection_location::Migration),
            Box::new(m20261203_000020_photo_claims::Migration),
            Box::new(m20261207_000021_notice_answers::Migration),
            Box::new(m20261207_000022_document_numbers::Migration),
            Box::new(m20261208_000023_notice_service::Migration),
            Box::new(m20261208_000024_suspensions::Migration),
            Box::new(m20261208_000025_escalations::Migration),
            Box::new(m20261208_000026_site_units::Migration),
            Box::new(m20261208_000027_penalty_cases::Migration),
        ]
    }
}
