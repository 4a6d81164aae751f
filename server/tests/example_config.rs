//! `fieldsync.example.toml` at the repository root documents every setting
//! with its default: it must load without unknown keys, name every setting,
//! and give exactly the built-in defaults.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use fieldsync::config::{self, Settings};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fieldsync.example.toml");

/// Dotted names of every leaf of a TOML table.
fn keys(prefix: &str, table: &toml::Table, out: &mut Vec<String>) {
    for (key, value) in table {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match value {
            toml::Value::Table(inner) => keys(&path, inner, out),
            _ => out.push(path),
        }
    }
}

#[test]
#[allow(clippy::result_large_err)] // figment's Jail closure returns its own large error type
fn the_example_config_has_no_unknown_keys_and_gives_the_defaults() {
    figment::Jail::expect_with(|jail| {
        // FIELDSYNC_* variables of the person running the tests must not count.
        jail.clear_env();
        let loaded = config::load(Some(Path::new(EXAMPLE))).unwrap();
        assert!(loaded.unknown_keys.is_empty(), "unknown keys: {:?}", loaded.unknown_keys);
        let loaded = toml::Table::try_from(&loaded.settings).unwrap();
        let defaults = toml::Table::try_from(Settings::default()).unwrap();
        assert_eq!(loaded, defaults, "the example must show the defaults");
        Ok(())
    });
}

#[test]
fn the_example_config_names_every_setting() {
    let example: toml::Table = std::fs::read_to_string(EXAMPLE).unwrap().parse().unwrap();
    let mut given = Vec::new();
    keys("", &example, &mut given);
    let mut known = Vec::new();
    keys("", &toml::Table::try_from(Settings::default()).unwrap(), &mut known);
    let missing: Vec<_> = known.iter().filter(|k| !given.contains(k)).collect();
    assert!(missing.is_empty(), "settings missing from fieldsync.example.toml: {missing:?}");
}
