//! Every CSV the server writes keeps text that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@`, tab, CR first) as text: the notices list of the
//! web pages and the reports. Before, an imported site named
//! `=HYPERLINK(...)` went out raw and ran when a supervisor opened the file.

use fieldsync_tests::{Browser, TestApp, db_tests};
use serde_json::json;
use uuid::Uuid;

/// A spreadsheet formula, as an attacker would name a site or a township.
const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"open\")";

/// Whether any cell of a CSV document begins as a formula would.
fn has_formula_cell(csv: &str) -> bool {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    reader.records().any(|r| {
        r.unwrap().iter().any(|c| c.starts_with(['=', '+', '@']) || (c.starts_with('-') && c.parse::<f64>().is_err()))
    })
}

db_tests! {
    async fn names_that_spreadsheets_would_run_are_written_as_text_in_every_csv(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        // A site imported with a formula for a name, and a notice on it.
        let file = format!("name,address,project_type,region_code,permit_number,contractor\n\"{}\",Road,housing,130101001,P-9,Company A\n", FORMULA.replace('"', "\"\""));
        let request = app.http.post(app.url("/v1/admin/sites/import")).bearer_auth(&admin).header("content-type", "text/csv").body(file);
        TestApp::read(request).await.expect(200);
        let sites = app.get("/v1/admin/sites?limit=50", &admin).await;
        let site = sites.expect(200)["items"].as_array().unwrap().iter().find(|s| s["name"] == FORMULA).unwrap()["id"].clone();
        let mut client = app.sync_client("inspector").await;
        client.mutate("notice.create", json!({"id": Uuid::new_v4(), "kind": "rectification", "site_id": site,
            "findings": [{"text": "@SUM(1+1)", "location": "Gate", "clause": "Art. 6"}], "legal_basis": "Art. 69",
            "required_actions": "Fix it.", "deadline_days": 3}));
        client.push().await.unwrap();
        // A township named like one.
        let county = app.get("/v1/admin/regions?level=county", &admin).await.expect(200)["items"][0]["id"].clone();
        app.post("/v1/admin/regions", &admin, &json!({"level": "township", "parent_id": county, "code": "130109", "name": "+1+1"})).await.expect(201);

        let browser = Browser::signed_in(&app, "supervisor").await;
        let list = browser.get("/app/notices.csv").await;
        assert_eq!(list.status, 200);
        assert!(list.text.contains(&format!("'{}", FORMULA.replace('"', "\"\""))), "{}", list.text);
        assert!(!has_formula_cell(&list.text), "{}", list.text);
        let supervisor = app.token("supervisor").await;
        let report = app.get("/v1/reports/daily?format=csv", &supervisor).await;
        assert_eq!(report.status, 200);
        assert!(report.text.contains("'+1+1"), "{}", report.text);
        assert!(!has_formula_cell(&report.text), "{}", report.text);
    }
}
