//! How a county numbers its documents (文号): one pattern, with the short
//! name of the county and of each kind of document, e.g.
//! `{county_short}建{kind_short}〔{year}〕第{seq:03}号` → 清建整改〔2026〕第012号.
//!
//! ```toml
//! [numbering]
//! pattern = "{county_short}建{kind_short}〔{year}〕第{seq:03}号"
//! reserve_max = 20
//! [numbering.kinds]
//! rectification = "整改"
//! [numbering.counties]
//! "130100" = "清"   # the county's region code → its short name
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Document numbering settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct NumberingSettings {
    /// The number's pattern: `{county_short}`, `{kind_short}`, `{year}` and
    /// `{seq}` (or `{seq:03}`, zero-padded to three digits). It must name
    /// the kind, the year and the sequence, so that no two numbers of a
    /// county are alike.
    pub pattern: String,
    /// Each kind of document's short name in the number.
    pub kinds: BTreeMap<String, String>,
    /// Each county's short name, by the county's region code; a county not
    /// named here uses the first character of its name (清河县 → 清).
    pub counties: BTreeMap<String, String>,
    /// Most numbers one device may hold reserved per kind, for issuing offline.
    pub reserve_max: u32,
}

/// The kinds of document numbered, with their default short names.
pub const KINDS: &[(&str, &str)] = &[
    ("rectification", "整改"),
    ("stop_work", "停工"),
    ("equipment_sealed", "封存"),
    ("summons", "约谈"),
    ("case_filed", "立案"),
    ("resumption", "复工"),
    ("unsealing", "解封"),
    ("supervision", "督办"),
    ("prior_notice", "罚告"),
    ("penalty_decision", "罚决"),
];

impl Default for NumberingSettings {
    fn default() -> Self {
        NumberingSettings {
            pattern: "{county_short}建{kind_short}〔{year}〕第{seq:03}号".into(),
            kinds: KINDS.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            counties: BTreeMap::new(),
            reserve_max: 20,
        }
    }
}

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    County,
    Kind,
    Year,
    /// The sequence, zero-padded to this many digits.
    Seq(usize),
}

/// A checked pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern(Vec<Piece>);

/// What a number is made of.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    /// The county's short name.
    pub county: &'a str,
    /// The kind's short name.
    pub kind: &'a str,
    /// The year.
    pub year: i32,
    /// The position in the year's series, from 1.
    pub seq: i64,
}

impl Pattern {
    /// Parses a pattern, or says what is wrong with it.
    pub fn parse(text: &str) -> Result<Pattern, String> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_owned()));
            }
            let close = rest[open..].find('}').ok_or_else(|| format!("an unclosed {{ in {text:?}"))? + open;
            let name = &rest[open + 1..close];
            pieces.push(match name {
                "county_short" => Piece::County,
                "kind_short" => Piece::Kind,
                "year" => Piece::Year,
                "seq" => Piece::Seq(0),
                _ => match name.strip_prefix("seq:").and_then(|w| w.parse::<usize>().ok()) {
                    Some(width) if width <= 9 => Piece::Seq(width),
                    _ => {
                        return Err(format!(
                            "{{{name}}} is not a part of a number (county_short, kind_short, year, seq, seq:03)"
                        ));
                    }
                },
            });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_owned()));
        }
        for (needed, present) in [
            ("{kind_short}", pieces.contains(&Piece::Kind)),
            ("{year}", pieces.contains(&Piece::Year)),
            ("{seq}", pieces.iter().any(|p| matches!(p, Piece::Seq(_)))),
        ] {
            if !present {
                return Err(format!(
                    "the pattern {text:?} must contain {needed}, or two documents could share a number"
                ));
            }
        }
        Ok(Pattern(pieces))
    }

    /// The number made of `parts`.
    pub fn format(&self, parts: Parts<'_>) -> String {
        self.0
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => text.clone(),
                Piece::County => parts.county.to_owned(),
                Piece::Kind => parts.kind.to_owned(),
                Piece::Year => parts.year.to_string(),
                Piece::Seq(width) => format!("{:0width$}", parts.seq, width = *width),
            })
            .collect()
    }
}

impl NumberingSettings {
    /// The checked pattern, or why the settings are wrong: a bad pattern, a
    /// kind without a short name, two kinds with the same one.
    pub fn pattern(&self) -> anyhow::Result<Pattern> {
        let pattern = Pattern::parse(&self.pattern).map_err(|e| anyhow::anyhow!("numbering.pattern: {e}"))?;
        let mut seen = BTreeMap::new();
        for (kind, _) in KINDS {
            let short = self.kind_short(kind);
            if short.is_empty() {
                anyhow::bail!("numbering.kinds.{kind}: a short name is needed");
            }
            if let Some(other) = seen.insert(short.to_owned(), *kind) {
                anyhow::bail!("numbering.kinds: {other} and {kind} are both {short:?}; each kind needs its own");
            }
        }
        if self.reserve_max == 0 {
            anyhow::bail!("numbering.reserve_max: at least 1");
        }
        Ok(pattern)
    }

    /// A kind's short name: the county's, else the default one (so a
    /// settings file written before a kind existed still numbers it), else
    /// the kind's own name.
    pub fn kind_short<'a>(&'a self, kind: &'a str) -> &'a str {
        let default = || KINDS.iter().find(|(k, _)| *k == kind).map_or(kind, |(_, short)| *short);
        self.kinds.get(kind).map_or_else(default, |s| s.trim())
    }

    /// A county's short name, from its region code and name.
    pub fn county_short(&self, code: &str, name: &str) -> String {
        match self.counties.get(code) {
            Some(short) => short.trim().to_owned(),
            None => name.chars().next().map(String::from).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_pattern_makes_the_bureaus_number() {
        let settings = NumberingSettings::default();
        let pattern = settings.pattern().unwrap();
        let parts =
            Parts { county: &settings.county_short("130100", "清河县"), kind: "整改", year: 2026, seq: 12 };
        assert_eq!(pattern.format(parts), "清建整改〔2026〕第012号");
        assert_eq!(pattern.format(Parts { seq: 1234, ..parts }), "清建整改〔2026〕第1234号");
        assert_eq!(Pattern::parse("{year}-{kind_short}-{seq}").unwrap().format(parts), "2026-整改-12");
    }

    #[test]
    fn a_pattern_that_could_repeat_a_number_is_refused() {
        for bad in [
            "{county_short}〔{year}〕第{seq}号",
            "{kind_short}{seq}",
            "{kind_short}{year}",
            "{kind_short}{year}{seq:x}",
            "{kind_short}{year}{seq",
            "{who}{kind_short}{year}{seq}",
        ] {
            assert!(Pattern::parse(bad).is_err(), "{bad}");
        }
        let mut same = NumberingSettings::default();
        same.kinds.insert("summons".into(), "整改".into());
        assert!(same.pattern().unwrap_err().to_string().contains("each kind needs its own"));
        let mut blank = NumberingSettings::default();
        blank.kinds.insert("case_filed".into(), " ".into());
        assert!(blank.pattern().unwrap_err().to_string().contains("a short name is needed"));
        // A settings file older than a kind numbers it by the default short name.
        let mut older = NumberingSettings::default();
        older.kinds.remove("resumption");
        assert!(older.pattern().is_ok());
        assert_eq!(older.kind_short("resumption"), "复工");
    }

    #[test]
    fn a_county_named_in_the_settings_uses_its_short_name() {
        let mut settings = NumberingSettings::default();
        settings.counties.insert("130100".into(), "清河".into());
        assert_eq!(settings.county_short("130100", "清河县"), "清河");
        assert_eq!(settings.county_short("130200", "故城县"), "故");
    }
}
