//! Directory data: the region tree, organisations, users and their devices,
//! construction sites and rural households.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Regions {
    Table,
    Id,
    ParentId,
    Level,
    Code,
    Name,
    Path,
    Disabled,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Kind,
    Name,
    CreditCode,
    RegionId,
    ContactName,
    ContactPhone,
    Disabled,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    DisplayName,
    PasswordHash,
    Role,
    RegionId,
    OrganisationId,
    Phone,
    Disabled,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Devices {
    Table,
    Id,
    UserId,
    DeviceKey,
    UserAgent,
    FirstSeenAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum Sites {
    Table,
    Id,
    Name,
    Address,
    Latitude,
    Longitude,
    ProjectType,
    ContractorId,
    RegionId,
    RegionPath,
    PermitNumber,
    Status,
    Disabled,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Households {
    Table,
    Id,
    HeadName,
    IdNumber,
    Phone,
    RegionId,
    RegionPath,
    Category,
    Grade,
    Address,
    Members,
    Disabled,
    CreatedAt,
    UpdatedAt,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Restrict).to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create().name(name).table(table).to_owned();
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Regions::Table)
                    .col(pk_uuid(Regions::Id))
                    .col(uuid_null(Regions::ParentId))
                    .col(string(Regions::Level))
                    .col(string_uniq(Regions::Code))
                    .col(string(Regions::Name))
                    .col(string_uniq(Regions::Path))
                    .col(boolean(Regions::Disabled).default(false))
                    .col(timestamp_with_time_zone(Regions::CreatedAt))
                    .col(timestamp_with_time_zone(Regions::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_regions_parent",
                        (Regions::Table, Regions::ParentId),
                        (Regions::Table, Regions::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_regions_parent", Regions::Table, &["parent_id"])).await?;

        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .col(pk_uuid(Organisations::Id))
                    .col(string(Organisations::Kind))
                    .col(string(Organisations::Name))
                    .col(string_null(Organisations::CreditCode).unique_key())
                    .col(uuid_null(Organisations::RegionId))
                    .col(string_null(Organisations::ContactName))
                    .col(string_null(Organisations::ContactPhone))
                    .col(boolean(Organisations::Disabled).default(false))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_organisations_region",
                        (Organisations::Table, Organisations::RegionId),
                        (Regions::Table, Regions::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    .col(string_uniq(Users::Username))
                    .col(string(Users::DisplayName))
                    .col(string(Users::PasswordHash))
                    .col(string(Users::Role))
                    .col(uuid_null(Users::RegionId))
                    .col(uuid_null(Users::OrganisationId))
                    .col(string_null(Users::Phone))
                    .col(boolean(Users::Disabled).default(false))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_users_region",
                        (Users::Table, Users::RegionId),
                        (Regions::Table, Regions::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_users_organisation",
                        (Users::Table, Users::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Devices::Table)
                    .col(pk_uuid(Devices::Id))
                    .col(uuid(Devices::UserId))
                    .col(string(Devices::DeviceKey))
                    .col(string_null(Devices::UserAgent))
                    .col(timestamp_with_time_zone(Devices::FirstSeenAt))
                    .col(timestamp_with_time_zone(Devices::LastSeenAt))
                    .foreign_key(&mut fk(
                        "fk_devices_user",
                        (Devices::Table, Devices::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("uq_devices_user_key", Devices::Table, &["user_id", "device_key"]).unique().to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sites::Table)
                    .col(pk_uuid(Sites::Id))
                    .col(string(Sites::Name))
                    .col(string(Sites::Address))
                    .col(double_null(Sites::Latitude))
                    .col(double_null(Sites::Longitude))
                    .col(string(Sites::ProjectType))
                    .col(uuid_null(Sites::ContractorId))
                    .col(uuid(Sites::RegionId))
                    .col(string(Sites::RegionPath))
                    .col(string_null(Sites::PermitNumber))
                    .col(string(Sites::Status))
                    .col(boolean(Sites::Disabled).default(false))
                    .col(timestamp_with_time_zone(Sites::CreatedAt))
                    .col(timestamp_with_time_zone(Sites::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_sites_contractor",
                        (Sites::Table, Sites::ContractorId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_sites_region",
                        (Sites::Table, Sites::RegionId),
                        (Regions::Table, Regions::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_sites_region_path", Sites::Table, &["region_path"])).await?;
        manager.create_index(index("idx_sites_contractor", Sites::Table, &["contractor_id"])).await?;

        manager
            .create_table(
                Table::create()
                    .table(Households::Table)
                    .col(pk_uuid(Households::Id))
                    .col(string(Households::HeadName))
                    .col(string_uniq(Households::IdNumber))
                    .col(string_null(Households::Phone))
                    .col(uuid(Households::RegionId))
                    .col(string(Households::RegionPath))
                    .col(string(Households::Category))
                    .col(string_null(Households::Grade))
                    .col(string_null(Households::Address))
                    .col(integer_null(Households::Members))
                    .col(boolean(Households::Disabled).default(false))
                    .col(timestamp_with_time_zone(Households::CreatedAt))
                    .col(timestamp_with_time_zone(Households::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_households_region",
                        (Households::Table, Households::RegionId),
                        (Regions::Table, Regions::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_households_region_path", Households::Table, &["region_path"])).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Households::Table.into_iden(),
            Sites::Table.into_iden(),
            Devices::Table.into_iden(),
            Users::Table.into_iden(),
            Organisations::Table.into_iden(),
            Regions::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
