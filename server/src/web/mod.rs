//! The web pages under `/app`, served by the same binary: server-rendered
//! askama templates (HTML auto-escaped), a hand-written stylesheet and a
//! little script, Chinese and English. Sign-in uses the API's password check;
//! a server-side session in an HttpOnly cookie stands for the bearer token
//! and yields the same [`crate::auth::AuthUser`], so every page asks
//! `policy` and the domain code exactly as the API does.
//!
//! One file per page area; `session`, `csrf`, `layout` and `text` are the
//! foundation every page stands on.

mod actions;
mod admin_directory;
mod admin_orgs;
mod admin_places;
mod admin_templates;
mod admin_users;
mod assets;
mod audit_lines;
mod captions;
mod case_form;
pub mod csrf;
mod dashboard;
mod dates;
mod earlier_answers;
pub mod entity;
mod flash;
pub mod layout;
mod login;
mod notice_facts;
mod notice_page;
mod notices_list;
mod numbers_register;
mod numbers_text;
mod order_page;
mod orders;
mod print;
mod print_case;
mod print_escalation;
mod print_lift;
mod print_service;
mod print_text;
mod queues;
pub mod rows;
mod search;
mod service_text;
pub mod session;
mod suspension_text;
pub mod text;
mod uploads;
mod work;

use axum::{
    Router, middleware,
    routing::{get, post, put},
};

use crate::{app::AppState, blobs, error::ApiError};

/// The routes of the pages, with their session, CSRF and error layers.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/app", get(login::home))
        .route("/app/", get(login::home))
        .route("/app/login", get(login::login_page).post(login::login))
        .route("/app/logout", post(login::logout))
        .route("/app/lang/{code}", get(login::switch_language))
        .route("/app/static/app.css", get(assets::stylesheet))
        .route("/app/static/app.js", get(assets::script))
        .route("/app/static/upload.js", get(assets::upload_script))
        .route("/app/orders", get(orders::list_orders))
        .route("/app/orders/{id}", get(order_page::show_order))
        .route("/app/orders/{id}/acknowledge", post(order_page::acknowledge))
        .route("/app/orders/{id}/respond", post(order_page::respond))
        .route("/app/work", get(work::show_work))
        // Photo uploads for the pages: the API's protocol and handlers on the session.
        .route("/app/uploads", post(uploads::create_upload))
        .route(
            "/app/uploads/{id}",
            put(blobs::uploads::chunk::put_chunk)
                .get(blobs::uploads::status::get_upload)
                .delete(blobs::uploads::status::cancel_upload),
        )
        .route("/app/static/print.css", get(assets::print_stylesheet))
        .route("/app/dashboard", get(dashboard::show_dashboard))
        .route("/app/notices", get(notices_list::list_notices))
        .route("/app/notices.csv", get(notices_list::export_notices))
        .route("/app/notices/{id}", get(notice_page::show_notice))
        .route("/app/notices/{id}/print", get(print::print_notice))
        .route("/app/notices/{id}/escalations/{step}/print", get(print_escalation::print_escalation))
        .route("/app/notices/{id}/service/print", get(print_service::print_service))
        .route("/app/notices/{id}/lift/print", get(print_lift::print_lift))
        .route("/app/notices/{id}/case/{document}/print", get(print_case::print_case))
        .route("/app/notices/{id}/case/{step}", post(case_form::step_case))
        .route("/app/notices/{id}/actions/{action}", post(actions::act_on_notice))
        .route("/app/search", get(search::search))
        .route("/app/numbers", get(numbers_register::show))
        .route("/app/numbers.csv", get(numbers_register::export))
        .route("/app/numbers/void", post(numbers_register::void))
        .route("/app/admin", get(|| async { axum::response::Redirect::to("/app/admin/users") }))
        .route("/app/admin/users", get(admin_users::list).post(admin_users::create))
        .route("/app/admin/organisations", get(admin_orgs::list).post(admin_orgs::create))
        .route("/app/admin/templates", get(admin_templates::list).post(admin_templates::create_draft))
        .route("/app/admin/templates/{id}/publish", post(admin_templates::publish))
        .route("/app/admin/sites", get(admin_directory::list_sites))
        .route("/app/admin/sites/import", post(admin_directory::import_sites))
        .route("/app/admin/households", get(admin_directory::list_households))
        .route("/app/admin/households/import", post(admin_directory::import_households))
        .route("/app/admin/users/{id}/password", post(admin_users::set_password))
        .route("/app/admin/users/{id}/disabled", post(admin_users::set_disabled))
        .route("/app/review", get(queues::review_queue))
        .route("/app/approvals", get(queues::approval_queue))
        // Photos for the pages: the API's handlers, which take the session's
        // user from the request like a bearer token's, and ask the same policy.
        .route("/app/photos/{sha256}", get(blobs::download::get_blob))
        .route("/app/photos/{sha256}/thumbnails/{size}", get(blobs::download::get_thumbnail))
        .route("/app/{*rest}", get(not_found).post(not_found))
        .layer(middleware::from_fn_with_state(state.clone(), csrf::check))
        .layer(middleware::from_fn_with_state(state.clone(), flash::clear_when_shown))
        .layer(middleware::from_fn(layout::html_errors))
        .layer(middleware::from_fn_with_state(state, session::load))
}

/// Unknown pages: strangers are sent to sign in first, so the 404 tells
/// them nothing about which pages exist.
async fn not_found(_: session::Signed) -> ApiError {
    ApiError::not_found()
}
