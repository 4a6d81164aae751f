//! The wire types as TypeScript declarations and the protocol's constants as
//! a JavaScript module, for the JavaScript client in `js/`. Both are made
//! from this crate's own types and constants and checked in under
//! `js/types/`; `tests/typescript.rs` fails when they are stale.

use std::collections::HashMap;

use ts_rs::{Config, TS, TypeVisitor};

use crate::{ErrorCode, auth, blobs, error, events, pull, push};

/// File name of the declarations, in `js/types/`.
pub const DECLARATIONS_FILE: &str = "wire.d.ts";

/// File name of the constants module, in `js/types/`.
pub const CONSTANTS_FILE: &str = "constants.js";

const GENERATED: &str = "// Generated from the Rust types of sync-protocol by `sync_protocol::typescript`.\n\
    // Do not edit: run `FIELDSYNC_UPDATE_TYPES=1 cargo test -p sync-protocol --test typescript`.\n";

/// Every wire type of the protocol, and each type they use, as one
/// TypeScript module of `export type` declarations with their doc comments.
/// Integers are `number`: every integer of the protocol fits a double (see
/// [`push::MAX_MUTATION_ID`]).
pub fn wire_declarations() -> String {
    let mut out = Declarations {
        cfg: Config::new().with_large_int("number"),
        declared: HashMap::new(),
        text: String::from(GENERATED),
    };
    // Section by section of the spec: errors, auth, push, pull, events, photos.
    out.visit::<ErrorCode>();
    out.visit::<error::ErrorEnvelope>();
    out.visit::<auth::LoginRequest>();
    out.visit::<auth::RefreshRequest>();
    out.visit::<auth::TokenResponse>();
    out.visit::<push::PushRequest>();
    out.visit::<push::PushResponse>();
    out.visit::<pull::PullRequest>();
    out.visit::<pull::PullResponse>();
    out.visit::<events::EventName>();
    out.visit::<events::VersionData>();
    out.visit::<events::EndData>();
    out.visit::<blobs::MissingRequest>();
    out.visit::<blobs::MissingResponse>();
    out.visit::<blobs::CreateUpload>();
    out.visit::<blobs::UploadState>();
    out.visit::<blobs::OwedResponse>();
    out.text
}

/// Collects the declarations of types and, after each, those of the types it
/// uses, each once.
struct Declarations {
    cfg: Config,
    /// Each TypeScript name declared, with its declaration.
    declared: HashMap<String, String>,
    text: String,
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives, arrays and options have no declaration of their own.
        if T::output_path().is_none() {
            return;
        }
        let decl = T::decl(&self.cfg);
        // Two Rust types may share a TypeScript name (`serde_json::Value` and
        // the type ts-rs declares for it): one declaration, if they agree.
        match self.declared.get(&T::ident(&self.cfg)) {
            Some(earlier) if *earlier == decl => return,
            Some(earlier) => panic!("two wire types are named {}: `{earlier}` and `{decl}`", T::ident(&self.cfg)),
            None => {}
        }
        self.declared.insert(T::ident(&self.cfg), decl.clone());
        self.text.push('\n');
        if let Some(docs) = T::docs() {
            self.text.push_str(&plain_links(&docs));
        }
        self.text.push_str("export ");
        self.text.push_str(&indented(&plain_links(&decl)));
        self.text.push('\n');
        // ts-rs visits a type's dependencies in hash order: sorted by name,
        // the file is the same from one build to the next.
        let mut uses = Uses { cfg: &self.cfg, found: Vec::new() };
        T::visit_dependencies(&mut uses);
        let mut found = uses.found;
        found.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, declare) in found {
            declare(self);
        }
    }
}

/// Declares one type (and the types it uses).
type Declare = fn(&mut Declarations);

/// The types one type uses, each by name with the way to declare it.
struct Uses<'a> {
    cfg: &'a Config,
    found: Vec<(String, Declare)>,
}

impl TypeVisitor for Uses<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Only declared types have a name (ts-rs panics for others).
        if T::output_path().is_some() {
            self.found.push((T::ident(self.cfg), |out| out.visit::<T>()));
        }
    }
}

/// Rust doc links (`[`Name`]`) as plain code spans: JSDoc does not resolve them.
fn plain_links(docs: &str) -> String {
    docs.replace("[`", "`").replace("`]", "`")
}

/// An object type with one field per line, indented, and the closing brace
/// on a line of its own; any other declaration as it is.
fn indented(decl: &str) -> String {
    let Some((head, body)) = decl.split_once("= { \n") else {
        return decl.to_owned();
    };
    let Some(body) = body.strip_suffix(" };") else {
        return decl.to_owned();
    };
    let mut out = format!("{head}= {{\n");
    for line in body.lines() {
        out.push_str("  ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str("};");
    out
}

/// A JavaScript module of the protocol's constants and of every error code's
/// HTTP status and retryability, typed by JSDoc against `wire.d.ts`.
pub fn constants_module() -> String {
    let mut out = String::from(GENERATED);
    let mut number = |name: &str, value: u64, doc: &str| {
        out.push_str(&format!("\n/** {doc} */\nexport const {name} = {value};\n"));
    };
    number("PROTOCOL_VERSION", crate::PROTOCOL_VERSION.into(), "The protocol version this client speaks.");
    number(
        "MIN_PROTOCOL_VERSION",
        crate::MIN_PROTOCOL_VERSION.into(),
        "The oldest protocol version the server still accepts.",
    );
    number("MAX_PUSH_MUTATIONS", push::MAX_PUSH_MUTATIONS as u64, "Largest number of mutations in one push.");
    number("MAX_MUTATION_ID", push::MAX_MUTATION_ID, "Largest mutation id, 2^53 − 1 (`Number.MAX_SAFE_INTEGER`).");
    number("MAX_PULL_LIMIT", pull::MAX_PULL_LIMIT.into(), "Largest page size a pull may ask for.");
    number("DEFAULT_PULL_LIMIT", pull::DEFAULT_PULL_LIMIT.into(), "Page size of a pull that asks for none.");
    number(
        "MAX_MISSING_QUERY",
        blobs::MAX_MISSING_QUERY as u64,
        "Largest number of hashes in one `POST /v1/blobs/missing`.",
    );
    number("MAX_DEVICE_ID", auth::MAX_DEVICE_ID as u64, "Longest `device_id` a sign-in accepts.");
    number("HEARTBEAT_SECS", events::HEARTBEAT_SECS, "Seconds between heartbeats of a live stream without events.");
    let mut text = |name: &str, value: &str, doc: &str| {
        out.push_str(&format!("\n/** {doc} */\nexport const {name} = {value:?};\n"));
    };
    text("PROTOCOL_HEADER", crate::PROTOCOL_HEADER, "The request header that carries the protocol version.");
    text(
        "UPLOAD_OFFSET_HEADER",
        blobs::UPLOAD_OFFSET_HEADER,
        "The header that tells how many bytes of an upload the server holds.",
    );
    out.push_str(
        "\n/**\n * Each error code's HTTP status and whether the same request may succeed\n \
         * if retried later unchanged. A code missing here is newer than this\n \
         * client: decide by the HTTP status.\n \
         * @type {Readonly<Record<import('./wire.js').ErrorCode, { status: number, retryable: boolean }>>}\n \
         */\nexport const ERROR_CODES = Object.freeze({\n",
    );
    for code in ErrorCode::ALL {
        out.push_str(&format!(
            "  {}: {{ status: {}, retryable: {} }},\n",
            code.as_str(),
            code.http_status(),
            code.retryable()
        ));
    }
    out.push_str("});\n");
    out
}
