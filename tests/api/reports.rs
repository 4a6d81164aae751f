//! Reports: the period's figures per township, scoped to the caller's
//! region, ranked, as JSON and CSV.

use fieldsync_tests::db_tests;
use serde_json::Value;

use crate::notices_common::{Tokens, act, draft_on, notice_in};

fn township<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["townships"].as_array().unwrap().iter().find(|t| t["name"] == name).unwrap()
}

db_tests! {
    async fn the_daily_report_counts_notices_per_township_and_ranks_them(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["admin", "inspector", "inspector2", "supervisor", "supervisor1", "contractor", "contractor2"]).await;
        notice_in(&app, &tokens, &places, "verified").await;
        let summons = draft_on(&app, "inspector", places.site_a, "summons").await;
        act(&app, tokens.get("inspector"), summons, "issue").await.expect(200);
        let other = draft_on(&app, "inspector2", places.site_b, "rectification").await;
        act(&app, tokens.get("inspector2"), other, "issue").await.expect(200);

        let report = app.get("/v1/reports/daily", tokens.get("supervisor")).await;
        let report = report.expect(200);
        let one = township(report, "Township One");
        assert_eq!(one["total"]["notices_issued"]["rectification"], 1);
        assert_eq!(one["total"]["notices_issued"]["summons"], 1);
        assert_eq!(one["total"]["summonses"], 1);
        assert_eq!(one["total"]["rectified"], 1);
        assert_eq!(one["total"]["rectified_on_time"], 1);
        assert_eq!(one["total"]["rectification_rate"], 0.5);
        assert_eq!(one["total"]["reinspections"], 1);
        assert_eq!(one["total"]["reinspection_pass_rate"], 1.0);
        assert_eq!(one["by_kind"]["none"]["summonses"], 1, "notices without an inspection count under `none`");
        let two = township(report, "Township Two");
        assert_eq!(two["total"]["rectification_rate"], 0.0);
        assert_eq!((one["rank"].as_u64(), two["rank"].as_u64()), (Some(1), Some(2)));
        assert_eq!((one["last_place"].as_bool(), two["last_place"].as_bool()), (Some(false), Some(true)), "末位");
        let parts: f64 = one["score_parts"].as_array().unwrap().iter().map(|p| p["points"].as_f64().unwrap()).sum();
        assert!((parts - one["score"].as_f64().unwrap()).abs() < 0.02, "the score is its parts: {}", one["score_parts"]);
        assert_eq!(report["average"]["rectification_rate"], 0.25);
        assert_eq!(one["rectification_above_average"], true);
        assert_eq!(report["total"]["notices_issued"]["rectification"], 2);

        // Township 2's inspector sees township 2 only.
        let mine = app.get("/v1/reports/daily", tokens.get("inspector2")).await;
        let mine = mine.expect(200);
        let names: Vec<&str> = mine["townships"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Township Two"]);
        assert_eq!(mine["total"]["notices_issued"]["rectification"], 1);
        assert!(mine["total"]["notices_issued"].get("summons").is_none());

        for contractor in ["contractor", "contractor2"] {
            app.get("/v1/reports/daily", tokens.get(contractor)).await.expect_error(403, "forbidden");
        }
    }

    async fn weekly_monthly_and_csv_count_the_same_and_an_empty_day_counts_nothing(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["admin", "inspector", "supervisor1", "contractor"]).await;
        notice_in(&app, &tokens, &places, "issued").await;
        for period in ["weekly", "monthly"] {
            let report = app.get(&format!("/v1/reports/{period}"), tokens.get("supervisor1")).await;
            assert_eq!(report.expect(200)["total"]["notices_issued"]["rectification"], 1, "{period}");
        }
        let last_year = app.get("/v1/reports/daily?date=2025-01-01", tokens.get("supervisor1")).await;
        assert_eq!(last_year.expect(200)["total"]["notices_issued"], serde_json::json!({}));
        let csv = app.get("/v1/reports/daily?format=csv&lang=en", tokens.get("supervisor1")).await;
        assert_eq!(csv.status, 200);
        assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
        let text = csv.text.strip_prefix('\u{feff}').expect("a byte-order mark for Excel");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("rank,township,inspection_kind,sites_inspected,inspections,issued_rectification"));
        assert!(lines[0].ends_with(",score,last_place"));
        let township_row: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(&township_row[..6], ["1", "Township One", "all", "0", "0", "1"]);
        assert!(lines.last().unwrap().starts_with(",total,all"));
        // Chinese headers by default, as the bureau files them.
        let zh = app.get("/v1/reports/daily?format=csv", tokens.get("supervisor1")).await;
        let zh = zh.text.strip_prefix('\u{feff}').expect("a byte-order mark");
        assert!(zh.starts_with("排名,乡镇,检查类别,检查场所数,检查次数,限期整改通知书"), "{zh}");
        assert!(zh.lines().last().unwrap().starts_with(",全县合计,合计"));
        app.get("/v1/reports/daily?format=csv&lang=fr", tokens.get("supervisor1")).await.expect_error(422, "validation_failed");
        app.get("/v1/reports/yearly", tokens.get("supervisor1")).await.expect_error(422, "validation_failed");
        app.get("/v1/reports/daily?format=pdf", tokens.get("supervisor1")).await.expect_error(422, "validation_failed");
    }
}
