//! The escalation of overdue notices: a 督办单 and the county's steps after
//! it (通报批评, 约谈, 不良行为记录), each a numbered document addressed to
//! the company or, for a household's notice, the township.
//!
//! `notices.escalation_level` is how many steps a notice has climbed; each
//! sweep moves it up by a compare-and-set, so a step is taken once however
//! many processes sweep. Notices reminded before this migration stand at
//! level 1 without a 督办单 row (none was written then).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notices {
    Table,
    EscalationLevel,
}

#[derive(DeriveIden, Clone, Copy)]
enum Escalations {
    Table,
    Id,
    NoticeId,
    Step,
    Level,
    Number,
    AddresseeOrgId,
    AddresseeName,
    RegionPath,
    Deadline,
    RespondBy,
    IssuedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let level = integer(Notices::EscalationLevel).default(0).to_owned();
        manager.alter_table(Table::alter().table(Notices::Table).add_column(level).to_owned()).await?;
        manager
            .get_connection()
            .execute_unprepared("UPDATE notices SET escalation_level = 1 WHERE escalated_at IS NOT NULL")
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Escalations::Table)
                    .col(uuid(Escalations::Id).primary_key())
                    .col(uuid(Escalations::NoticeId))
                    .col(string(Escalations::Step))
                    .col(integer(Escalations::Level))
                    .col(string(Escalations::Number))
                    .col(uuid_null(Escalations::AddresseeOrgId))
                    .col(string(Escalations::AddresseeName))
                    .col(string(Escalations::RegionPath))
                    .col(date(Escalations::Deadline))
                    .col(date(Escalations::RespondBy))
                    .col(timestamp_with_time_zone(Escalations::IssuedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_escalations_notice_step")
                    .table(Escalations::Table)
                    .col(Escalations::NoticeId)
                    .col(Escalations::Step)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_escalations_issued")
                    .table(Escalations::Table)
                    .col(Escalations::IssuedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Escalations::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Notices::Table).drop_column(Notices::EscalationLevel).to_owned()).await
    }
}
