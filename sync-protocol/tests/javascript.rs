//! The JavaScript client type-checks: `tsc` (TypeScript, installed by
//! `npm ci` in `js/`) reads its JSDoc against the wire types generated from
//! this crate (`js/types/wire.d.ts`).

use std::{path::Path, process::Command};

#[test]
fn the_javascript_client_type_checks_against_the_wire_types() {
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("js");
    let tsc = js.join("node_modules").join(".bin").join("tsc");
    assert!(tsc.exists(), "{} is missing: run scripts/test (it runs npm ci in sync-protocol/js)", tsc.display());
    let output = Command::new(&tsc)
        .arg("-p")
        .arg(&js)
        .arg("--pretty")
        .arg("false")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", tsc.display()));
    assert!(
        output.status.success(),
        "tsc -p {} failed ({}):\n{}{}",
        js.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
