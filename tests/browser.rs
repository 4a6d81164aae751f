//! A browser for the web pages: a cookie jar, no automatic redirects (tests
//! look at them), and helpers to sign in and post forms with their CSRF token.

use reqwest::{Method, redirect::Policy};

use crate::{Reply, TestApp};

/// A browser signed in (or not) to the pages of one server.
pub struct Browser {
    /// The HTTP client with its cookie jar.
    pub http: reqwest::Client,
    base: String,
}

/// The value of the first `name="csrf"` hidden field of a page.
pub fn csrf_of(html: &str) -> Option<String> {
    let start = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let len = html[start..].find('"')?;
    Some(html[start..start + len].to_owned())
}

impl Browser {
    /// A fresh browser with an empty cookie jar.
    pub fn new(app: &TestApp) -> Browser {
        let http = app.client_builder().cookie_store(true).redirect(Policy::none()).build().expect("client");
        Browser { http, base: app.url("") }
    }

    /// `GET` a path.
    pub async fn get(&self, path: &str) -> Reply {
        TestApp::read(self.http.get(format!("{}{path}", self.base))).await
    }

    /// `POST` a form as is (no token added).
    pub async fn post_raw(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        TestApp::read(self.http.request(Method::POST, format!("{}{path}", self.base)).form(form)).await
    }

    /// `POST` a form with the CSRF token of the page at `from`.
    pub async fn post(&self, from: &str, path: &str, form: &[(&str, &str)]) -> Reply {
        let page = self.get(from).await;
        let token = csrf_of(&page.text).unwrap_or_else(|| panic!("no CSRF token on {from}: {}", page.status));
        let mut fields = vec![("csrf", token.as_str())];
        fields.extend_from_slice(form);
        self.post_raw(path, &fields).await
    }

    /// `POST` a file as the body, with the CSRF token of the page at `from`
    /// in the header, as the pages' import script sends it.
    pub async fn post_file(&self, from: &str, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
        let page = self.get(from).await;
        let token = csrf_of(&page.text).unwrap_or_else(|| panic!("no CSRF token on {from}: {}", page.status));
        let request = self
            .http
            .request(Method::POST, format!("{}{path}", self.base))
            .header("content-type", content_type)
            .header("x-csrf-token", token)
            .body(body);
        TestApp::read(request).await
    }

    /// Signs in through the form; returns the answer to the form.
    pub async fn sign_in_with(&self, username: &str, password: &str) -> Reply {
        self.post("/app/login", "/app/login", &[("username", username), ("password", password), ("next", "/app")]).await
    }

    /// A new browser signed in as `username` (the seeded password).
    pub async fn signed_in(app: &TestApp, username: &str) -> Browser {
        let browser = Browser::new(app);
        let reply = browser.sign_in_with(username, crate::DEMO_PASSWORD).await;
        assert_eq!(reply.status, 303, "sign-in of {username} failed: {}", reply.text);
        browser
    }
}
