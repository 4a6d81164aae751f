//! Notice numbers are per county (bureau) and year: two counties of one
//! deployment both issue `2026-0001`, so the number is unique within its
//! bureau only. And whether a notice's re-inspection came after its
//! deadline although the answer came by it (the bureau's own lateness,
//! reported apart from the contractor's).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notices {
    Table,
    BureauKey,
    Number,
    ReinspectedLate,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_notices_number").table(Notices::Table).to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notices_bureau_number")
                    .table(Notices::Table)
                    .col(Notices::BureauKey)
                    .col(Notices::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(Notices::Table).add_column(boolean_null(Notices::ReinspectedLate)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Notices::Table).drop_column(Notices::ReinspectedLate).to_owned())
            .await?;
        manager.drop_index(Index::drop().name("idx_notices_bureau_number").table(Notices::Table).to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notices_number")
                    .table(Notices::Table)
                    .col(Notices::Number)
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
