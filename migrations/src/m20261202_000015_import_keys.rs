//! The import key of a site or household: derived from the cells of the CSV
//! row that created it, so that a row sent again (the same file after a
//! lost answer, or a corrected one after an interrupted import) is
//! recognised and not stored twice. `NULL` for records made otherwise.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sites {
    Table,
    ImportKey,
}

#[derive(DeriveIden)]
enum Households {
    Table,
    ImportKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Sites::Table).add_column(uuid_null(Sites::ImportKey)).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter().table(Households::Table).add_column(uuid_null(Households::ImportKey)).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sites_import_key")
                    .table(Sites::Table)
                    .col(Sites::ImportKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_households_import_key")
                    .table(Households::Table)
                    .col(Households::ImportKey)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_households_import_key").table(Households::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("idx_sites_import_key").table(Sites::Table).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(Households::Table).drop_column(Households::ImportKey).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Sites::Table).drop_column(Sites::ImportKey).to_owned()).await
    }
}
