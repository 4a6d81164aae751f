//! Checklist templates, versioned, as data: the admin API that writes and
//! publishes them, their sync to devices, the built-in ones, and the pure
//! functions that check an inspection's answers against a version and
//! compute its result (pass/fail, JGJ 59 score, rural house grade).

pub mod answer;
pub mod body;
pub mod check;
pub mod entity;
pub mod evaluate;
pub mod record;
pub mod repo;
pub mod routes;
pub mod score;
pub mod seed;
pub mod status;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_jgj59;
pub mod view;

pub use body::TemplateBody;
pub use evaluate::{Evaluation, Stage, evaluate};
pub use routes::router;
pub use view::TemplateView;
