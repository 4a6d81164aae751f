//! When and where the device says a photo was taken: sent with the start of
//! its upload, kept on the session until the bytes are verified, then on the
//! photo beside what its EXIF block says. Claims of a device, bounded when
//! received, informative only; null when the device did not say (or the
//! photo was stored before by someone else, whose claims stand).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Blobs {
    Table,
}

#[derive(DeriveIden)]
enum BlobUploads {
    Table,
}

#[derive(DeriveIden)]
enum Claim {
    ClaimedTakenAt,
    ClaimedLatitude,
    ClaimedLongitude,
    ClaimedAccuracyM,
}

fn columns() -> [ColumnDef; 4] {
    [
        ColumnDef::new(Claim::ClaimedTakenAt).timestamp_with_time_zone().null().to_owned(),
        ColumnDef::new(Claim::ClaimedLatitude).double().null().to_owned(),
        ColumnDef::new(Claim::ClaimedLongitude).double().null().to_owned(),
        ColumnDef::new(Claim::ClaimedAccuracyM).double().null().to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for table in [Blobs::Table.into_iden(), BlobUploads::Table.into_iden()] {
            for mut column in columns() {
                manager.alter_table(Table::alter().table(table.clone()).add_column(&mut column).to_owned()).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [BlobUploads::Table.into_iden(), Blobs::Table.into_iden()] {
            for column in
                [Claim::ClaimedAccuracyM, Claim::ClaimedLongitude, Claim::ClaimedLatitude, Claim::ClaimedTakenAt]
            {
                manager.alter_table(Table::alter().table(table.clone()).drop_column(column).to_owned()).await?;
            }
        }
        Ok(())
    }
}
