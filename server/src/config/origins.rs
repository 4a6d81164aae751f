//! `[http] allowed_origins`: the web origins allowed to call the API from a
//! page they serve (a WebView shell, a page on another host). Each is
//! checked when the settings load, since an origin with a path or a
//! trailing slash would silently never match what a browser sends.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The origins allowed to call the API cross-origin; none by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AllowedOrigins {
    /// None: only pages the server serves itself may call it.
    #[default]
    None,
    /// Exactly these origins (`scheme://host[:port]`, lower case).
    Only(Vec<String>),
    /// Any origin (`["*"]`).
    Any,
}

impl AllowedOrigins {
    /// Reads the configured list.
    pub fn parse(list: &[String]) -> Result<Self, String> {
        if list.is_empty() {
            return Ok(Self::None);
        }
        if list.iter().any(|o| o == "*") {
            return match list.len() {
                1 => Ok(Self::Any),
                _ => Err("\"*\" allows every origin: give it alone, not with other origins".into()),
            };
        }
        list.iter().map(|origin| origin_of(origin)).collect::<Result<_, _>>().map(Self::Only)
    }

    fn as_list(&self) -> Vec<String> {
        match self {
            Self::None => Vec::new(),
            Self::Only(origins) => origins.clone(),
            Self::Any => vec!["*".into()],
        }
    }
}

/// `origin` as a browser sends it in `Origin`, or why it cannot be one.
fn origin_of(origin: &str) -> Result<String, String> {
    let bad = |why: &str| {
        Err(format!("allowed origin {origin:?} {why}; write it as scheme://host[:port], e.g. https://app.example.org"))
    };
    let Ok(url) = url::Url::parse(origin) else {
        return bad("is not a URL");
    };
    if url.host_str().is_none_or(str::is_empty) {
        return bad("has no host");
    }
    if !url.username().is_empty() || url.password().is_some() || url.query().is_some() || url.fragment().is_some() {
        return bad("has more than a scheme, a host and a port");
    }
    if !matches!(url.path(), "" | "/") || origin.ends_with('/') {
        return bad("has a path (a browser's Origin never has one, not even a trailing slash)");
    }
    Ok(origin.to_ascii_lowercase())
}

impl Serialize for AllowedOrigins {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_list().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for AllowedOrigins {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let list = Vec::<String>::deserialize(deserializer)?;
        Self::parse(&list).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for AllowedOrigins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_list().join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[&str]) -> Result<AllowedOrigins, String> {
        AllowedOrigins::parse(&list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn origins_are_taken_as_a_browser_sends_them() {
        assert_eq!(parse(&[]), Ok(AllowedOrigins::None));
        assert_eq!(parse(&["*"]), Ok(AllowedOrigins::Any));
        assert_eq!(
            parse(&["https://App.Example.org", "capacitor://localhost", "http://localhost:5173"]),
            Ok(AllowedOrigins::Only(vec![
                "https://app.example.org".into(),
                "capacitor://localhost".into(),
                "http://localhost:5173".into()
            ]))
        );
    }

    #[test]
    fn what_no_browser_sends_is_refused_with_the_reason() {
        for (origin, why) in [
            ("https://app.example.org/", "has a path"),
            ("https://app.example.org/field", "has a path"),
            ("app.example.org", "is not a URL"),
            ("https://user@app.example.org", "more than a scheme"),
            ("https://app.example.org?x=1", "more than a scheme"),
        ] {
            let error = parse(&[origin]).expect_err(origin);
            assert!(error.contains(why), "{origin}: {error}");
        }
        assert!(parse(&["*", "https://a.example"]).unwrap_err().contains("alone"));
    }
}
