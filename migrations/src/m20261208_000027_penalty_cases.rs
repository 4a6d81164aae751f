//! Penalty cases (行政处罚案件): a filed case (`case_filed` notice, approved)
//! goes 调查终结 → 事先告知 → 处罚决定 → 送达 → 执行 → 结案, each step
//! recorded here with its document's number; the 行政处罚决定书 exists
//! only once the case is decided.
//!
//! Cases filed before this table have no row: they stay as the notices
//! they were, and can be re-filed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PenaltyCases {
    Table,
    NoticeId,
    Stage,
    RegionPath,
    Officers,
    Facts,
    ProposedFen,
    NotificationNumber,
    NotifiedAt,
    StatementDue,
    HearingDue,
    Statement,
    DecidedFen,
    DecisionNumber,
    DecidedAt,
    DecidedBy,
    ServedAt,
    Service,
    PaidFen,
    PaidOn,
    Receipt,
    ClosedAt,
    Rev,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PenaltyCases as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(uuid(C::NoticeId).primary_key())
                    .col(string(C::Stage))
                    .col(string(C::RegionPath))
                    .col(text(C::Officers))
                    .col(text(C::Facts))
                    .col(big_integer_null(C::ProposedFen))
                    .col(string_null(C::NotificationNumber))
                    .col(timestamp_with_time_zone_null(C::NotifiedAt))
                    .col(date_null(C::StatementDue))
                    .col(date_null(C::HearingDue))
                    .col(text(C::Statement))
                    .col(big_integer_null(C::DecidedFen))
                    .col(string_null(C::DecisionNumber))
                    .col(timestamp_with_time_zone_null(C::DecidedAt))
                    .col(uuid_null(C::DecidedBy))
                    .col(timestamp_with_time_zone_null(C::ServedAt))
                    .col(text_null(C::Service))
                    .col(big_integer_null(C::PaidFen))
                    .col(date_null(C::PaidOn))
                    .col(string(C::Receipt))
                    .col(timestamp_with_time_zone_null(C::ClosedAt))
                    .col(big_integer(C::Rev))
                    .col(timestamp_with_time_zone(C::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_penalty_cases_decided").table(C::Table).col(C::DecidedAt).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PenaltyCases::Table).to_owned()).await
    }
}
