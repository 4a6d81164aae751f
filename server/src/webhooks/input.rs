//! Checking what an administrator sends: the URL, where it leads, and the
//! event filter.

use reqwest::Url;

use super::{destination, event_type::EventType, resolver};
use crate::{config::WebhookSettings, error::Reason, http::validate::Check};

/// Longest URL accepted.
pub const MAX_URL: usize = 2_000;
/// Longest description accepted.
pub const MAX_DESCRIPTION: usize = 500;

/// An absolute `http` or `https` URL with a host: the text to keep, and
/// the URL parsed when it is one.
pub fn url(check: &mut Check, value: &str) -> (String, Option<Url>) {
    let value = check.text("url", value, MAX_URL);
    if value.is_empty() || value.chars().count() > MAX_URL {
        return (value, None);
    }
    let parsed = Url::parse(&value);
    match &parsed {
        Ok(url) if !matches!(url.scheme(), "http" | "https") => check.fail(
            "url",
            Reason::Rule {
                code: "url_scheme",
                en: "The URL must start with http:// or https://.".into(),
                zh: "URL 必须以 http:// 或 https:// 开头。".into(),
            },
        ),
        Ok(url) if url.host_str().is_none_or(str::is_empty) => check.fail("url", Reason::Invalid),
        Ok(_) => return (value, parsed.ok()),
        Err(_) => check.fail("url", Reason::Invalid),
    }
    (value, None)
}

/// Where `url` leads: its host must resolve, and every address it resolves
/// to must be one webhooks may be sent to (see [`destination`]). A name
/// that does not resolve is refused rather than kept for later: the
/// administrator is at hand now, while a failing delivery only says
/// "failed" in the log (which tells no causes, see [`super::view`]).
pub async fn destination(check: &mut Check, url: &Url, settings: &WebhookSettings) {
    let addresses = match destination::literal(url) {
        Some(ip) => vec![ip],
        None => {
            let host = url.host_str().unwrap_or_default();
            match tokio::time::timeout(settings.timeout(), resolver::lookup(host)).await {
                Ok(Ok(found)) if !found.is_empty() => found,
                _ => {
                    return check.fail(
                        "url",
                        Reason::Rule {
                            code: "unresolvable_host",
                            en: "The URL's host name does not resolve to any address.".into(),
                            zh: "URL 的主机名无法解析为任何地址。".into(),
                        },
                    );
                }
            }
        }
    };
    // Which address is not said: the answer must not map the inside for the caller.
    if !addresses.iter().all(|ip| destination::permitted(*ip, &settings.allow_networks)) {
        check.fail(
            "url",
            Reason::Rule {
                code: "forbidden_address",
                en: "The URL leads to an internal or reserved address (loopback, private, link-local, ...), \
                     where webhooks are not sent unless the server's administrator allows its network."
                    .into(),
                zh: "该 URL 指向内部或保留地址（回环、私有、链路本地等）；除非服务器管理员允许该网络，否则不向其发送 Webhook。"
                    .into(),
            },
        );
    }
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
