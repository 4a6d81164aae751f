//! Suspensions: what an approved stop-work order (the site) or sealing order
//! (the equipment it names) holds, from its approval until the
//! re-inspection lifts it with a numbered 复工通知书 / 解封决定书, or the
//! order is revoked. One row per order; the site's status before it was
//! stopped is kept, to be restored when the last stop on it ends.
//!
//! Orders approved before this table were not tied to their site; they get
//! no row (their sites keep the status they have).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Suspensions {
    Table,
    NoticeId,
    SiteId,
    RegionPath,
    Kind,
    Equipment,
    Standing,
    BeganAt,
    SiteStatusBefore,
    AppliedAt,
    EndedAt,
    EndedBy,
    LiftNumber,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Suspensions::Table)
                    .col(uuid(Suspensions::NoticeId).primary_key())
                    .col(uuid(Suspensions::SiteId))
                    .col(string(Suspensions::RegionPath))
                    .col(string(Suspensions::Kind))
                    .col(text(Suspensions::Equipment))
                    .col(string(Suspensions::Standing))
                    .col(timestamp_with_time_zone(Suspensions::BeganAt))
                    .col(string(Suspensions::SiteStatusBefore))
                    .col(timestamp_with_time_zone_null(Suspensions::AppliedAt))
                    .col(timestamp_with_time_zone_null(Suspensions::EndedAt))
                    .col(uuid_null(Suspensions::EndedBy))
                    .col(string_null(Suspensions::LiftNumber))
                    .to_owned(),
            )
            .await?;
        // The stops still holding a site; and the reports' periods.
        for (name, columns) in [
            ("idx_suspensions_site", &[Suspensions::SiteId, Suspensions::Standing][..]),
            ("idx_suspensions_began", &[Suspensions::BeganAt][..]),
            ("idx_suspensions_ended", &[Suspensions::EndedAt][..]),
        ] {
            let mut index = Index::create().name(name).table(Suspensions::Table).to_owned();
            for column in columns {
                index.col(*column);
            }
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Suspensions::Table).to_owned()).await
    }
}
