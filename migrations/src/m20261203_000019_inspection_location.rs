//! Where the device was when an inspection started: latitude and longitude
//! in degrees (WGS 84, as the phone's positioning gives them) and the
//! accuracy the phone claimed, in metres. Informative only: never used to
//! authorise, and null when the inspector did not allow positioning.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Inspections {
    Table,
    Latitude,
    Longitude,
    LocationAccuracyM,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in [Inspections::Latitude, Inspections::Longitude, Inspections::LocationAccuracyM] {
            let mut column = ColumnDef::new(column).double().null().to_owned();
            manager.alter_table(Table::alter().table(Inspections::Table).add_column(&mut column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Inspections::LocationAccuracyM, Inspections::Longitude, Inspections::Latitude] {
            manager.alter_table(Table::alter().table(Inspections::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
