//! Every answer a notice was given, kept in its history: a `respond` entry
//! holds the answer's text and photos (JSON, as `notices.response`). An
//! answer the inspector rejects is superseded by the next one on the notice
//! but stays here, with its photos referenced, as evidence of what was said.
//!
//! Entries written before this column have none, except the latest answer
//! of each notice, which is still on the notice and is copied here.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NoticeEvents {
    Table,
    Response,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut column = ColumnDef::new(NoticeEvents::Response).text().null().to_owned();
        manager.alter_table(Table::alter().table(NoticeEvents::Table).add_column(&mut column).to_owned()).await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE notice_events SET response = \
                   (SELECT n.response FROM notices n WHERE n.id = notice_events.notice_id) \
                 WHERE action = 'respond' AND id = \
                   (SELECT MAX(e.id) FROM notice_events e \
                     WHERE e.notice_id = notice_events.notice_id AND e.action = 'respond')",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(NoticeEvents::Table).drop_column(NoticeEvents::Response).to_owned())
            .await
    }
}
