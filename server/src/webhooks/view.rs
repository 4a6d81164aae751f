//! Endpoints and deliveries as the admin API shows them. The secret is not
//! part of [`EndpointView`]: it is shown once, in [`EndpointWithSecret`].

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    entity::{attempt, delivery, endpoint},
    send::NOT_DELIVERED,
};

/// What the log shows of an attempt's status and error: the status of a
/// 2xx, else none and the same words whatever went wrong (see
/// [`super::send`]); rows logged before that rule are shown by it too.
fn shown(status: Option<i32>, error: String) -> (Option<i32>, String, bool) {
    let delivered = status.is_some_and(|s| (200..300).contains(&s));
    if delivered || (status.is_none() && error.is_empty()) {
        (status, String::new(), delivered)
    } else {
        (None, NOT_DELIVERED.to_owned(), false)
    }
}

/// A registered endpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct EndpointView {
    /// Id.
    pub id: Uuid,
    /// Where events are POSTed.
    pub url: String,
    /// What it is for.
    pub description: String,
    /// Event types it receives (`*`: all).
    pub events: Vec<String>,
    /// The region whose records it hears of (none: all).
    pub region_id: Option<Uuid>,
    /// Whether events are sent to it.
    pub enabled: bool,
    /// Who registered it.
    pub created_by: Uuid,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<&endpoint::Model> for EndpointView {
    fn from(m: &endpoint::Model) -> Self {
        EndpointView {
            id: m.id,
            url: m.url.clone(),
            description: m.description.clone(),
            events: m.event_names().to_vec(),
            region_id: m.region_id,
            enabled: m.enabled,
            created_by: m.created_by,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// An endpoint, with its signing secret only when the secret was just made
/// (registration, rotation). Keep it; it is not shown again.
#[derive(Debug, Serialize, ToSchema)]
pub struct EndpointWithSecret {
    /// The endpoint.
    #[serde(flatten)]
    pub endpoint: EndpointView,
    /// The signing secret, `whsec_<base64>`, for a Standard Webhooks library.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// One attempt at a delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptView {
    /// 1 for the first.
    pub attempt: i32,
    /// When it was sent.
    pub at: DateTime<Utc>,
    /// The 2xx status of a delivering attempt; none for one that did not deliver.
    pub status: Option<i32>,
    /// That it did not deliver, the same words whatever the cause (which
    /// only the server's log tells).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub error: String,
    /// How long a delivering attempt took, in milliseconds.
    pub duration_ms: Option<i64>,
}

impl From<attempt::Model> for AttemptView {
    fn from(a: attempt::Model) -> Self {
        let (status, error, delivered) = shown(a.status, a.error);
        AttemptView { attempt: a.attempt, at: a.at, status, error, duration_ms: delivered.then_some(a.duration_ms) }
    }
}

/// The delivery of one event to one endpoint, with its attempts.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    /// Id.
    pub id: Uuid,
    /// The event's `webhook-id`, the same on every attempt and redelivery.
    pub event_id: Uuid,
    /// The event's type.
    pub event_type: String,
    /// Record type of the event.
    pub record_type: String,
    /// Record id of the event.
    pub record_id: Uuid,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    /// Attempts so far (since the last redelivery).
    pub attempts: i32,
    /// When the next attempt is due, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The 2xx status of the last attempt, if it delivered.
    pub last_status: Option<i32>,
    /// That the last attempt did not deliver (no cause, as in `log`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub last_error: String,
    /// When a 2xx came back.
    pub delivered_at: Option<DateTime<Utc>>,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
    /// Every attempt, oldest first.
    pub log: Vec<AttemptView>,
}

impl DeliveryView {
    /// A delivery with its attempts.
    pub fn new(d: delivery::Model, log: Vec<attempt::Model>) -> Self {
        let (last_status, last_error, _) = shown(d.last_status, d.last_error);
        DeliveryView {
            next_attempt_at: (d.state == delivery::PENDING).then_some(d.next_attempt_at),
            id: d.id,
            event_id: d.event_id,
            event_type: d.event_type,
            record_type: d.record_type,
            record_id: d.record_id,
            state: d.state,
            attempts: d.attempts,
            last_status,
            last_error,
            delivered_at: d.delivered_at,
            created_at: d.created_at,
            log: log.into_iter().map(AttemptView::from).collect(),
        }
    }
}
