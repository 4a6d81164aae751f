//! Rural housing renovation: each priority household's one file (一户一档)
//! with its process steps and photos, and the subsidy payments made to it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Renovations {
    Table,
    Id,
    HouseholdId,
    RegionPath,
    FileNumber,
    RenovationType,
    BuildMode,
    Step,
    Steps,
    Photos,
    StartedOn,
    CompletedOn,
    AcceptedOn,
    Rev,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SubsidyPayments {
    Table,
    Id,
    RenovationId,
    RegionPath,
    AmountFen,
    PaidOn,
    Reference,
    RecordedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Households {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Renovations::Table)
                    .col(pk_uuid(Renovations::Id))
                    .col(uuid_uniq(Renovations::HouseholdId))
                    .col(string(Renovations::RegionPath))
                    .col(string(Renovations::FileNumber))
                    .col(string(Renovations::RenovationType))
                    .col(string(Renovations::BuildMode))
                    .col(string(Renovations::Step))
                    .col(text(Renovations::Steps))
                    .col(text(Renovations::Photos))
                    .col(date_null(Renovations::StartedOn))
                    .col(date_null(Renovations::CompletedOn))
                    .col(date_null(Renovations::AcceptedOn))
                    .col(big_integer(Renovations::Rev))
                    .col(uuid(Renovations::CreatedBy))
                    .col(timestamp_with_time_zone(Renovations::CreatedAt))
                    .col(timestamp_with_time_zone(Renovations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_renovations_household")
                            .from(Renovations::Table, Renovations::HouseholdId)
                            .to(Households::Table, Households::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_renovations_started", Renovations::StartedOn),
            ("idx_renovations_completed", Renovations::CompletedOn),
            ("idx_renovations_accepted", Renovations::AcceptedOn),
        ] {
            manager.create_index(Index::create().name(name).table(Renovations::Table).col(col).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(SubsidyPayments::Table)
                    .col(pk_uuid(SubsidyPayments::Id))
                    .col(uuid(SubsidyPayments::RenovationId))
                    .col(string(SubsidyPayments::RegionPath))
                    .col(big_integer(SubsidyPayments::AmountFen))
                    .col(date(SubsidyPayments::PaidOn))
                    .col(string(SubsidyPayments::Reference))
                    .col(uuid(SubsidyPayments::RecordedBy))
                    .col(timestamp_with_time_zone(SubsidyPayments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_subsidy_payments_renovation")
                            .from(SubsidyPayments::Table, SubsidyPayments::RenovationId)
                            .to(Renovations::Table, Renovations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_subsidy_payments_paid_on")
                    .table(SubsidyPayments::Table)
                    .col(SubsidyPayments::PaidOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SubsidyPayments::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Renovations::Table).to_owned()).await
    }
}
