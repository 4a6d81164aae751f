//! Webhooks: the endpoints bureaus register, the outbox of events written in
//! the same transaction as the change, one delivery per event and endpoint
//! (with its lease, for several processes), and the log of attempts.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WebhookEndpoints {
    Table,
    Id,
    Url,
    Secret,
    Description,
    Events,
    RegionId,
    RegionPath,
    Enabled,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookEvents {
    Table,
    Seq,
    Id,
    EventType,
    RecordType,
    RecordId,
    RegionPath,
    Payload,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    EventSeq,
    EventId,
    EndpointId,
    EventType,
    RecordType,
    RecordId,
    State,
    Attempts,
    NextAttemptAt,
    LeaseOwner,
    LeaseUntil,
    LastStatus,
    LastError,
    DeliveredAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookAttempts {
    Table,
    Id,
    DeliveryId,
    Attempt,
    At,
    Status,
    Error,
    DurationMs,
}

/// A foreign key whose rows go with the row they refer to.
fn cascade<F: IntoIden, T: IntoIden>(name: &str, from: (F, F), to: (T, T)) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Cascade).to_owned()
}

/// An index over `columns` of `table`.
fn index<T: IntoIden, const N: usize>(name: &str, table: T, columns: [T; N]) -> IndexCreateStatement {
    let mut index = Index::create().name(name).table(table).to_owned();
    for column in columns {
        index.col(column);
    }
    index
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookEndpoints::Table)
                    .col(pk_uuid(WebhookEndpoints::Id))
                    .col(text(WebhookEndpoints::Url))
                    .col(string(WebhookEndpoints::Secret))
                    .col(text(WebhookEndpoints::Description))
                    .col(text(WebhookEndpoints::Events))
                    .col(uuid_null(WebhookEndpoints::RegionId))
                    .col(string(WebhookEndpoints::RegionPath))
                    .col(boolean(WebhookEndpoints::Enabled))
                    .col(uuid(WebhookEndpoints::CreatedBy))
                    .col(timestamp_with_time_zone(WebhookEndpoints::CreatedAt))
                    .col(timestamp_with_time_zone(WebhookEndpoints::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookEvents::Table)
                    .col(big_pk_auto(WebhookEvents::Seq))
                    .col(uuid_uniq(WebhookEvents::Id))
                    .col(string(WebhookEvents::EventType))
                    .col(string(WebhookEvents::RecordType))
                    .col(uuid(WebhookEvents::RecordId))
                    .col(string(WebhookEvents::RegionPath))
                    .col(text(WebhookEvents::Payload))
                    .col(timestamp_with_time_zone(WebhookEvents::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .col(pk_uuid(WebhookDeliveries::Id))
                    .col(big_integer(WebhookDeliveries::EventSeq))
                    .col(uuid(WebhookDeliveries::EventId))
                    .col(uuid(WebhookDeliveries::EndpointId))
                    .col(string(WebhookDeliveries::EventType))
                    .col(string(WebhookDeliveries::RecordType))
                    .col(uuid(WebhookDeliveries::RecordId))
                    .col(string(WebhookDeliveries::State))
                    .col(integer(WebhookDeliveries::Attempts))
                    .col(timestamp_with_time_zone(WebhookDeliveries::NextAttemptAt))
                    .col(uuid_null(WebhookDeliveries::LeaseOwner))
                    .col(timestamp_with_time_zone_null(WebhookDeliveries::LeaseUntil))
                    .col(integer_null(WebhookDeliveries::LastStatus))
                    .col(text(WebhookDeliveries::LastError))
                    .col(timestamp_with_time_zone_null(WebhookDeliveries::DeliveredAt))
                    .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                    .col(timestamp_with_time_zone(WebhookDeliveries::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_webhook_deliveries_event",
                        (WebhookDeliveries::Table, WebhookDeliveries::EventSeq),
                        (WebhookEvents::Table, WebhookEvents::Seq),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_webhook_deliveries_endpoint",
                        (WebhookDeliveries::Table, WebhookDeliveries::EndpointId),
                        (WebhookEndpoints::Table, WebhookEndpoints::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // The worker's question: which pending deliveries are due.
        manager
            .create_index(index(
                "idx_webhook_deliveries_due",
                WebhookDeliveries::Table,
                [WebhookDeliveries::State, WebhookDeliveries::NextAttemptAt],
            ))
            .await?;
        // Per-record order: is an earlier delivery of this record to this endpoint still pending.
        manager
            .create_index(index(
                "idx_webhook_deliveries_record",
                WebhookDeliveries::Table,
                [
                    WebhookDeliveries::EndpointId,
                    WebhookDeliveries::RecordType,
                    WebhookDeliveries::RecordId,
                    WebhookDeliveries::EventSeq,
                ],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookAttempts::Table)
                    .col(big_pk_auto(WebhookAttempts::Id))
                    .col(uuid(WebhookAttempts::DeliveryId))
                    .col(integer(WebhookAttempts::Attempt))
                    .col(timestamp_with_time_zone(WebhookAttempts::At))
                    .col(integer_null(WebhookAttempts::Status))
                    .col(text(WebhookAttempts::Error))
                    .col(big_integer(WebhookAttempts::DurationMs))
                    .foreign_key(&mut cascade(
                        "fk_webhook_attempts_delivery",
                        (WebhookAttempts::Table, WebhookAttempts::DeliveryId),
                        (WebhookDeliveries::Table, WebhookDeliveries::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_webhook_attempts_delivery",
                WebhookAttempts::Table,
                [WebhookAttempts::DeliveryId, WebhookAttempts::Id],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(WebhookAttempts::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(WebhookDeliveries::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(WebhookEvents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(WebhookEndpoints::Table).to_owned()).await
    }
}
