//! Sending one claimed delivery and recording how it went: a 2xx delivers
//! it; anything else schedules the next attempt with backoff, or after the
//! last one marks it `failed`. Every attempt is kept in the log.
//!
//! The log says only whether an attempt delivered: a refused connection, a
//! timeout, an HTTP 418 or a forbidden address all read [`NOT_DELIVERED`],
//! and a failed attempt keeps no status and no duration, or the log would
//! tell whoever registers endpoints which ports are open where. The cause
//! goes to the server's own log.

use std::{error::Error, time::Instant};

use chrono::{DateTime, Utc};
use ipnet::IpNet;
use reqwest::{Url, header::CONTENT_TYPE};
use sea_orm::{ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use super::{
    backoff, destination,
    entity::{
        attempt,
        delivery::{self, Column, DELIVERED, FAILED},
        endpoint, event,
    },
    signing,
};
use crate::app::AppState;

/// What the log says of any attempt that did not deliver.
pub const NOT_DELIVERED: &str = "not delivered: no 2xx answer from the endpoint";

/// What one attempt came to.
#[derive(Debug)]
struct Outcome {
    /// When it started.
    at: DateTime<Utc>,
    status: Option<u16>,
    /// Why it failed, for the server's log only.
    cause: String,
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
    let outcome = post(client, &app.settings.webhooks.allow_networks, &endpoint, &event).await;
    if !outcome.delivered() {
        tracing::info!(
            webhook.endpoint = %endpoint.id, webhook.id = %event.id, http.status = ?outcome.status,
            error.cause = %outcome.cause, attempt = d.attempts + 1, "webhook attempt failed"
        );
    }
    record(app, owner, &d, outcome).await
}

/// Why `url` must not be sent to, judged before connecting: the resolver
/// guards host names, but a literal address is connected to without one.
fn refusal(url: &str, allow: &[IpNet]) -> Result<Url, String> {
    let url = Url::parse(url).map_err(|err| format!("bad URL: {err}"))?;
    match destination::literal(&url) {
        Some(ip) if !destination::permitted(ip, allow) => Err(format!("forbidden address {ip}")),
        _ => Ok(url),
    }
}

/// An error with its causes, `outer: inner: ...` (reqwest's own text says
/// only "error sending request").
fn chain(err: &dyn Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

async fn post(client: &reqwest::Client, allow: &[IpNet], endpoint: &endpoint::Model, event: &event::Model) -> Outcome {
    let at = Utc::now();
    let failed = |cause: String| Outcome { at, status: None, cause, millis: 0 };
    let url = match refusal(&endpoint.url, allow) {
        Ok(url) => url,
        Err(cause) => return failed(cause),
    };
    let started = Instant::now();
    let signed = match signing::sign(&endpoint.secret, &event.id.to_string(), at.timestamp(), &event.payload) {
        Ok(signed) => signed,
        Err(err) => return failed(format!("cannot sign: {err}")),
    };
    let sent = client
        .post(url)
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
            let cause = if status.is_success() { String::new() } else { format!("HTTP {status}") };
            Outcome { at, status: Some(status.as_u16()), cause, millis }
        }
        // Without the URL: it may carry a token of the receiver's.
        Err(err) => failed(chain(&err.without_url())),
    }
}

async fn record(app: &AppState, owner: Uuid, d: &delivery::Model, outcome: Outcome) -> Result<(), DbErr> {
    let now = Utc::now();
    let attempts = d.attempts + 1;
    let settings = &app.settings.webhooks;
    let delivered = outcome.delivered();
    // Times count from the attempt's start, or they would tell how long it took.
    let started = outcome.at;
    let (status, error, millis) = if delivered {
        (outcome.status.map(i32::from), String::new(), outcome.millis)
    } else {
        (None, NOT_DELIVERED.to_owned(), 0)
    };
    let (state, next) = if delivered {
        (DELIVERED, now)
    } else if attempts as u32 >= settings.max_attempts {
        (FAILED, now)
    } else {
        let wait = backoff::jittered(settings, attempts as u32);
        (delivery::PENDING, started + chrono::Duration::from_std(wait).unwrap_or_default())
    };
    let txn = app.db.begin().await?;
    attempt::Entity::insert(attempt::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        delivery_id: Set(d.id),
        attempt: Set(attempts),
        at: Set(started),
        status: Set(status),
        error: Set(error.clone()),
        duration_ms: Set(millis),
    })
    .exec_without_returning(&txn)
    .await?;
    delivery::Entity::update_many()
        .col_expr(Column::State, Expr::value(state))
        .col_expr(Column::Attempts, Expr::value(attempts))
        .col_expr(Column::NextAttemptAt, Expr::value(next))
        .col_expr(Column::LastStatus, Expr::value(status))
        .col_expr(Column::LastError, Expr::value(error))
        .col_expr(Column::DeliveredAt, Expr::value(delivered.then_some(now)))
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
