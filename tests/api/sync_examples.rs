//! The examples of the sync protocol spec (`sync-protocol/examples/`), sent to
//! the real server: every answer must match its example, so the spec cannot
//! drift from the code. Also checks that the spec's error table lists every
//! error code, and that the spec references every example file.
//!
//! An example is matched by shape: the same keys at every level, the same
//! literal values, and any value of the right kind where the example holds a
//! placeholder such as `"<uuid>"`. Named placeholders (`"<site_a>"`) stand for
//! values the test knows (seeded ids, tokens and checkpoints from earlier
//! answers) and are substituted before sending or matching.

use std::{collections::BTreeMap, path::PathBuf};

use fieldsync::sync::retention;
use fieldsync_tests::{TestApp, db_tests};
use reqwest::Method;
use serde_json::{Value, json};
use sync_protocol::ErrorCode;

/// Placeholders matched by kind, never substituted.
const KINDS: &[&str] = &["<any>", "<uuid>", "<timestamp>", "<token>", "<checkpoint>", "<integer>", "<string>"];

/// Every example file, each sent or matched by the test below.
const FILES: &[&str] = &[
    "error.json",
    "events.response.json",
    "login.request.json",
    "login.response.json",
    "pull.deletion.request.json",
    "pull.deletion.response.json",
    "pull.first.request.json",
    "pull.first.response.json",
    "pull.must_resync.request.json",
    "pull.must_resync.response.json",
    "pull.next.request.json",
    "pull.next.response.json",
    "push.conflict.request.json",
    "push.conflict.response.json",
    "push.gap_filled.request.json",
    "push.gap_filled.response.json",
    "push.request.json",
    "push.response.json",
    "refresh.request.json",
    "refresh.response.json",
    "refresh.reused.response.json",
];

fn protocol_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sync-protocol")
}

fn readme() -> String {
    std::fs::read_to_string(protocol_dir().join("README.md")).expect("sync-protocol/README.md")
}

fn example(name: &str) -> Value {
    let path = protocol_dir().join("examples").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

fn is_placeholder(text: &str) -> bool {
    text.len() > 2 && text.starts_with('<') && text.ends_with('>') && !text.contains(' ')
}

/// Checks that `actual` has the shape of `expected`; the error names the first difference by its path.
fn matches(expected: &Value, actual: &Value) -> Result<(), String> {
    check(expected, actual, "$")
}

fn check(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match expected {
        Value::String(text) if is_placeholder(text) => check_kind(text, actual, path),
        Value::Object(want) => {
            let Value::Object(got) = actual else { return Err(format!("{path}: expected an object, got {actual}")) };
            let missing: Vec<&String> = want.keys().filter(|k| !got.contains_key(*k)).collect();
            let unexpected: Vec<&String> = got.keys().filter(|k| !want.contains_key(*k)).collect();
            if !missing.is_empty() || !unexpected.is_empty() {
                return Err(format!("{path}: missing keys {missing:?}, unexpected keys {unexpected:?}"));
            }
            want.iter().try_for_each(|(key, value)| check(value, &got[key], &format!("{path}.{key}")))
        }
        Value::Array(want) => {
            let Value::Array(got) = actual else { return Err(format!("{path}: expected an array, got {actual}")) };
            if want.len() != got.len() {
                return Err(format!("{path}: expected {} elements, got {}: {actual}", want.len(), got.len()));
            }
            want.iter().zip(got).enumerate().try_for_each(|(i, (w, g))| check(w, g, &format!("{path}[{i}]")))
        }
        literal if literal == actual => Ok(()),
        literal => Err(format!("{path}: expected {literal}, got {actual}")),
    }
}

fn check_kind(kind: &str, actual: &Value, path: &str) -> Result<(), String> {
    let text = actual.as_str();
    let ok = match kind {
        "<any>" => true,
        "<uuid>" => text.is_some_and(|t| uuid::Uuid::parse_str(t).is_ok()),
        "<timestamp>" => text.is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok()),
        "<token>" | "<checkpoint>" => text.is_some_and(|t| !t.is_empty()),
        "<string>" => text.is_some(),
        "<integer>" => actual.is_u64(),
        unbound => return Err(format!("{path}: placeholder {unbound} is not bound")),
    };
    if ok { Ok(()) } else { Err(format!("{path}: expected {kind}, got {actual}")) }
}

/// Values of the named placeholders.
#[derive(Debug, Default)]
struct Vars(BTreeMap<String, Value>);

impl Vars {
    fn bind(&mut self, name: &str, value: impl Into<Value>) {
        self.0.insert(format!("<{name}>"), value.into());
    }

    /// The template with every bound placeholder replaced by its value.
    fn fill(&self, template: &Value) -> Value {
        match template {
            Value::String(text) => self.0.get(text).cloned().unwrap_or_else(|| template.clone()),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.fill(v)).collect()),
            Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), self.fill(v))).collect()),
            other => other.clone(),
        }
    }
}

/// One example exchange: a request file (or none) and the expected answer.
struct Exchange<'a> {
    method: Method,
    path: &'a str,
    token: Option<&'a str>,
    protocol_header: bool,
    request: Option<&'a str>,
    status: u16,
    response: &'a str,
}

impl Exchange<'_> {
    /// A sync call: bearer token and protocol header.
    fn sync<'a>(path: &'a str, token: &'a str, request: &'a str, response: &'a str) -> Exchange<'a> {
        Exchange {
            method: Method::POST,
            path,
            token: Some(token),
            protocol_header: true,
            request: Some(request),
            status: 200,
            response,
        }
    }

    /// An auth call: no token, no protocol header.
    fn auth<'a>(path: &'a str, request: &'a str, status: u16, response: &'a str) -> Exchange<'a> {
        Exchange {
            method: Method::POST,
            path,
            token: None,
            protocol_header: false,
            request: Some(request),
            status,
            response,
        }
    }

    /// Sends the filled request and checks the answer against the filled example; returns the answer.
    async fn run(self, app: &TestApp, vars: &Vars) -> Value {
        let mut request = app.http.request(self.method, app.url(self.path));
        if let Some(token) = self.token {
            request = request.bearer_auth(token);
        }
        if self.protocol_header {
            request = request.header("fieldsync-protocol", "1");
        }
        if let Some(file) = self.request {
            let body = vars.fill(&example(file));
            assert!(!body.to_string().contains("\"<"), "{file}: unbound placeholder in {body}");
            request = request.json(&body);
        }
        let reply = TestApp::read(request).await;
        assert_eq!(reply.status, self.status, "{}: unexpected status; body: {}", self.response, reply.text);
        let mut expected = vars.fill(&example(self.response));
        let mut actual = reply.body.clone();
        if let Some(changes) = actual.get("changes").and_then(Value::as_array) {
            let versions: Vec<u64> = changes.iter().map(|c| c["version"].as_u64().unwrap_or(0)).collect();
            assert!(versions.is_sorted(), "{}: changes out of version order: {versions:?}", self.response);
        }
        // Within one version the order of changes is unspecified (a page holds one change per record).
        in_version_order(&mut expected);
        in_version_order(&mut actual);
        if let Err(difference) = matches(&expected, &actual) {
            panic!(
                "{} does not match the server ({}): {difference}\nserver said: {}",
                self.response,
                app.backend.name(),
                reply.text
            );
        }
        reply.body
    }
}

/// Sorts a pull page's changes by version, then type and id.
fn in_version_order(page: &mut Value) {
    if let Some(changes) = page.get_mut("changes").and_then(Value::as_array_mut) {
        let key = |c: &Value| (c["version"].as_u64(), c["type"].to_string(), c["id"].to_string());
        changes.sort_by_key(key);
    }
}

const INSPECTOR_CLIENT: &str = "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
const SECOND_INSPECTION: &str = "7e4f9a5b-1c7d-4b54-8f0e-8d3a5b7c9d03";

db_tests! {
    async fn every_example_of_the_spec_matches_the_server(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut vars = Vars::default();
        for (name, id) in [
            ("county", seeded.county), ("township1", seeded.township1), ("township2", seeded.township2),
            ("village1", seeded.village1), ("village2", seeded.village2), ("company_a", seeded.company_a),
            ("company_b", seeded.company_b), ("site_a", places.site_a), ("site_b", places.site_b),
            ("household", places.household),
        ] {
            vars.bind(name, id.to_string());
        }

        // Sign in, refresh once, and see a second use of the same refresh token end the session.
        let login = Exchange::auth("/v1/auth/login", "login.request.json", 200, "login.response.json").run(&app, &vars).await;
        vars.bind("inspector", login["user"]["id"].clone());
        vars.bind("refresh_token", login["refresh_token"].clone());
        let refreshed = Exchange::auth("/v1/auth/refresh", "refresh.request.json", 200, "refresh.response.json").run(&app, &vars).await;
        assert_ne!(refreshed["refresh_token"], login["refresh_token"], "refresh tokens rotate");
        Exchange::auth("/v1/auth/refresh", "refresh.request.json", 401, "refresh.reused.response.json").run(&app, &vars).await;
        // The reuse revoked the whole session: the newer refresh token is dead too.
        vars.bind("refresh_token", refreshed["refresh_token"].clone());
        let body = vars.fill(&example("refresh.request.json"));
        let reply = app.send(Method::POST, "/v1/auth/refresh", None, Some(&body)).await;
        reply.expect_error(401, "refresh_token_invalid");
        // Signed out everywhere: sign in again (same device, so the same client id stays usable).
        let login = Exchange::auth("/v1/auth/login", "login.request.json", 200, "login.response.json").run(&app, &vars).await;
        let token = login["access_token"].as_str().unwrap().to_owned();

        // A sync call without the protocol header.
        let mut no_header = Exchange::sync("/v1/sync/push", &token, "push.request.json", "error.json");
        (no_header.protocol_header, no_header.status) = (false, 426);
        no_header.run(&app, &vars).await;

        // A push with an applied, a rejected and a not processed mutation; retried, it gets the same answer.
        let pushed = Exchange::sync("/v1/sync/push", &token, "push.request.json", "push.response.json").run(&app, &vars).await;
        let again = Exchange::sync("/v1/sync/push", &token, "push.request.json", "push.response.json").run(&app, &vars).await;
        assert_eq!(again, pushed, "a retried push gets the same answer");

        // A first sync in two pages.
        let first = Exchange::sync("/v1/sync/pull", &token, "pull.first.request.json", "pull.first.response.json").run(&app, &vars).await;
        vars.bind("checkpoint_1", first["checkpoint"].clone());
        let next = Exchange::sync("/v1/sync/pull", &token, "pull.next.request.json", "pull.next.response.json").run(&app, &vars).await;
        vars.bind("checkpoint_2", next["checkpoint"].clone());

        // Another device edits the same inspection from an older revision: one field merges, one conflicts.
        let supervisor = app.token("supervisor").await;
        Exchange::sync("/v1/sync/push", &supervisor, "push.conflict.request.json", "push.conflict.response.json").run(&app, &vars).await;

        // The inspector fills the gap; the next pull brings a deletion and a new record.
        Exchange::sync("/v1/sync/push", &token, "push.gap_filled.request.json", "push.gap_filled.response.json").run(&app, &vars).await;
        Exchange::sync("/v1/sync/pull", &token, "pull.deletion.request.json", "pull.deletion.response.json").run(&app, &vars).await;

        // The deletion is compacted away: a device still at the older checkpoint must resync.
        let done = retention::compact(&app.state.db, chrono::Utc::now() + chrono::Duration::seconds(5)).await.unwrap();
        assert_eq!(done.purged_through, 6, "{done:?}");
        Exchange::sync("/v1/sync/pull", &token, "pull.must_resync.request.json", "pull.must_resync.response.json").run(&app, &vars).await;

        // Live events: `ready` on connecting, then a `poke` for a change in the device's scope.
        let mut events = app.events(&token, None).await;
        let mut seen = Vec::new();
        let ready = events.next(std::time::Duration::from_secs(10)).await.expect("ready event");
        seen.push(ready);
        let edit = json!({"client_id": INSPECTOR_CLIENT, "mutations": [
            {"id": 6, "name": "inspection.update", "args": {"id": SECOND_INSPECTION, "base_rev": 1, "notes": "Wash trough installed."}}
        ]});
        let request = app.http.post(app.url("/v1/sync/push")).bearer_auth(&token).header("fieldsync-protocol", "1").json(&edit);
        assert_eq!(TestApp::read(request).await.expect(200)["last_mutation_id"], 6);
        seen.push(events.next(std::time::Duration::from_secs(10)).await.expect("poke event"));
        let seen: Vec<Value> = seen
            .into_iter()
            .map(|e| {
                let data: Value = serde_json::from_str(&e.data).expect("event data is JSON");
                assert_eq!(e.id.as_deref(), Some(data["version"].to_string().as_str()), "the event id is its version");
                json!({"event": e.event, "id": e.id, "data": data})
            })
            .collect();
        if let Err(difference) = matches(&example("events.response.json"), &Value::Array(seen.clone())) {
            panic!("events.response.json does not match the server: {difference}\nserver sent: {seen:?}");
        }
    }
}

#[test]
fn the_matcher_fails_on_a_missing_key_an_extra_key_and_a_wrong_literal() {
    let expected = json!({"id": "<uuid>", "status": "applied", "items": [1, {"at": "<timestamp>"}], "n": "<integer>"});
    let good = json!({"id": "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "status": "applied", "items": [1, {"at": "2025-05-12T08:30:00Z"}], "n": 3});
    assert_eq!(matches(&expected, &good), Ok(()));

    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("status");
    assert!(matches(&expected, &missing).unwrap_err().contains("missing keys [\"status\"]"));

    let mut extra = good.clone();
    extra["items"][1]["by"] = json!("someone");
    assert!(
        matches(&expected, &extra).unwrap_err().starts_with("$.items[1]: missing keys [], unexpected keys [\"by\"]")
    );

    let mut wrong = good.clone();
    wrong["status"] = json!("rejected");
    assert_eq!(matches(&expected, &wrong), Err("$.status: expected \"applied\", got \"rejected\"".into()));

    let mut bad_kind = good.clone();
    bad_kind["id"] = json!("not-a-uuid");
    assert!(matches(&expected, &bad_kind).is_err());
    bad_kind = good.clone();
    bad_kind["items"] = json!([1]);
    assert!(matches(&expected, &bad_kind).unwrap_err().contains("expected 2 elements"));
    assert!(matches(&json!({"a": "<site_a>"}), &json!({"a": "x"})).unwrap_err().contains("not bound"));
}

#[test]
fn the_spec_lists_every_error_code_with_its_status_and_retry_flag() {
    let readme = readme();
    let rows: Vec<Vec<String>> = readme
        .lines()
        .skip_while(|line| !line.starts_with("### Error codes"))
        .skip(1)
        .take_while(|line| !line.starts_with('#'))
        .filter(|line| line.starts_with("| `"))
        .map(|line| line.split('|').map(|cell| cell.trim().to_owned()).collect())
        .collect();
    for code in ErrorCode::ALL {
        let name = format!("`{}`", code.as_str());
        let row = rows
            .iter()
            .find(|cells| cells.get(1) == Some(&name))
            .unwrap_or_else(|| panic!("the spec's error table has no row for {name}"));
        assert_eq!(row.get(2).map(String::as_str), Some(code.http_status().to_string().as_str()), "status of {name}");
        let retry = if code.retryable() { "yes" } else { "no" };
        assert_eq!(row.get(3).map(String::as_str), Some(retry), "retryable flag of {name}");
    }
}

#[test]
fn the_spec_references_every_example_file_and_documents_every_placeholder() {
    let readme = readme();
    let mut on_disk: Vec<String> = std::fs::read_dir(protocol_dir().join("examples"))
        .expect("examples directory")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, FILES, "every example file is checked against the server, and only those");
    for file in FILES {
        assert!(readme.contains(&format!("examples/{file}")), "the spec does not reference examples/{file}");
        let mut placeholders = Vec::new();
        collect_placeholders(&example(file), &mut placeholders);
        for placeholder in placeholders {
            assert!(
                readme.contains(&format!("`\"{placeholder}\"`")),
                "{file}: placeholder {placeholder} is not explained in the spec"
            );
        }
    }
    for kind in KINDS {
        assert!(readme.contains(&format!("`\"{kind}\"`")), "placeholder {kind} is not explained in the spec");
    }
}

fn collect_placeholders(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::String(text) if is_placeholder(text) => into.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect_placeholders(v, into)),
        Value::Object(map) => map.values().for_each(|v| collect_placeholders(v, into)),
        _ => {}
    }
}

#[test]
fn the_json_shown_in_the_spec_is_the_example_files() {
    let readme = readme();
    let mut shown = 0;
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix("<!-- example: ").and_then(|rest| rest.strip_suffix(" -->")) else {
            continue;
        };
        assert_eq!(lines.next(), Some("```json"), "the marker of {name} must be followed by a JSON block");
        let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        let inline: Value =
            serde_json::from_str(&block.join("\n")).unwrap_or_else(|e| panic!("the spec's {name} is not JSON: {e}"));
        assert_eq!(inline, example(name), "the spec shows {name} differently from examples/{name}");
        shown += 1;
    }
    assert!(shown >= 10, "only {shown} examples shown in the spec");
}
