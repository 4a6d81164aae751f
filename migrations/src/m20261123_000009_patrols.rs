//! Patrol plans: recurring inspections of a site or a region (a site every
//! N days, a township's daily patrol, the weekly dispatch).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PatrolPlans {
    Table,
    Id,
    Name,
    Kind,
    SiteId,
    RegionId,
    RegionPath,
    EveryDays,
    StartsOn,
    AssigneeId,
    Active,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sites {
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
                    .table(PatrolPlans::Table)
                    .col(pk_uuid(PatrolPlans::Id))
                    .col(string(PatrolPlans::Name))
                    .col(string(PatrolPlans::Kind))
                    .col(uuid_null(PatrolPlans::SiteId))
                    .col(uuid(PatrolPlans::RegionId))
                    .col(string(PatrolPlans::RegionPath))
                    .col(integer(PatrolPlans::EveryDays))
                    .col(date(PatrolPlans::StartsOn))
                    .col(uuid_null(PatrolPlans::AssigneeId))
                    .col(boolean(PatrolPlans::Active))
                    .col(uuid(PatrolPlans::CreatedBy))
                    .col(timestamp_with_time_zone(PatrolPlans::CreatedAt))
                    .col(timestamp_with_time_zone(PatrolPlans::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_patrol_plans_site")
                            .from(PatrolPlans::Table, PatrolPlans::SiteId)
                            .to(Sites::Table, Sites::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_patrol_plans_assignee")
                            .from(PatrolPlans::Table, PatrolPlans::AssigneeId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_patrol_plans_region")
                    .table(PatrolPlans::Table)
                    .col(PatrolPlans::RegionPath)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PatrolPlans::Table).to_owned()).await
    }
}
