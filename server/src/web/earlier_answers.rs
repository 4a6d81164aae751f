//! Answers a later answer superseded, as the notice and order pages show
//! them: when, what was said, its photos and the re-inspection that did
//! not accept it. Nothing an addressee answered disappears from the pages.

use chrono::{DateTime, Utc};

use super::{dates, text::Text};
use crate::notices::{Calendar, entity::event, view};

/// One superseded answer.
#[derive(Debug)]
pub struct EarlierAnswer {
    /// When it was given (bureau time).
    pub at: String,
    /// Who gave it.
    pub by: String,
    /// What it said.
    pub text: String,
    /// Its photos.
    pub photos: Vec<String>,
    /// Who did not accept it, when, and why ("张三 12月5日 10:02：…"), or empty.
    pub rejected: String,
}

/// The superseded answers of `history`, oldest first; `who` names an actor.
pub fn earlier(
    t: &Text,
    calendar: &Calendar,
    history: &[event::Model],
    who: impl Fn(Option<uuid::Uuid>) -> String,
) -> Vec<EarlierAnswer> {
    let when = |at: DateTime<Utc>| dates::moment(t, calendar, at);
    view::superseded(history)
        .into_iter()
        .map(|s| EarlierAnswer {
            at: when(s.answered.at),
            by: who(s.answered.actor_id),
            text: s.answer.text.clone(),
            photos: s.answer.photos.clone(),
            rejected: s
                .rejected
                .map(|r| format!("{} {}{}{}", who(r.actor_id), when(r.at), t.colon, r.comment))
                .unwrap_or_default(),
        })
        .collect()
}
