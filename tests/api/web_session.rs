//! The web pages' foundation: sign-in and sign-out on the API's password
//! check, the session cookie's flags, CSRF refusals, a disabled user signed
//! out at once, the language switch, and where `/app` sends each role.

use fieldsync::directory::users::{entity as user, repo as users};
use fieldsync_tests::{Browser, DEMO_PASSWORD, TestApp, db_tests};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn set_cookie(reply: &fieldsync_tests::Reply, name: &str) -> String {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie set"))
        .to_owned()
}

async fn user_named(app: &TestApp, name: &str) -> user::Model {
    user::Entity::find().filter(user::Column::Username.eq(name)).one(app.state.db.read()).await.unwrap().unwrap()
}

async fn sessions(app: &TestApp) -> u64 {
    fieldsync::web::entity::Entity::find().count(app.state.db.read()).await.unwrap()
}

db_tests! {
    async fn signing_in_sets_an_http_only_same_site_session_cookie_scoped_to_the_pages(app) {
        app.seed().await;
        let browser = Browser::new(&app);
        let reply = browser.sign_in_with("supervisor", DEMO_PASSWORD).await;
        assert_eq!(reply.status, 303);
        assert_eq!(reply.headers["location"], "/app");
        let cookie = set_cookie(&reply, "fs_session");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("Path=/app"), "{cookie}");
        assert!(!cookie.contains("Secure"), "not Secure unless configured: {cookie}");
        let token = cookie.split(';').next().unwrap().trim_start_matches("fs_session=");
        let stored = fieldsync::web::entity::Entity::find().one(app.state.db.read()).await.unwrap().unwrap();
        assert_ne!(stored.token_hash, token, "the token is stored hashed");
        assert_eq!(browser.get("/app").await.headers["location"], "/app/dashboard");
    }

    async fn a_wrong_password_shows_the_sign_in_page_again_and_starts_no_session(app) {
        app.seed().await;
        let browser = Browser::new(&app);
        let reply = browser.sign_in_with("supervisor", "not-the-password").await;
        assert_eq!(reply.status, 401);
        assert!(reply.text.contains("Wrong user name or password."), "{}", reply.text);
        assert_eq!(sessions(&app).await, 0);
        assert_eq!(browser.get("/app/notices").await.status, 303);
    }

    async fn pages_send_a_stranger_to_sign_in_and_back_only_to_a_page_of_the_site(app) {
        app.seed().await;
        let browser = Browser::new(&app);
        let reply = browser.get("/app/notices?state=issued").await;
        assert_eq!(reply.status, 303);
        assert_eq!(reply.headers["location"], "/app/login?next=/app/notices%3Fstate%3Dissued");
        let page = browser.get("/app/login?next=/app/notices%3Fstate%3Dissued").await;
        let token = fieldsync_tests::csrf_of(&page.text).unwrap();
        let form = [
            ("csrf", token.as_str()),
            ("username", "contractor"),
            ("password", DEMO_PASSWORD),
            ("next", "https://evil.example/app"),
        ];
        let reply = browser.post_raw("/app/login", &form).await;
        assert_eq!(reply.status, 303);
        assert_eq!(reply.headers["location"], "/app", "no open redirect");
        assert_eq!(browser.get("/app").await.headers["location"], "/app/orders");
    }

    async fn signing_out_deletes_the_session_so_its_cookie_no_longer_works(app) {
        app.seed().await;
        let browser = Browser::new(&app);
        let reply = browser.sign_in_with("supervisor", DEMO_PASSWORD).await;
        let cookie = set_cookie(&reply, "fs_session").split(';').next().unwrap().to_owned();
        assert_eq!(sessions(&app).await, 1);
        let reply = browser.post("/app/dashboard", "/app/logout", &[]).await;
        assert_eq!(reply.headers["location"], "/app/login");
        assert_eq!(reply.status, 303);
        assert!(set_cookie(&reply, "fs_session").contains("Max-Age=0"));
        assert_eq!(sessions(&app).await, 0);
        // The old cookie, replayed by hand, signs nobody in.
        let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let replay = TestApp::read(plain.get(app.url("/app/dashboard")).header("cookie", cookie)).await;
        assert_eq!(replay.status, 303);
    }

    async fn a_form_posted_without_the_right_csrf_token_is_refused_and_changes_nothing(app) {
        app.seed().await;
        let browser = Browser::signed_in(&app, "supervisor").await;
        let without = browser.post_raw("/app/logout", &[]).await;
        assert_eq!(without.status, 403);
        assert!(without.text.contains("Form refused"), "{}", without.text);
        let wrong = browser.post_raw("/app/logout", &[("csrf", "forged")]).await;
        assert_eq!(wrong.status, 403);
        assert_eq!(sessions(&app).await, 1, "still signed in");
        let header = browser
            .http
            .post(app.url("/app/logout"))
            .header("x-csrf-token", "forged")
            .send()
            .await
            .unwrap();
        assert_eq!(header.status(), 403);
        // The sign-in form is protected too: its token must match its cookie.
        let stranger = Browser::new(&app);
        let form = [("username", "supervisor"), ("password", DEMO_PASSWORD)];
        assert_eq!(stranger.post_raw("/app/login", &form).await.status, 403);
        assert_eq!(sessions(&app).await, 1);
    }

    async fn a_form_from_another_site_is_refused_even_with_the_token(app) {
        app.seed().await;
        let browser = Browser::signed_in(&app, "supervisor").await;
        let page = browser.get("/app/login").await;
        assert_eq!(page.status, 303, "signed in: the sign-in page moves on");
        let dashboard = browser.get("/app/dashboard").await;
        let token = fieldsync_tests::csrf_of(&dashboard.text).unwrap_or_default();
        let reply = browser
            .http
            .post(app.url("/app/logout"))
            .header("origin", "https://evil.example")
            .form(&[("csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 403);
        assert_eq!(sessions(&app).await, 1);
    }

    async fn a_disabled_user_is_signed_out_of_the_pages_at_once(app) {
        app.seed().await;
        let browser = Browser::signed_in(&app, "supervisor").await;
        assert_eq!(browser.get("/app/dashboard").await.status, 200);
        // Straight in the table, as another server process would: the next request sees it.
        let mut found: user::ActiveModel = user_named(&app, "supervisor").await.into();
        found.disabled = Set(true);
        found.update(app.state.db.write()).await.unwrap();
        assert_eq!(browser.get("/app/dashboard").await.status, 303);
        assert_eq!(sessions(&app).await, 0);
    }

    async fn a_new_role_takes_effect_on_the_next_page(app) {
        app.seed().await;
        let browser = Browser::signed_in(&app, "supervisor").await;
        assert_eq!(browser.get("/app/review").await.status, 200);
        let mut found: user::ActiveModel = user_named(&app, "supervisor").await.into();
        found.role = Set("inspector".into());
        found.update(app.state.db.write()).await.unwrap();
        assert_eq!(browser.get("/app/review").await.status, 403);
    }

    async fn a_new_password_ends_the_users_web_sessions(app) {
        app.seed().await;
        let browser = Browser::signed_in(&app, "supervisor").await;
        let found = user_named(&app, "supervisor").await;
        users::set_password(app.state.db.write(), found, "another-password".into()).await.unwrap();
        assert_eq!(browser.get("/app/dashboard").await.status, 303);
    }

    async fn the_language_follows_the_browser_until_the_switch_is_used(app) {
        let browser = Browser::new(&app);
        let zh = browser.http.get(app.url("/app/login")).header("accept-language", "zh-CN,zh;q=0.9").send().await.unwrap();
        assert!(zh.text().await.unwrap().contains("登录"));
        let english = browser.get("/app/login").await;
        assert!(english.text.contains("Sign in"));
        let switch = browser.get("/app/lang/zh?next=/app/login").await;
        assert_eq!(switch.status, 303);
        assert_eq!(switch.headers["location"], "/app/login");
        let after = browser.get("/app/login").await;
        assert!(after.text.contains("<html lang=\"zh-CN\">"), "{}", after.text);
        assert!(after.text.contains("登录"));
    }

    async fn the_servers_address_leads_to_the_pages_and_every_page_has_an_icon(app) {
        let root = Browser::new(&app).get("/").await;
        assert_eq!((root.status, root.headers["location"].to_str().unwrap()), (303, "/app"));
        let icon = Browser::new(&app).get("/favicon.ico").await;
        assert_eq!(icon.status, 200);
        assert_eq!(icon.headers["content-type"], "image/png");
        let login = Browser::new(&app).get("/app/login").await;
        assert!(login.text.contains(r#"<link rel="icon" type="image/png" href="/favicon.ico">"#), "{}", login.text);
    }

    async fn an_unknown_page_is_a_friendly_404_page_not_json(app) {
        app.seed().await;
        assert_eq!(Browser::new(&app).get("/app/no/such/page").await.status, 303, "strangers sign in first");
        let reply = Browser::signed_in(&app, "contractor").await.get("/app/no/such/page").await;
        assert_eq!(reply.status, 404);
        assert!(reply.headers["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(reply.text.contains("Not found"));
        let css = Browser::new(&app).get("/app/static/app.css").await;
        assert_eq!(css.status, 200);
        assert!(css.headers["cache-control"].to_str().unwrap().contains("max-age"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_secure_when_the_settings_say_so() {
    let app = TestApp::spawn_with(fieldsync_tests::Backend::Sqlite, |s| s.web.secure_cookies = Some(true)).await;
    app.seed().await;
    let browser = Browser::new(&app);
    let page = browser.get("/app/login").await;
    assert!(set_cookie(&page, "fs_login").contains("Secure"));
    // A browser does not send a Secure cookie back over plain HTTP; send it by hand.
    let token = fieldsync_tests::csrf_of(&page.text).unwrap();
    let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let request = plain.post(app.url("/app/login")).header("cookie", format!("fs_login={token}")).form(&[
        ("csrf", token.as_str()),
        ("username", "supervisor"),
        ("password", DEMO_PASSWORD),
    ]);
    let reply = TestApp::read(request).await;
    assert_eq!(reply.status, 303);
    let cookie = set_cookie(&reply, "fs_session");
    assert!(cookie.contains("Secure") && cookie.contains("HttpOnly"), "{cookie}");
    app.stop().await;
}

/// Unset, the flag follows the listen address: a server reachable from the
/// network (behind a TLS proxy, say) sends `Secure`; one on loopback over
/// plain HTTP does not, so `http://127.0.0.1:8080/app` works out of the box.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_secure_by_default_unless_the_server_listens_on_loopback() {
    let listen = |addr: &'static str| move |s: &mut fieldsync::config::Settings| s.listen = addr.parse().unwrap();
    for (addr, secure) in [
        ("0.0.0.0:8080", true),
        ("[::]:8080", true),
        ("10.1.2.3:8080", true),
        ("127.0.0.1:8080", false),
        ("[::1]:8080", false),
    ] {
        let app = TestApp::spawn_with(fieldsync_tests::Backend::Sqlite, listen(addr)).await;
        let page = Browser::new(&app).get("/app/login").await;
        assert_eq!(set_cookie(&page, "fs_login").contains("Secure"), secure, "listening on {addr}");
        app.stop().await;
    }
    // Said outright, the setting wins over the address.
    let app = TestApp::spawn_with(fieldsync_tests::Backend::Sqlite, |s| {
        s.listen = "0.0.0.0:8080".parse().unwrap();
        s.web.secure_cookies = Some(false);
    })
    .await;
    let page = Browser::new(&app).get("/app/login").await;
    assert!(!set_cookie(&page, "fs_login").contains("Secure"));
    app.stop().await;
}
