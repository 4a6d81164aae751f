//! The other parties of a construction project that its documents name: the
//! owner or developer (建设单位) and the supervision company (监理单位), as
//! free text (they are rarely users of the system). Sites stored before
//! have none; their documents leave the line blank to be filled by hand.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sites {
    Table,
    OwnerUnit,
    SupervisionUnit,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Sites::OwnerUnit, Sites::SupervisionUnit] {
            let column = string_null(column);
            manager.alter_table(Table::alter().table(Sites::Table).add_column(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Sites::SupervisionUnit, Sites::OwnerUnit] {
            manager.alter_table(Table::alter().table(Sites::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
