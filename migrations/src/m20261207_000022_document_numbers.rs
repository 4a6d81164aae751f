//! Document numbers (文号) per county, kind and year, and their register.
//!
//! `number_counters` holds the last sequence taken of each series (county,
//! kind, year); it replaces `notice_counters`, whose one series for every
//! kind ended with this migration (numbers already issued keep their text).
//! `document_numbers` is the register: one row per sequence ever taken,
//! issued on a notice, reserved by a device for issuing offline, free again
//! (returned unused, taken before any new one), or voided with a reason.
//! So every number of a series is accounted for.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NumberCounters {
    Table,
    BureauKey,
    Kind,
    Year,
    Last,
}

#[derive(DeriveIden)]
enum NoticeCounters {
    Table,
    BureauKey,
    Year,
    Last,
}

#[derive(DeriveIden, Clone, Copy)]
enum DocumentNumbers {
    Table,
    Id,
    BureauKey,
    Kind,
    Year,
    Seq,
    Number,
    Status,
    NoticeId,
    HolderId,
    ClientId,
    ReservedAt,
    UsedAt,
    VoidedAt,
    VoidedBy,
    VoidReason,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NumberCounters::Table)
                    .col(string(NumberCounters::BureauKey))
                    .col(string(NumberCounters::Kind))
                    .col(integer(NumberCounters::Year))
                    .col(big_integer(NumberCounters::Last))
                    .primary_key(
                        Index::create()
                            .col(NumberCounters::BureauKey)
                            .col(NumberCounters::Kind)
                            .col(NumberCounters::Year),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentNumbers::Table)
                    .col(uuid(DocumentNumbers::Id).primary_key())
                    .col(string(DocumentNumbers::BureauKey))
                    .col(string(DocumentNumbers::Kind))
                    .col(integer(DocumentNumbers::Year))
                    .col(big_integer(DocumentNumbers::Seq))
                    .col(string(DocumentNumbers::Number))
                    .col(string(DocumentNumbers::Status))
                    .col(uuid_null(DocumentNumbers::NoticeId))
                    .col(uuid_null(DocumentNumbers::HolderId))
                    .col(uuid_null(DocumentNumbers::ClientId))
                    .col(timestamp_with_time_zone_null(DocumentNumbers::ReservedAt))
                    .col(timestamp_with_time_zone_null(DocumentNumbers::UsedAt))
                    .col(timestamp_with_time_zone_null(DocumentNumbers::VoidedAt))
                    .col(uuid_null(DocumentNumbers::VoidedBy))
                    .col(text(DocumentNumbers::VoidReason))
                    .col(timestamp_with_time_zone(DocumentNumbers::CreatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_document_numbers_series",
                &[DocumentNumbers::BureauKey, DocumentNumbers::Kind, DocumentNumbers::Year, DocumentNumbers::Seq][..],
            ),
            ("idx_document_numbers_number", &[DocumentNumbers::BureauKey, DocumentNumbers::Number][..]),
        ] {
            let mut index = Index::create().name(name).table(DocumentNumbers::Table).unique().to_owned();
            for column in columns {
                index.col(*column);
            }
            manager.create_index(index).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_document_numbers_holder")
                    .table(DocumentNumbers::Table)
                    .col(DocumentNumbers::HolderId)
                    .col(DocumentNumbers::Status)
                    .to_owned(),
            )
            .await?;
        manager.drop_table(Table::drop().table(NoticeCounters::Table).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NoticeCounters::Table)
                    .col(string(NoticeCounters::BureauKey))
                    .col(integer(NoticeCounters::Year))
                    .col(big_integer(NoticeCounters::Last))
                    .primary_key(Index::create().col(NoticeCounters::BureauKey).col(NoticeCounters::Year))
                    .to_owned(),
            )
            .await?;
        manager.drop_table(Table::drop().table(DocumentNumbers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(NumberCounters::Table).to_owned()).await
    }
}
