//! Inspections (first cut: the record devices create offline) and the
//! append-only audit trail.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Inspections {
    Table,
    Id,
    Kind,
    SiteId,
    HouseholdId,
    RegionPath,
    InspectorId,
    Status,
    StartedAt,
    FinishedAt,
    Notes,
    Conclusion,
    Answers,
    Rev,
    FieldRevs,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    DeviceId,
    RecordType,
    RecordId,
    Action,
    Detail,
}

#[derive(DeriveIden)]
enum Sites {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Households {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Inspections::Table)
                    .col(pk_uuid(Inspections::Id))
                    .col(string(Inspections::Kind))
                    .col(uuid_null(Inspections::SiteId))
                    .col(uuid_null(Inspections::HouseholdId))
                    .col(string(Inspections::RegionPath))
                    .col(uuid(Inspections::InspectorId))
                    .col(string(Inspections::Status))
                    .col(timestamp_with_time_zone(Inspections::StartedAt))
                    .col(timestamp_with_time_zone_null(Inspections::FinishedAt))
                    .col(text(Inspections::Notes))
                    .col(text(Inspections::Conclusion))
                    .col(text(Inspections::Answers))
                    .col(big_integer(Inspections::Rev))
                    .col(text(Inspections::FieldRevs))
                    .col(timestamp_with_time_zone(Inspections::CreatedAt))
                    .col(timestamp_with_time_zone(Inspections::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_inspections_site")
                            .from(Inspections::Table, Inspections::SiteId)
                            .to(Sites::Table, Sites::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_inspections_household")
                            .from(Inspections::Table, Inspections::HouseholdId)
                            .to(Households::Table, Households::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_inspections_inspector")
                            .from(Inspections::Table, Inspections::InspectorId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_inspections_region_path")
                    .table(Inspections::Table)
                    .col(Inspections::RegionPath)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(uuid_null(AuditLog::ActorId))
                    .col(uuid_null(AuditLog::DeviceId))
                    .col(string(AuditLog::RecordType))
                    .col(uuid(AuditLog::RecordId))
                    .col(string(AuditLog::Action))
                    .col(text(AuditLog::Detail))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_record")
                    .table(AuditLog::Table)
                    .col(AuditLog::RecordType)
                    .col(AuditLog::RecordId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditLog::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Inspections::Table).to_owned()).await
    }
}
