//! Rectification notices: the notice, its append-only history of transitions,
//! and the per-bureau, per-year counters that give issued notices their
//! gap-free official numbers.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Notices {
    Table,
    Id,
    Number,
    Kind,
    State,
    InspectionId,
    SiteId,
    HouseholdId,
    RegionPath,
    AddresseeOrgId,
    BureauKey,
    AuthorId,
    Content,
    Deadline,
    IssuedAt,
    AcknowledgedAt,
    RespondedAt,
    ClosedAt,
    VerifiedOnTime,
    Response,
    VerdictComment,
    ReviewStatus,
    ReviewComment,
    ReviewedBy,
    ReviewedAt,
    OverdueAt,
    EscalatedAt,
    Rev,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NoticeEvents {
    Table,
    Id,
    NoticeId,
    At,
    ActorId,
    DeviceId,
    ClientId,
    Action,
    FromState,
    ToState,
    Comment,
    Internal,
}

#[derive(DeriveIden)]
enum NoticeCounters {
    Table,
    BureauKey,
    Year,
    Last,
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

fn index(name: &str, table: impl IntoIden, cols: &[Notices]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(*col);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notices::Table)
                    .col(pk_uuid(Notices::Id))
                    .col(string_null(Notices::Number))
                    .col(string(Notices::Kind))
                    .col(string(Notices::State))
                    .col(uuid_null(Notices::InspectionId))
                    .col(uuid_null(Notices::SiteId))
                    .col(uuid_null(Notices::HouseholdId))
                    .col(string(Notices::RegionPath))
                    .col(uuid_null(Notices::AddresseeOrgId))
                    .col(string(Notices::BureauKey))
                    .col(uuid(Notices::AuthorId))
                    .col(text(Notices::Content))
                    .col(date_null(Notices::Deadline))
                    .col(timestamp_with_time_zone_null(Notices::IssuedAt))
                    .col(timestamp_with_time_zone_null(Notices::AcknowledgedAt))
                    .col(timestamp_with_time_zone_null(Notices::RespondedAt))
                    .col(timestamp_with_time_zone_null(Notices::ClosedAt))
                    .col(boolean_null(Notices::VerifiedOnTime))
                    .col(text_null(Notices::Response))
                    .col(text(Notices::VerdictComment))
                    .col(string(Notices::ReviewStatus))
                    .col(text(Notices::ReviewComment))
                    .col(uuid_null(Notices::ReviewedBy))
                    .col(timestamp_with_time_zone_null(Notices::ReviewedAt))
                    .col(timestamp_with_time_zone_null(Notices::OverdueAt))
                    .col(timestamp_with_time_zone_null(Notices::EscalatedAt))
                    .col(big_integer(Notices::Rev))
                    .col(timestamp_with_time_zone(Notices::CreatedAt))
                    .col(timestamp_with_time_zone(Notices::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notices_site")
                            .from(Notices::Table, Notices::SiteId)
                            .to(Sites::Table, Sites::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notices_household")
                            .from(Notices::Table, Notices::HouseholdId)
                            .to(Households::Table, Households::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notices_author")
                            .from(Notices::Table, Notices::AuthorId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        let mut unique_number = index("idx_notices_number", Notices::Table, &[Notices::Number]);
        manager.create_index(unique_number.unique().to_owned()).await?;
        for (name, cols) in [
            ("idx_notices_region_path", &[Notices::RegionPath][..]),
            ("idx_notices_addressee", &[Notices::AddresseeOrgId, Notices::State][..]),
            ("idx_notices_review", &[Notices::ReviewStatus, Notices::RegionPath][..]),
            ("idx_notices_open_deadline", &[Notices::State, Notices::Deadline][..]),
            ("idx_notices_issued_at", &[Notices::IssuedAt, Notices::RegionPath][..]),
            // Reports count verified notices by closing time: state first, so
            // the planner does not read every verified notice by state alone.
            ("idx_notices_closed", &[Notices::State, Notices::ClosedAt][..]),
            ("idx_notices_overdue_at", &[Notices::OverdueAt, Notices::RegionPath][..]),
        ] {
            manager.create_index(index(name, Notices::Table, cols)).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(NoticeEvents::Table)
                    .col(big_pk_auto(NoticeEvents::Id))
                    .col(uuid(NoticeEvents::NoticeId))
                    .col(timestamp_with_time_zone(NoticeEvents::At))
                    .col(uuid_null(NoticeEvents::ActorId))
                    .col(uuid_null(NoticeEvents::DeviceId))
                    .col(uuid_null(NoticeEvents::ClientId))
                    .col(string(NoticeEvents::Action))
                    .col(string(NoticeEvents::FromState))
                    .col(string(NoticeEvents::ToState))
                    .col(text(NoticeEvents::Comment))
                    .col(boolean(NoticeEvents::Internal))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notice_events_notice")
                            .from(NoticeEvents::Table, NoticeEvents::NoticeId)
                            .to(Notices::Table, Notices::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notice_events_notice")
                    .table(NoticeEvents::Table)
                    .col(NoticeEvents::NoticeId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notice_events_action_at")
                    .table(NoticeEvents::Table)
                    .col(NoticeEvents::Action)
                    .col(NoticeEvents::At)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(NoticeCounters::Table)
                    .col(string(NoticeCounters::BureauKey))
                    .col(integer(NoticeCounters::Year))
                    .col(big_integer(NoticeCounters::Last))
                    .primary_key(Index::create().col(NoticeCounters::BureauKey).col(NoticeCounters::Year))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(NoticeCounters::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(NoticeEvents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Notices::Table).to_owned()).await
    }
}
