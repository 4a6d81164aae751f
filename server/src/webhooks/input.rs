//! Checking what an administrator sends: the URL and the event filter.

use super::event_type::EventType;
use crate::{error::Reason, http::validate::Check};

/// Longest URL accepted.
pub const MAX_URL: usize = 2_000;
/// Longest description accepted.
pub const MAX_DESCRIPTION: usize = 500;

/// An absolute `http` or `https` URL with a host.
pub fn url(check: &mut Check, value: &str) -> String {
    let value = check.text("url", value, MAX_URL);
    if value.is_empty() || value.chars().count() > MAX_URL {
        return value;
    }
    match reqwest::Url::parse(&value) {
        Ok(url) if !matches!(url.scheme(), "http" | "https") => check.fail(
            "url",
            Reason::Rule {
                code: "url_scheme",
                en: "The URL must start with http:// or https://.".into(),
                zh: "URL 必须以 http:// 或 https:// 开头。".into(),
            },
        ),
        Ok(url) if url.host_str().is_none_or(str::is_empty) => check.fail("url", Reason::Invalid),
        Ok(_) => {}
        Err(_) => check.fail("url", Reason::Invalid),
    }
    value
}

/// A non-empty list of known event types or `*`, without repeats.
pub fn events(check: &mut Check, values: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for value in values {
        let name = value.trim();
        if !EventType::FILTER_NAMES.contains(&name) {
            check.fail("events", Reason::NotAllowed { allowed: EventType::FILTER_NAMES });
            return names;
        }
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    if names.is_empty() {
        check.fail("events", Reason::Required);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_and_known_event_names_pass() {
        for (value, ok) in [
            ("https://hooks.example/fieldsync", true),
            ("http://127.0.0.1:9000/in", true),
            ("ftp://hooks.example/", false),
            ("not a url", false),
            ("", false),
        ] {
            let mut check = Check::new();
            url(&mut check, value);
            assert_eq!(check.is_ok(), ok, "{value}");
        }
        let mut check = Check::new();
        assert_eq!(events(&mut check, &["*".into(), "notice.issued".into(), "*".into()]), ["*", "notice.issued"]);
        assert!(check.is_ok());
        let mut check = Check::new();
        events(&mut check, &["notice.exploded".into()]);
        assert!(!check.is_ok());
    }
}
