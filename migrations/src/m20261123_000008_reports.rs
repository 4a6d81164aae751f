//! Reports: the index that lets a period's finished inspections be read
//! without a scan, and the export jobs that produce large CSV files in the
//! background.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Inspections {
    Table,
    Status,
    FinishedAt,
    RegionPath,
}

#[derive(DeriveIden)]
enum ExportJobs {
    Table,
    Id,
    OwnerId,
    What,
    Params,
    ScopePattern,
    State,
    RowsDone,
    RowsTotal,
    Error,
    ClaimedBy,
    HeartbeatAt,
    CreatedAt,
    FinishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_inspections_finished")
                    .table(Inspections::Table)
                    .col(Inspections::Status)
                    .col(Inspections::FinishedAt)
                    .col(Inspections::RegionPath)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExportJobs::Table)
                    .col(pk_uuid(ExportJobs::Id))
                    .col(uuid(ExportJobs::OwnerId))
                    .col(string(ExportJobs::What))
                    .col(text(ExportJobs::Params))
                    .col(string(ExportJobs::ScopePattern))
                    .col(string(ExportJobs::State))
                    .col(big_integer(ExportJobs::RowsDone))
                    .col(big_integer_null(ExportJobs::RowsTotal))
                    .col(text(ExportJobs::Error))
                    .col(uuid_null(ExportJobs::ClaimedBy))
                    .col(timestamp_with_time_zone_null(ExportJobs::HeartbeatAt))
                    .col(timestamp_with_time_zone(ExportJobs::CreatedAt))
                    .col(timestamp_with_time_zone_null(ExportJobs::FinishedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_export_jobs_state")
                    .table(ExportJobs::Table)
                    .col(ExportJobs::State)
                    .col(ExportJobs::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ExportJobs::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("idx_inspections_finished").table(Inspections::Table).to_owned()).await
    }
}
