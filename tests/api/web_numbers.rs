//! The supervisor's number register page: every number of the year with
//! where it stands, a form that voids one not used (and refuses one without
//! a reason), the CSV in the page's language with a BOM; only supervisors
//! and admins may open it.

use fieldsync_tests::{Browser, db_tests};
use serde_json::json;

use crate::notices_common::{act, draft, rectification_number, world};

db_tests! {
    async fn the_register_shows_every_number_voids_one_and_exports_it(app) {
        let (places, tokens) = world(&app).await;
        let reserved = app.post("/v1/numbers/reservations", tokens.get("inspector"), &json!({"kind": "rectification", "count": 2})).await;
        reserved.expect(201);
        let id = draft(&app, "inspector", &places, "rectification").await;
        act(&app, tokens.get("inspector"), id, "issue").await.expect(200);
        let year = chrono::Utc::now().format("%Y").to_string();
        let (first, second, issued) =
            (rectification_number(&year, 1), rectification_number(&year, 2), rectification_number(&year, 3));

        let browser = Browser::signed_in(&app, "supervisor").await;
        let page = browser.get("/app/numbers").await;
        assert_eq!(page.status, 200);
        for shown in [&first, &second, &issued, &format!("href=\"/app/notices/{id}\"")] {
            assert!(page.text.contains(shown.as_str()), "the register shows {shown}");
        }
        assert_eq!(page.text.matches("class=\"number-reserved\"").count(), 2);

        let refused = browser.post("/app/numbers", "/app/numbers/void", &[("number", &first), ("reason", " ")]).await;
        assert_eq!(refused.status, 303);
        assert!(browser.get("/app/numbers").await.text.contains("class=\"flash"), "why it was refused");
        let voided = browser.post("/app/numbers", "/app/numbers/void", &[("number", &first), ("reason", "设备遗失")]).await;
        assert_eq!(voided.status, 303);
        let after = browser.get("/app/numbers").await;
        assert!(after.text.contains("设备遗失") && after.text.contains("class=\"number-voided\""), "voided, with its reason");
        let held = app.get("/v1/numbers/reserved", tokens.get("inspector")).await;
        assert_eq!(held.expect(200)["numbers"].as_array().unwrap().len(), 1, "the inspector holds the other one only");

        assert_eq!(browser.get("/app/lang/zh?next=/app/numbers").await.status, 303);
        let csv = browser.get("/app/numbers.csv").await;
        assert!(csv.text.starts_with('\u{feff}'), "a BOM for Excel");
        let lines: Vec<&str> = csv.text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 4, "a header and three numbers: {}", csv.text);
        assert!(lines[0].starts_with("编号,"), "Chinese headers: {}", lines[0]);
        assert!(lines.iter().any(|l| l.contains(&first) && l.contains("已作废") && l.contains("设备遗失")));

        for who in ["inspector", "contractor"] {
            let other = Browser::signed_in(&app, who).await;
            assert_eq!(other.get("/app/numbers").await.status, 403, "{who} may not open the register");
        }
    }
}
