//! Photos: stored blobs, resumable upload sessions, and the references from
//! records to photos (which may arrive before the bytes), plus the photo list
//! of an inspection.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Blobs {
    Table,
    Sha256,
    Size,
    ContentType,
    TakenAt,
    Latitude,
    Longitude,
    Thumbnails,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BlobUploads {
    Table,
    Id,
    UserId,
    DeviceId,
    ClientId,
    Sha256,
    Size,
    ContentType,
    Received,
    HashState,
    StoreUpload,
    Parts,
    CreatedAt,
    UpdatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum BlobRefs {
    Table,
    Sha256,
    RecordType,
    RecordId,
    RegionPath,
    OrgId,
    Audience,
    UserId,
    ClientId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Inspections {
    Table,
    Photos,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Blobs::Table)
                    .col(string_len(Blobs::Sha256, 64).primary_key())
                    .col(big_integer(Blobs::Size))
                    .col(string(Blobs::ContentType))
                    .col(string_null(Blobs::TakenAt))
                    .col(double_null(Blobs::Latitude))
                    .col(double_null(Blobs::Longitude))
                    .col(string(Blobs::Thumbnails))
                    .col(timestamp_with_time_zone(Blobs::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BlobUploads::Table)
                    .col(pk_uuid(BlobUploads::Id))
                    .col(uuid(BlobUploads::UserId))
                    .col(uuid_null(BlobUploads::DeviceId))
                    .col(uuid_null(BlobUploads::ClientId))
                    .col(string_len(BlobUploads::Sha256, 64))
                    .col(big_integer(BlobUploads::Size))
                    .col(string_null(BlobUploads::ContentType))
                    .col(big_integer(BlobUploads::Received))
                    .col(text(BlobUploads::HashState))
                    .col(string(BlobUploads::StoreUpload))
                    .col(text(BlobUploads::Parts))
                    .col(timestamp_with_time_zone(BlobUploads::CreatedAt))
                    .col(timestamp_with_time_zone(BlobUploads::UpdatedAt))
                    .col(timestamp_with_time_zone(BlobUploads::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_blob_uploads_expires_at")
                    .table(BlobUploads::Table)
                    .col(BlobUploads::ExpiresAt)
                    .to_owned(),
            )
            .await?;
        // No foreign key to `blobs`: a record may reference a photo before its bytes arrive.
        manager
            .create_table(
                Table::create()
                    .table(BlobRefs::Table)
                    .col(string_len(BlobRefs::Sha256, 64))
                    .col(string(BlobRefs::RecordType))
                    .col(uuid(BlobRefs::RecordId))
                    .col(string(BlobRefs::RegionPath))
                    .col(string(BlobRefs::OrgId))
                    .col(string(BlobRefs::Audience))
                    .col(uuid(BlobRefs::UserId))
                    .col(uuid_null(BlobRefs::ClientId))
                    .col(timestamp_with_time_zone(BlobRefs::CreatedAt))
                    .primary_key(
                        Index::create().col(BlobRefs::RecordType).col(BlobRefs::RecordId).col(BlobRefs::Sha256),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_blob_refs_sha256").table(BlobRefs::Table).col(BlobRefs::Sha256).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_blob_refs_user")
                    .table(BlobRefs::Table)
                    .col(BlobRefs::UserId)
                    .col(BlobRefs::ClientId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(Inspections::Table).add_column(text(Inspections::Photos).default("[]")).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Inspections::Table).drop_column(Inspections::Photos).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(BlobRefs::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(BlobUploads::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Blobs::Table).to_owned()).await
    }
}
