//! Who has proved they hold a photo's bytes. A reference from a record to a
//! photo lets the record's readers download it only once the user who made
//! the reference is a holder: they uploaded the bytes, or could already read
//! the photo when they referenced it. Naming a hash is not proof.
//!
//! Photos referenced before this table existed are grandfathered: every user
//! who referenced a stored photo becomes a holder of it, so nobody loses
//! access to what they could read before.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum BlobHolders {
    Table,
    Sha256,
    UserId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BlobHolders::Table)
                    .col(string_len(BlobHolders::Sha256, 64))
                    .col(uuid(BlobHolders::UserId))
                    .col(timestamp_with_time_zone(BlobHolders::CreatedAt))
                    .primary_key(Index::create().col(BlobHolders::Sha256).col(BlobHolders::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_blob_holders_user")
                    .table(BlobHolders::Table)
                    .col(BlobHolders::UserId)
                    .col(BlobHolders::Sha256)
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO blob_holders (sha256, user_id, created_at) \
                 SELECT r.sha256, r.user_id, MIN(r.created_at) FROM blob_refs r \
                 JOIN blobs b ON b.sha256 = r.sha256 GROUP BY r.sha256, r.user_id",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(BlobHolders::Table).to_owned()).await
    }
}
