//! Who sees a notice: the addressee company once it is issued, bureau staff
//! of its region; never another company, another township, or the review
//! comments meant for the bureau.

use fieldsync_tests::db_tests;
use serde_json::json;

use crate::notices_common::{Tokens, act, draft, notice_in};

db_tests! {
    async fn outsiders_see_none_of_a_notice_in_pulls_lists_or_reads(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["admin", "inspector", "supervisor1", "contractor", "contractor2", "inspector2"]).await;
        let issued = notice_in(&app, &tokens, &places, "acknowledged").await;
        for outsider in ["contractor2", "inspector2"] {
            app.get(&format!("/v1/notices/{issued}"), tokens.get(outsider)).await.expect_error(404, "not_found");
            let list = app.get("/v1/notices", tokens.get(outsider)).await;
            assert_eq!(list.expect(200)["items"], json!([]), "{outsider} lists nothing");
            let mut device = app.sync_client(outsider).await;
            device.pull_all().await.unwrap();
            assert_eq!(device.store.of_type("notice").count(), 0, "{outsider} pulls no notice");
        }
    }

    async fn the_addressee_sees_issued_notices_but_no_drafts_and_no_review_comments(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["admin", "inspector", "supervisor1", "contractor"]).await;
        let secret = "Inspector was too lenient: raise to stop-work next time";
        let issued = notice_in(&app, &tokens, &places, "issued").await;
        let reply = app
            .post(&format!("/v1/notices/{issued}/actions/review_return"), tokens.get("supervisor1"), &json!({"comment": secret}))
            .await;
        assert_eq!(reply.expect(200)["review"]["review_status"], "returned");
        let unsent = draft(&app, "inspector", &places, "rectification").await;

        let list = app.get("/v1/notices", tokens.get("contractor")).await;
        let ids: Vec<&str> = list.expect(200)["items"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [issued.to_string()], "drafts are the bureau's own");
        app.get(&format!("/v1/notices/{unsent}"), tokens.get("contractor")).await.expect_error(404, "not_found");
        let detail = app.get(&format!("/v1/notices/{issued}"), tokens.get("contractor")).await;
        assert!(detail.expect(200).get("review").is_none());
        assert!(!detail.text.contains(secret), "review comments never reach the contractor: {}", detail.text);
        let mut device = app.sync_client("contractor").await;
        device.pull_all().await.unwrap();
        assert!(device.store.get("notice", &issued).is_some());
        assert!(device.store.get("notice", &unsent).is_none());
        assert_eq!(device.store.of_type("notice_review").count(), 0);

        // The inspector's device gets the comment.
        let mut inspector = app.sync_client("inspector").await;
        inspector.pull_all().await.unwrap();
        assert_eq!(inspector.store.get("notice_review", &issued).unwrap()["review_comment"], secret);
        let bureau = app.get(&format!("/v1/notices/{issued}"), tokens.get("inspector")).await;
        assert!(bureau.expect(200)["history"].as_array().unwrap().iter().any(|e| e["comment"] == secret));
    }

    async fn the_review_queue_lists_issued_notices_not_yet_reviewed_in_the_region(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["admin", "inspector", "supervisor1", "contractor", "inspector2"]).await;
        let waiting = notice_in(&app, &tokens, &places, "issued").await;
        let reviewed = notice_in(&app, &tokens, &places, "issued").await;
        act(&app, tokens.get("supervisor1"), reviewed, "review_approve").await.expect(200);
        let queue = app.get("/v1/notices?review=pending", tokens.get("supervisor1")).await;
        let ids: Vec<&str> = queue.expect(200)["items"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [waiting.to_string()]);
        let elsewhere = app.get("/v1/notices?review=pending", tokens.get("inspector2")).await;
        assert_eq!(elsewhere.expect(200)["items"], json!([]));
    }

    async fn a_notice_stays_with_the_company_it_was_issued_to_when_the_site_changes_hands(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["admin", "inspector", "supervisor1", "contractor", "contractor2"]).await;
        let issued = notice_in(&app, &tokens, &places, "issued").await;
        let moved = app.patch(&format!("/v1/admin/sites/{}", places.site_a), tokens.get("admin"), &json!({"contractor_id": seeded.company_b})).await;
        assert_eq!(moved.expect(200)["contractor_id"], seeded.company_b.to_string());

        // The old company still sees the notice and answers it.
        let read = app.get(&format!("/v1/notices/{issued}"), tokens.get("contractor")).await;
        assert_eq!(read.expect(200)["addressee_org_id"], seeded.company_a.to_string());
        act(&app, tokens.get("contractor"), issued, "acknowledge").await.expect(200);
        act(&app, tokens.get("contractor"), issued, "respond").await.expect(200);
        let mut old = app.sync_client("contractor").await;
        old.pull_all().await.unwrap();
        assert_eq!(old.store.get("notice", &issued).unwrap()["state"], "responded");
        // The new company does not inherit it: not in reads, lists, pulls, nor actions.
        app.get(&format!("/v1/notices/{issued}"), tokens.get("contractor2")).await.expect_error(404, "not_found");
        assert_eq!(app.get("/v1/notices", tokens.get("contractor2")).await.expect(200)["items"], json!([]));
        act(&app, tokens.get("contractor2"), issued, "acknowledge").await.expect_error(404, "not_found");
        let mut new = app.sync_client("contractor2").await;
        new.pull_all().await.unwrap();
        assert!(new.store.get("notice", &issued).is_none());
        assert!(new.store.get("site", &places.site_a).is_some(), "the site itself moved to company B");
    }

    async fn a_draft_is_served_on_the_sites_contractor_at_the_moment_it_is_issued(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let tokens = Tokens::of(&app, &["admin", "inspector", "contractor", "contractor2"]).await;
        let written = draft(&app, "inspector", &places, "rectification").await;
        let moved = app.patch(&format!("/v1/admin/sites/{}", places.site_a), tokens.get("admin"), &json!({"contractor_id": seeded.company_b})).await;
        moved.expect(200);
        let issued = act(&app, tokens.get("inspector"), written, "issue").await;
        assert_eq!(issued.expect(200)["addressee_org_id"], seeded.company_b.to_string());

        act(&app, tokens.get("contractor2"), written, "acknowledge").await.expect(200);
        let mut new = app.sync_client("contractor2").await;
        new.pull_all().await.unwrap();
        assert_eq!(new.store.get("notice", &written).unwrap()["addressee_org_id"], seeded.company_b.to_string());
        app.get(&format!("/v1/notices/{written}"), tokens.get("contractor")).await.expect_error(404, "not_found");
        let mut old = app.sync_client("contractor").await;
        old.pull_all().await.unwrap();
        assert!(old.store.get("notice", &written).is_none());
    }
}
