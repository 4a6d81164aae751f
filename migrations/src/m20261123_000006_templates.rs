//! Checklist templates, versioned, and what inspections keep of them: the
//! exact version used, the computed score, grade and result, and findings.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Templates {
    Table,
    Id,
    Kind,
    Code,
    Version,
    Status,
    Body,
    CreatedBy,
    CreatedAt,
    PublishedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Inspections {
    Table,
    Kind,
    TemplateId,
    Score,
    Grade,
    Result,
    Findings,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Templates::Table)
                    .col(pk_uuid(Templates::Id))
                    .col(string(Templates::Kind))
                    .col(string(Templates::Code))
                    .col(integer(Templates::Version))
                    .col(string(Templates::Status))
                    .col(text(Templates::Body))
                    .col(uuid_null(Templates::CreatedBy))
                    .col(timestamp_with_time_zone(Templates::CreatedAt))
                    .col(timestamp_with_time_zone_null(Templates::PublishedAt))
                    .col(timestamp_with_time_zone(Templates::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_templates_code_version")
                    .table(Templates::Table)
                    .col(Templates::Code)
                    .col(Templates::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // SQLite adds one column per ALTER TABLE. Inspections made before
        // templates existed keep no template (null) and no result.
        let columns = [
            ColumnDef::new(Inspections::TemplateId).uuid().null().to_owned(),
            ColumnDef::new(Inspections::Score).double().null().to_owned(),
            ColumnDef::new(Inspections::Grade).string().null().to_owned(),
            ColumnDef::new(Inspections::Result).text().null().to_owned(),
            ColumnDef::new(Inspections::Findings).text().not_null().default("[]").to_owned(),
        ];
        for mut column in columns {
            manager.alter_table(Table::alter().table(Inspections::Table).add_column(&mut column).to_owned()).await?;
        }
        // The rural kind is named after its template now.
        let rename = Query::update()
            .table(Inspections::Table)
            .value(Inspections::Kind, "rural_appraisal")
            .and_where(Expr::col(Inspections::Kind).eq("rural_safety"))
            .to_owned();
        manager.exec_stmt(rename).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Inspections::Findings,
            Inspections::Result,
            Inspections::Grade,
            Inspections::Score,
            Inspections::TemplateId,
        ] {
            manager.alter_table(Table::alter().table(Inspections::Table).drop_column(column).to_owned()).await?;
        }
        let rename = Query::update()
            .table(Inspections::Table)
            .value(Inspections::Kind, "rural_safety")
            .and_where(Expr::col(Inspections::Kind).eq("rural_appraisal"))
            .to_owned();
        manager.exec_stmt(rename).await?;
        manager.drop_table(Table::drop().table(Templates::Table).to_owned()).await
    }
}
