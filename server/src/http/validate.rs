//! Collects every invalid field of a request, so the caller learns of all
//! of them at once.

use sync_protocol::location::{Location, Unit};

use crate::error::{ApiError, FieldError, Reason};

/// An accumulator of field errors.
#[derive(Debug, Default)]
pub struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    /// A new, empty check.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an invalid field.
    pub fn fail(&mut self, field: &str, reason: Reason) {
        self.errors.push(FieldError::new(field, reason));
    }

    /// A position a device claims (sync-protocol §12, §18): each value out
    /// of bounds fails its own field under `field` (`location.latitude`, …).
    pub fn location(&mut self, field: &str, location: &Location) {
        for out in location.out_of_range() {
            let (min, max) = (out.min, out.max);
            let (en, zh) = match out.unit {
                Unit::Degrees => ("degrees", "度"),
                Unit::Metres => ("metres", "米"),
            };
            self.fail(
                &format!("{field}.{}", out.field),
                Reason::Rule {
                    code: "out_of_range",
                    en: format!("Must be between {min} and {max} {en}."),
                    zh: format!("应在 {min} 到 {max} {zh}之间。"),
                },
            );
        }
    }

    /// A required text: trimmed, non-empty, at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.fail(field, Reason::Required);
        } else if value.chars().count() > max {
            self.fail(field, Reason::TooLong { max });
        }
        value.to_owned()
    }

    /// An optional text: trimmed, empty means none, at most `max` characters.
    pub fn opt_text(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        if value.chars().count() > max {
            self.fail(field, Reason::TooLong { max });
        }
        Some(value.to_owned())
    }

    /// A value that must be one of `allowed`.
    pub fn one_of(&mut self, field: &str, value: &str, allowed: &'static [&'static str]) -> String {
        let value = value.trim();
        if !allowed.contains(&value) {
            self.fail(field, Reason::NotAllowed { allowed });
        }
        value.to_owned()
    }

    /// Whether no field failed so far.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors collected.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }

    /// `Ok` when no field failed, else `validation_failed` with every field.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() { Ok(()) } else { Err(ApiError::validation(self.errors)) }
    }
}

/// Deserialises a field that may be absent (`None`), `null` (`Some(None)`)
/// or a value (`Some(Some(v))`), for PATCH bodies.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}
