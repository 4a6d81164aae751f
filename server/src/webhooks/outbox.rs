//! Writing events: [`record`] is called by the domains inside the
//! transaction of the change it tells of, so an event exists exactly when
//! its change was committed.
//!
//! Fan-out happens here, at write time: one delivery row per endpoint whose
//! filter and region take the event. So an endpoint registered later gets no
//! old events by construction, the worker claims from one indexed table,
//! and the delivery log shows an event from the moment it exists. The cost
//! is one read of the (small) endpoint table per change; an event no
//! endpoint takes is not stored at all.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::{
    entity::{delivery, endpoint, event},
    event_type::EventType,
};
use crate::policy;

/// What happened to which record.
#[derive(Debug)]
pub struct Event<'a, T: Serialize> {
    /// The kind of event.
    pub kind: EventType,
    /// Record type, e.g. `notice`.
    pub record_type: &'static str,
    /// Record id.
    pub record_id: Uuid,
    /// Where the record lies: endpoints of other regions do not hear of it.
    pub region_path: &'a str,
    /// The lifecycle action, for `notice.updated` (e.g. `acknowledge`).
    pub action: Option<&'a str>,
    /// The record as the API shows it.
    pub data: &'a T,
}

impl<'a, T: Serialize> Event<'a, T> {
    /// An event of `kind` about a record, carrying the record as `data`.
    pub fn new(kind: EventType, record_type: &'static str, record_id: Uuid, region_path: &'a str, data: &'a T) -> Self {
        Event { kind, record_type, record_id, region_path, action: None, data }
    }

    /// Names the lifecycle action that made the event.
    pub fn with_action(self, action: Option<&'a str>) -> Self {
        Event { action, ..self }
    }
}

/// Records an event and a delivery for each endpoint that takes it, in the
/// caller's transaction.
pub async fn record<T: Serialize>(db: &impl ConnectionTrait, event: Event<'_, T>) -> Result<(), DbErr> {
    record_all(db, &[event]).await
}

/// Records events as [`record`] does, reading the endpoints once for all.
pub async fn record_all<T: Serialize>(db: &impl ConnectionTrait, events: &[Event<'_, T>]) -> Result<(), DbErr> {
    if events.is_empty() {
        return Ok(());
    }
    Endpoints::load(db).await?.record_all(db, events).await
}

/// The enabled endpoints, read ahead of the events: a write that holds a
/// contended lock (a notice's official number) reads them before taking it.
#[derive(Debug)]
pub struct Endpoints(Vec<endpoint::Model>);

impl Endpoints {
    /// Reads the enabled endpoints.
    pub async fn load(db: &impl ConnectionTrait) -> Result<Endpoints, DbErr> {
        Ok(Endpoints(endpoint::Entity::find().filter(endpoint::Column::Enabled.eq(true)).all(db).await?))
    }

    /// Records an event and a delivery for each of these endpoints that takes it.
    pub async fn record<T: Serialize>(&self, db: &impl ConnectionTrait, event: Event<'_, T>) -> Result<(), DbErr> {
        self.record_all(db, &[event]).await
    }

    /// Records events, each with a delivery for each endpoint that takes it.
    pub async fn record_all<T: Serialize>(
        &self,
        db: &impl ConnectionTrait,
        events: &[Event<'_, T>],
    ) -> Result<(), DbErr> {
        let now = Utc::now();
        for event in events {
            let takers: Vec<Uuid> = self
                .0
                .iter()
                .filter(|e| event.kind.matches(e.event_names()))
                .filter(|e| policy::endpoint_receives(&e.region_path, event.region_path))
                .map(|e| e.id)
                .collect();
            if takers.is_empty() {
                continue;
            }
            let stored = store(db, event, now).await?;
            deliver(db, &stored, &takers).await?;
        }
        Ok(())
    }
}

/// Records a test event (`webhook.ping`) for one endpoint; returns its delivery.
pub async fn ping(db: &impl ConnectionTrait, endpoint: &endpoint::Model) -> Result<delivery::Model, DbErr> {
    let data = json!({ "endpoint_id": endpoint.id });
    let event = Event::new(EventType::Ping, "webhook_endpoint", endpoint.id, &endpoint.region_path, &data);
    let stored = store(db, &event, Utc::now()).await?;
    deliver(db, &stored, &[endpoint.id]).await?;
    delivery::Entity::find()
        .filter(delivery::Column::EventSeq.eq(stored.seq))
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("webhook delivery".into()))
}

async fn store<T: Serialize>(
    db: &impl ConnectionTrait,
    event: &Event<'_, T>,
    now: DateTime<Utc>,
) -> Result<event::Model, DbErr> {
    let mut payload = json!({
        "type": event.kind.as_str(),
        "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": event.data,
    });
    if let Some(action) = event.action {
        payload["action"] = json!(action);
    }
    event::ActiveModel {
        seq: sea_orm::ActiveValue::NotSet,
        id: Set(Uuid::now_v7()),
        event_type: Set(event.kind.as_str().to_owned()),
        record_type: Set(event.record_type.to_owned()),
        record_id: Set(event.record_id),
        region_path: Set(event.region_path.to_owned()),
        payload: Set(payload.to_string()),
        created_at: Set(now),
    }
    .insert(db)
    .await
}

async fn deliver(db: &impl ConnectionTrait, event: &event::Model, endpoints: &[Uuid]) -> Result<(), DbErr> {
    let rows = endpoints.iter().map(|endpoint_id| delivery::ActiveModel {
        id: Set(Uuid::now_v7()),
        event_seq: Set(event.seq),
        event_id: Set(event.id),
        endpoint_id: Set(*endpoint_id),
        event_type: Set(event.event_type.clone()),
        record_type: Set(event.record_type.clone()),
        record_id: Set(event.record_id),
        state: Set(delivery::PENDING.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(event.created_at),
        lease_owner: Set(None),
        lease_until: Set(None),
        last_status: Set(None),
        last_error: Set(String::new()),
        delivered_at: Set(None),
        created_at: Set(event.created_at),
        updated_at: Set(event.created_at),
    });
    delivery::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}
