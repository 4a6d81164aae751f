//! Rural grades and subsidies: where a household's current grade comes from
//! (the appraisal and its time), an improvement from C or D waiting for a
//! supervisor's review, the review of each such appraisal, and the subsidy
//! the county approved for a renovation file (the ceiling of its payments).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Households {
    Table,
    GradedAt,
    GradeAppraisalId,
    PendingAppraisalId,
    PendingGrade,
}

#[derive(DeriveIden)]
enum Renovations {
    Table,
    SubsidyFen,
}

#[derive(DeriveIden)]
enum AppraisalReviews {
    Table,
    InspectionId,
    HouseholdId,
    RegionPath,
    Grade,
    FinishedAt,
    Status,
    DecidedBy,
    DecidedAt,
    Comment,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        let household_columns = [
            timestamp_with_time_zone_null(Households::GradedAt),
            uuid_null(Households::GradeAppraisalId),
            uuid_null(Households::PendingAppraisalId),
            string_null(Households::PendingGrade),
        ];
        for mut column in household_columns {
            manager.alter_table(Table::alter().table(Households::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Renovations::Table)
                    .add_column(big_integer_null(Renovations::SubsidyFen))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AppraisalReviews::Table)
                    .col(pk_uuid(AppraisalReviews::InspectionId))
                    .col(uuid(AppraisalReviews::HouseholdId))
                    .col(string(AppraisalReviews::RegionPath))
                    .col(string(AppraisalReviews::Grade))
                    .col(timestamp_with_time_zone(AppraisalReviews::FinishedAt))
                    .col(string(AppraisalReviews::Status))
                    .col(uuid_null(AppraisalReviews::DecidedBy))
                    .col(timestamp_with_time_zone_null(AppraisalReviews::DecidedAt))
                    .col(string(AppraisalReviews::Comment))
                    .col(timestamp_with_time_zone(AppraisalReviews::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_appraisal_reviews_household")
                    .table(AppraisalReviews::Table)
                    .col(AppraisalReviews::HouseholdId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AppraisalReviews::Table).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(Renovations::Table).drop_column(Renovations::SubsidyFen).to_owned())
            .await?;
        for column in [
            Households::PendingGrade,
            Households::PendingAppraisalId,
            Households::GradeAppraisalId,
            Households::GradedAt,
        ] {
            manager.alter_table(Table::alter().table(Households::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
