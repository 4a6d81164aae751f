//! The checked-in TypeScript declarations and constants of `js/types/` are
//! those the Rust types make today. `FIELDSYNC_UPDATE_TYPES=1` rewrites them.

use std::path::{Path, PathBuf};

use sync_protocol::typescript::{CONSTANTS_FILE, DECLARATIONS_FILE, constants_module, wire_declarations};

const UPDATE: &str = "FIELDSYNC_UPDATE_TYPES=1 cargo test -p sync-protocol --test typescript";

fn types_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("js").join("types")
}

/// Compares `generated` with the checked-in file, or writes it when asked to.
fn check(file: &str, generated: &str) {
    let path = types_dir().join(file);
    if std::env::var_os("FIELDSYNC_UPDATE_TYPES").is_some_and(|v| v == "1") {
        std::fs::write(&path, generated).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    if stored != generated {
        let line = stored
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| stored.lines().count().min(generated.lines().count()) + 1, |at| at + 1);
        panic!(
            "{} is not what the Rust wire types make (first difference at line {line}); \
             regenerate it with `{UPDATE}` and commit it",
            path.display()
        );
    }
}

#[test]
fn the_checked_in_declarations_match_the_rust_wire_types() {
    check(DECLARATIONS_FILE, &wire_declarations());
}

#[test]
fn the_checked_in_constants_match_the_rust_constants() {
    check(CONSTANTS_FILE, &constants_module());
}

#[test]
fn optional_fields_are_optional_not_nullable() {
    let decls = wire_declarations();
    // Skipped when empty, so absent rather than null on the wire.
    for field in ["client_time?: string", "checkpoint?: string", "details?: JsonValue", "upload_id?: string"] {
        assert!(decls.contains(field), "expected `{field}` in the declarations");
    }
    // Always sent, null when empty.
    assert!(decls.contains("region_id: string | null"), "a user's region_id is sent as null");
    assert!(!decls.contains("bigint"), "protocol integers fit a JavaScript number");
}
