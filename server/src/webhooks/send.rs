//! Sending one claimed delivery and recording how it went: a 2xx delivers
//! it; anything else schedules the next attempt with backoff, or after the
//! last one marks it `failed`. Every attempt is kept in the log.

use std::time::Instant;

use chrono::Utc;
use reqwest::header::CONTENT_TYPE;
use sea_orm::{ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use super::{
    backoff,
    entity::{
        attempt,
        delivery::{self, Column, DELIVERED, FAILED},
        endpoint, event,
    },
    signing,
};
use crate::app::AppState;

/// Longest error text kept in the log.
const MAX_ERROR: usize = 500;

/// What one attempt came to.
#[derive(Debug)]
struct Outcome {
    status: Option<u16>,
    error: String,
    millis: i64,
}

impl Outcome {
    fn delivered(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Sends a delivery this process holds, and records the attempt.
pub async fn send(app: &AppState, client: &reqwest::Client, owner: Uuid, d: delivery::Model) -> Result<(), DbErr> {
    let db = app.db.read();
    let endpoint = endpoint::Entity::find_by_id(d.endpoint_id).one(db).await?;
    let event = event::Entity::find_by_id(d.event_seq).one(db).await?;
    let (Some(endpoint), Some(event)) = (endpoint, event) else {
        return Ok(()); // the endpoint was deleted meanwhile, and its deliveries with it
    };
    let outcome = post(client, &endpoint, &event).await;
    if !outcome.delivered() {
        tracing::info!(
            webhook.endpoint = %endpoint.id, webhook.id = %event.id, http.status = ?outcome.status,
            error.cause = %outcome.error, attempt = d.attempts + 1, "webhook attempt failed"
        );
    }
    record(app, owner, &d, outcome).await
}

async fn post(client: &reqwest::Client, endpoint: &endpoint::Model, event: &event::Model) -> Outcome {
    let started = Instant::now();
    let signed = match signing::sign(&endpoint.secret, &event.id.to_string(), Utc::now().timestamp(), &event.payload) {
        Ok(signed) => signed,
        Err(err) => return Outcome { status: None, error: format!("cannot sign: {err}"), millis: 0 },
    };
    let sent = client
        .post(&endpoint.url)
        .header(CONTENT_TYPE, "application/json")
        .header("webhook-id", &signed.id)
        .header("webhook-timestamp", signed.timestamp.to_string())
        .header("webhook-signature", &signed.signature)
        .body(event.payload.clone())
        .send()
        .await;
    let millis = started.elapsed().as_millis() as i64;
    match sent {
        Ok(response) => {
            let status = response.status();
            let error = if status.is_success() { String::new() } else { format!("HTTP {status}") };
            Outcome { status: Some(status.as_u16()), error, millis }
        }
        // Without the URL: it may carry a token of the receiver's.
        Err(err) => Outcome { status: None, error: err.without_url().to_string(), millis },
    }
}

async fn record(app: &AppState, owner: Uuid, d: &delivery::Model, outcome: Outcome) -> Result<(), DbErr> {
    let now = Utc::now();
    let attempts = d.attempts + 1;
    let settings = &app.settings.webhooks;
    let error: String = outcome.error.chars().take(MAX_ERROR).collect();
    let status = outcome.status.map(i32::from);
    let (state, next) = if outcome.delivered() {
        (DELIVERED, now)
    } else if attempts as u32 >= settings.max_attempts {
        (FAILED, now)
    } else {
        let wait = backoff::jittered(settings, attempts as u32);
        (delivery::PENDING, now + chrono::Duration::from_std(wait).unwrap_or_default())
    };
    let txn = app.db.begin().await?;
    attempt::Entity::insert(attempt::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        delivery_id: Set(d.id),
        attempt: Set(attempts),
        at: Set(now),
        status: Set(status),
        error: Set(error.clone()),
        duration_ms: Set(outcome.millis),
    })
    .exec_without_returning(&txn)
    .await?;
    delivery::Entity::update_many()
        .col_expr(Column::State, Expr::value(state))
        .col_expr(Column::Attempts, Expr::value(attempts))
        .col_expr(Column::NextAttemptAt, Expr::value(next))
        .col_expr(Column::LastStatus, Expr::value(status))
        .col_expr(Column::LastError, Expr::value(error))
        .col_expr(Column::DeliveredAt, Expr::value(outcome.delivered().then_some(now)))
        .col_expr(Column::LeaseOwner, Expr::value(Option::<Uuid>::None))
        .col_expr(Column::LeaseUntil, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(d.id))
        // Our lease ran out and another process took the delivery over: its result counts.
        .filter(Column::LeaseOwner.eq(owner))
        .exec(&txn)
        .await?;
    txn.commit().await
}
