//! The schedule of periodic background jobs, shared by every process on the
//! database: a job's next run is taken here by one process at a time.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum JobSchedule {
    Table,
    Name,
    NextRunAt,
    Owner,
    StartedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JobSchedule::Table)
                    .col(string(JobSchedule::Name).primary_key())
                    .col(timestamp_with_time_zone(JobSchedule::NextRunAt))
                    .col(uuid(JobSchedule::Owner))
                    .col(timestamp_with_time_zone(JobSchedule::StartedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(JobSchedule::Table).to_owned()).await
    }
}
