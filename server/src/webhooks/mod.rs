//! Webhooks: bureaus connect other systems (the city's smart-construction-site
//! platform, SMS gateways) by registering endpoints with an event filter, a
//! region and a secret.
//!
//! The way an event travels: a domain calls [`outbox::record`] in the
//! transaction of its change, which writes the event and one delivery per
//! endpoint that takes it; after commit the [`worker`] of some process
//! claims the delivery with a lease ([`claim`]), POSTs it signed per
//! Standard Webhooks ([`signing`]), and on failure tries again with
//! exponential backoff ([`backoff`]) until it is delivered or has run out of
//! attempts. Neither registration nor delivery reaches an internal address
//! ([`destination`], [`resolver`]) unless the settings allow its network. Every attempt is logged; administrators read the log and
//! redeliver through [`routes`]; [`retention`] forgets them after a while.

pub mod backoff;
pub mod claim;
pub mod deliveries;
pub mod destination;
pub mod entity;
pub mod event_type;
pub mod input;
pub mod outbox;
pub mod resolver;
pub mod retention;
pub mod routes;
pub mod send;
pub mod signing;
pub mod view;
pub mod worker;

pub use event_type::EventType;
pub use outbox::{Endpoints, Event, record, record_all};
pub use routes::router;
