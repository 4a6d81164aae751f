//! Health, readiness, metrics, OpenAPI, errors and their languages.

use fieldsync_tests::db_tests;
use reqwest::Method;
use serde_json::json;

db_tests! {
    async fn health_and_readiness_answer_ok(app) {
        let reply = app.send(Method::GET, "/healthz", None, None).await;
        assert_eq!(reply.expect(200)["status"], "ok");
        let reply = app.send(Method::GET, "/readyz", None, None).await;
        assert_eq!(reply.expect(200)["database"], "ok");
    }

    async fn every_answer_forbids_the_browser_to_sniff_its_type(app) {
        app.seed().await;
        let token = app.token("admin").await;
        for (path, token) in [("/healthz", None), ("/readyz", None), ("/openapi.json", None), ("/nowhere", None),
            ("/v1/admin/regions", Some(token.as_str())), ("/v1/admin/regions", Some("garbage"))] {
            let reply = app.send(reqwest::Method::GET, path, token, None).await;
            assert_eq!(reply.headers.get("x-content-type-options").and_then(|v| v.to_str().ok()), Some("nosniff"), "{path} {}", reply.status);
        }
    }

    async fn an_unknown_route_is_a_json_404_with_a_request_id(app) {
        let reply = app.send(Method::GET, "/v1/nothing-here", None, None).await;
        reply.expect_error(404, "not_found");
        let id = reply.headers.get("x-request-id").unwrap().to_str().unwrap();
        assert_eq!(reply.body["error"]["request_id"], id);
    }

    async fn errors_speak_chinese_when_asked(app) {
        let request = app.http.get(app.url("/v1/admin/regions")).header("accept-language", "zh-CN,zh;q=0.9,en;q=0.5");
        let reply = fieldsync_tests::TestApp::read(request).await;
        reply.expect_error(401, "unauthenticated");
        assert_eq!(reply.body["error"]["message"], "请先登录。");
        let reply = app.send(Method::GET, "/v1/admin/regions", None, None).await;
        assert_eq!(reply.body["error"]["message"], "Sign in to continue.");
    }

    async fn metrics_are_not_served_on_the_main_address_unless_configured(app) {
        let reply = app.send(Method::GET, "/metrics", None, None).await;
        reply.expect_error(404, "not_found");
    }

    async fn malformed_json_and_wrong_shapes_get_clear_codes(app) {
        let login = app.url("/v1/auth/login");
        let reply = fieldsync_tests::TestApp::read(app.http.post(&login).header("content-type", "application/json").body("{not json")).await;
        reply.expect_error(400, "malformed_json");
        let reply = fieldsync_tests::TestApp::read(app.http.post(&login).body("{}")).await;
        reply.expect_error(415, "unsupported_media_type");
        let reply = app.send(Method::POST, "/v1/auth/login", None, Some(&json!({"username": "x"}))).await;
        reply.expect_error(422, "validation_failed");
        let reply = app.send(Method::POST, "/v1/auth/login", None, Some(&json!({"username": 5, "password": "x"}))).await;
        reply.expect_error(422, "validation_failed");
        // Sign-in refuses fields it does not know (protocol spec §6, §15), as the admin API does.
        let reply = app.send(Method::POST, "/v1/auth/login", None, Some(&json!({"username": "x", "password": "y", "extra": 1}))).await;
        reply.expect_error(422, "validation_failed");
        app.seed().await;
        let admin = app.token("admin").await;
        let reply = app.post("/v1/admin/regions", &admin, &json!({"level": "county", "code": "1", "name": "N", "extra": 1})).await;
        reply.expect_error(422, "validation_failed");
        let reply = app.send(Method::POST, "/v1/auth/login", None, Some(&json!({"username": "admin", "password": "fieldsync-demo", "device_id": " "}))).await;
        reply.expect_error(422, "validation_failed");
        assert_eq!(reply.body["error"]["details"]["fields"][0]["code"], "required");
    }

    async fn an_oversized_body_is_refused_with_413(app) {
        let big = "x".repeat(3 * 1024 * 1024);
        let reply = app.send(Method::POST, "/v1/auth/login", None, Some(&json!({"username": big, "password": "y"}))).await;
        reply.expect_error(413, "payload_too_large");
    }

    async fn the_openapi_document_covers_every_route_with_error_responses(app) {
        let reply = app.send(Method::GET, "/openapi.json", None, None).await;
        let doc = reply.expect(200);
        let paths = doc["paths"].as_object().unwrap();
        for expected in ["/v1/auth/login", "/v1/auth/refresh", "/v1/auth/logout", "/v1/admin/regions", "/v1/admin/regions/{id}", "/v1/admin/templates", "/v1/admin/templates/{id}/publish", "/v1/templates", "/v1/templates/{id}", "/healthz", "/readyz"] {
            assert!(paths.contains_key(expected), "missing {expected}");
        }
        for (path, item) in paths {
            for (method, op) in item.as_object().unwrap() {
                if path == "/healthz" || path == "/readyz" { continue; }
                let responses = op["responses"].as_object().unwrap();
                assert!(responses.keys().any(|s| s.starts_with('4')), "{method} {path} documents no 4xx");
            }
        }
        let codes = doc["components"]["schemas"]["ErrorBody"]["properties"]["code"]["enum"].as_array().unwrap();
        assert!(codes.iter().any(|c| c == "refresh_token_reused"));
    }
}
