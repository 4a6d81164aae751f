//! Service (送达) of a notice: when it reached its addressee and how (the
//! 送达回证: method, receiver, witness, postal number; JSON). The deadline
//! counts from the day of service.
//!
//! Notices issued before this column were counted as served when issued:
//! their `served_at` is their `issued_at`, and their service record is
//! absent (unknown), never invented.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notices {
    Table,
    ServedAt,
    Service,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        let alter = |column: ColumnDef| Table::alter().table(Notices::Table).add_column(column).to_owned();
        manager.alter_table(alter(timestamp_with_time_zone_null(Notices::ServedAt))).await?;
        manager.alter_table(alter(text_null(Notices::Service))).await?;
        manager
            .get_connection()
            .execute_unprepared("UPDATE notices SET served_at = issued_at WHERE issued_at IS NOT NULL")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Notices::Service, Notices::ServedAt] {
            manager.alter_table(Table::alter().table(Notices::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
