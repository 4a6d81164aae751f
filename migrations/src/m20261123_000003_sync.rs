//! The sync engine's tables: the commit-ordered change log, the version
//! counter that orders it, the clients and the results of their mutations.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SyncState {
    Table,
    Id,
    Version,
    PurgedThrough,
}

#[derive(DeriveIden)]
enum SyncChanges {
    Table,
    Id,
    RecordType,
    RecordId,
    RegionPath,
    OrgId,
    Audience,
    Deleted,
    Data,
    Version,
    ChangedAt,
}

#[derive(DeriveIden)]
enum SyncClients {
    Table,
    ClientId,
    UserId,
    DeviceId,
    LastMutationId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SyncMutations {
    Table,
    ClientId,
    MutationId,
    Name,
    Outcome,
    Version,
    ProcessedAt,
}

#[derive(DeriveIden)]
enum ServerSecrets {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row: the version of the last committed write, and how far tombstones were purged.
        manager
            .create_table(
                Table::create()
                    .table(SyncState::Table)
                    .col(integer(SyncState::Id).primary_key())
                    .col(big_integer(SyncState::Version))
                    .col(big_integer(SyncState::PurgedThrough))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(SyncState::Table)
                    .columns([SyncState::Id, SyncState::Version, SyncState::PurgedThrough])
                    .values_panic([1.into(), 0i64.into(), 0i64.into()])
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SyncChanges::Table)
                    .col(big_pk_auto(SyncChanges::Id))
                    .col(string(SyncChanges::RecordType))
                    .col(uuid(SyncChanges::RecordId))
                    .col(string(SyncChanges::RegionPath))
                    .col(string(SyncChanges::OrgId))
                    .col(string(SyncChanges::Audience))
                    .col(boolean(SyncChanges::Deleted))
                    .col(text_null(SyncChanges::Data))
                    .col(big_integer(SyncChanges::Version))
                    .col(timestamp_with_time_zone(SyncChanges::ChangedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_sync_changes_record_scope")
                    .table(SyncChanges::Table)
                    .col(SyncChanges::RecordType)
                    .col(SyncChanges::RecordId)
                    .col(SyncChanges::RegionPath)
                    .col(SyncChanges::OrgId)
                    .col(SyncChanges::Audience)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sync_changes_version")
                    .table(SyncChanges::Table)
                    .col(SyncChanges::Version)
                    .col(SyncChanges::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SyncClients::Table)
                    .col(uuid(SyncClients::ClientId).primary_key())
                    .col(uuid(SyncClients::UserId))
                    .col(uuid_null(SyncClients::DeviceId))
                    .col(big_integer(SyncClients::LastMutationId))
                    .col(timestamp_with_time_zone(SyncClients::CreatedAt))
                    .col(timestamp_with_time_zone(SyncClients::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sync_clients_user")
                            .from(SyncClients::Table, SyncClients::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SyncMutations::Table)
                    .col(uuid(SyncMutations::ClientId))
                    .col(big_integer(SyncMutations::MutationId))
                    .col(string(SyncMutations::Name))
                    .col(text(SyncMutations::Outcome))
                    .col(big_integer(SyncMutations::Version))
                    .col(timestamp_with_time_zone(SyncMutations::ProcessedAt))
                    .primary_key(Index::create().col(SyncMutations::ClientId).col(SyncMutations::MutationId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sync_mutations_client")
                            .from(SyncMutations::Table, SyncMutations::ClientId)
                            .to(SyncClients::Table, SyncClients::ClientId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ServerSecrets::Table)
                    .col(string(ServerSecrets::Name).primary_key())
                    .col(string(ServerSecrets::Value))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ServerSecrets::Table.into_iden(),
            SyncMutations::Table.into_iden(),
            SyncClients::Table.into_iden(),
            SyncChanges::Table.into_iden(),
            SyncState::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
