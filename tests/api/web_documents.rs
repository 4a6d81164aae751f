//! The printed documents as the bureau issues them: each kind of notice
//! with the project's parties, the inspection date, the clause each finding
//! violates, the legal basis fitting the kind and its own closing order; a
//! notice not yet issued marked as a draft; a filed case as its 立案审批表,
//! never a 行政处罚决定书; the 送达回证; the 复工通知书 once work may resume.

use fieldsync_tests::{Browser, Places, TestApp, db_tests};
use serde_json::json;
use uuid::Uuid;

use crate::notices_common::{Tokens, act, draft, world};

async fn printed(app: &TestApp, user: &str, path: &str) -> String {
    let page = Browser::signed_in(app, user).await.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.text);
    page.text
}

/// A notice of `kind` approved when it needs approval, and served on the spot.
async fn issued(app: &TestApp, tokens: &Tokens, places: &Places, kind: &str) -> Uuid {
    let id = draft(app, "inspector", places, kind).await;
    act(app, tokens.get("inspector"), id, "issue").await.expect(200);
    if matches!(kind, "stop_work" | "case_filed") {
        act(app, tokens.get("supervisor1"), id, "approve").await.expect(200);
    }
    let served = json!({"service": {"method": "in_person", "receiver": "王建国", "note": "项目经理"}});
    app.post(&format!("/v1/notices/{id}/actions/serve"), tokens.get("inspector"), &served).await.expect(200);
    id
}

db_tests! {
    async fn each_kind_prints_its_own_document_with_the_projects_parties(app) {
        let (places, tokens) = world(&app).await;
        let parties = json!({"owner_unit": "Owner of Site A", "supervision_unit": "Eagle Eye Supervision Ltd"});
        let site = app.patch(&format!("/v1/admin/sites/{}", places.site_a), tokens.get("admin"), &parties).await;
        assert_eq!(site.expect(200)["owner_unit"], "Owner of Site A");
        let rectification = issued(&app, &tokens, &places, "rectification").await;
        let text = printed(&app, "supervisor1", &format!("/app/notices/{rectification}/print")).await;
        for part in ["限期整改通知书", "建设单位", "Owner of Site A", "施工单位", "Company A", "监理单位", "Eagle Eye Supervision Ltd", "检查日期", "违反：Art. 6", "前完成整改"] {
            assert!(text.contains(part), "rectification: {part} missing");
        }
        assert!(!text.contains("草稿"), "an issued notice is no draft");
        let stop = issued(&app, &tokens, &places, "stop_work").await;
        let text = printed(&app, "contractor", &format!("/app/notices/{stop}/print")).await;
        for part in ["责令停工整改通知书", "立即停止施工", "复工申请", "复工通知书后方可恢复施工"] {
            assert!(text.contains(part), "stop-work: {part} missing");
        }
        assert!(!text.contains("前完成整改，并将整改情况书面报告我局。逾期未整改"), "not the rectification's closing");
    }

    async fn a_notice_not_yet_issued_prints_as_a_draft_and_a_case_as_its_filing_form(app) {
        let (places, tokens) = world(&app).await;
        let pending = draft(&app, "inspector", &places, "case_filed").await;
        act(&app, tokens.get("inspector"), pending, "issue").await.expect(200);
        let text = printed(&app, "supervisor1", &format!("/app/notices/{pending}/print")).await;
        assert!(text.contains("草稿") && text.contains("尚未审批"), "awaiting approval, marked as a draft");
        assert!(text.contains("立案审批表"));
        assert!(!text.contains("行政处罚决定书"), "a case filed is not a decision");
        assert!(text.contains("执法证号"), "two officers sign with their certificate numbers");
        act(&app, tokens.get("supervisor1"), pending, "approve").await.expect(200);
        let text = printed(&app, "supervisor1", &format!("/app/notices/{pending}/print")).await;
        assert!(!text.contains("尚未审批"));
        assert!(text.contains("立案不是处罚决定"));
        assert!(!text.contains("行政处罚决定书"));
    }

    async fn the_proof_of_service_and_the_resumption_notice_print(app) {
        let (places, tokens) = world(&app).await;
        let stop = issued(&app, &tokens, &places, "stop_work").await;
        let receipt = printed(&app, "inspector", &format!("/app/notices/{stop}/service/print")).await;
        for part in ["送达回证", "责令停工整改通知书", "直接送达", "王建国", "项目经理", "Company A"] {
            assert!(receipt.contains(part), "receipt: {part} missing");
        }
        let lift = format!("/app/notices/{stop}/lift/print");
        assert_eq!(Browser::signed_in(&app, "inspector").await.get(&lift).await.status, 404, "not lifted yet");
        act(&app, tokens.get("contractor"), stop, "acknowledge").await.expect(200);
        act(&app, tokens.get("contractor"), stop, "respond").await.expect(200);
        act(&app, tokens.get("inspector"), stop, "verify").await.expect(200);
        let text = printed(&app, "contractor", &lift).await;
        for part in ["复工通知书", "T建复工〔", "同意该工程恢复施工", "Company A"] {
            assert!(text.contains(part), "resumption: {part} missing");
        }
        let page = printed(&app, "supervisor1", &format!("/app/notices/{stop}")).await;
        assert!(page.contains(&format!("/app/notices/{stop}/lift/print")), "the notice page links to it");
        assert!(page.contains(&format!("/app/notices/{stop}/service/print")));
    }
}
