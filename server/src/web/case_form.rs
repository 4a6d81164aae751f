//! The form of a penalty case's next step on the notice page, and
//! `POST /app/notices/{id}/case/{step}`: the same step as the API's
//! (`notices::case::take`), then back to the page saying what was done.

use axum::{Form, extract::State, response::Response};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use serde::Deserialize;
use uuid::Uuid;

use super::{actions::go_back, session::Signed, text::Text};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::ApiResult,
    http::json::Path,
    notices::{
        case::{self, OfficerBody, StepBody, entity, stage::Step},
        entity::notice,
        perform::Actor,
        service::ServiceForm,
    },
    policy,
    sync::Write,
};

/// The next step of a case, as the page offers it to the reader.
#[derive(Debug)]
pub struct CaseStepForm {
    /// The step's wire name.
    pub step: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The officers the reader may name (investigation).
    pub officers: Vec<(Uuid, String)>,
}

/// The form of the case's next step, if the reader may take it.
pub async fn next_step(
    db: &impl ConnectionTrait,
    t: &'static Text,
    user: &AuthUser,
    m: &notice::Model,
) -> Result<Option<CaseStepForm>, DbErr> {
    let Some(c) = entity::Entity::find_by_id(m.id).one(db).await? else { return Ok(None) };
    let Some(step) = Step::ALL.into_iter().find(|s| s.from_to().0 == c.stage) else { return Ok(None) };
    let allowed = if step.is_supervisors() {
        policy::may_supervise(user, &m.region_path)
    } else {
        policy::may_inspect(user, &m.region_path)
    };
    if !allowed {
        return Ok(None);
    }
    let officers =
        if step == Step::Investigate { case::eligible_officers(db, &m.region_path).await? } else { Vec::new() };
    let title = t.lang.pick(step_en(step), step_zh(step));
    Ok(Some(CaseStepForm { step: step.as_str(), title, officers }))
}

fn step_zh(step: Step) -> &'static str {
    match step {
        Step::Investigate => "调查终结",
        Step::Notify => "行政处罚事先告知",
        Step::Decide => "作出处罚决定",
        Step::Serve => "处罚决定书送达",
        Step::Execute => "登记罚款缴纳",
        Step::Close => "结案",
    }
}

fn step_en(step: Step) -> &'static str {
    match step {
        Step::Investigate => "Finish the investigation",
        Step::Notify => "Notify the proposed penalty",
        Step::Decide => "Decide the penalty",
        Step::Serve => "Record the decision's service",
        Step::Execute => "Record the payment",
        Step::Close => "Close the case",
    }
}

/// The fields of every step's form (each step reads its own).
#[derive(Debug, Deserialize)]
pub struct CaseForm {
    #[serde(default)]
    officer1: Option<Uuid>,
    #[serde(default)]
    cert1: String,
    #[serde(default)]
    officer2: Option<Uuid>,
    #[serde(default)]
    cert2: String,
    #[serde(default)]
    facts: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    statement: String,
    #[serde(default)]
    waived: Option<String>,
    #[serde(flatten)]
    service: ServiceForm,
    #[serde(default)]
    paid: String,
    #[serde(default)]
    paid_on: Option<NaiveDate>,
    #[serde(default)]
    receipt: String,
    #[serde(default)]
    comment: String,
}

impl From<CaseForm> for StepBody {
    fn from(f: CaseForm) -> Self {
        let officer = |id: Option<Uuid>, cert: String| id.map(|user_id| OfficerBody { user_id, cert });
        let given = |s: String| Some(s).filter(|s| !s.trim().is_empty());
        StepBody {
            officers: [officer(f.officer1, f.cert1), officer(f.officer2, f.cert2)].into_iter().flatten().collect(),
            facts: f.facts,
            amount: given(f.amount),
            statement: f.statement,
            waived: f.waived.is_some(),
            service: f.service.body(),
            at: None,
            paid: given(f.paid),
            paid_on: f.paid_on,
            receipt: f.receipt,
            comment: f.comment,
        }
    }
}

/// `POST /app/notices/{id}/case/{step}`.
pub async fn step_case(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, step)): Path<(Uuid, String)>,
    Form(form): Form<CaseForm>,
) -> ApiResult<Response> {
    let back = format!("/app/notices/{id}");
    let done = async {
        let step = Step::parse(&step).ok_or_else(crate::error::ApiError::not_found)?;
        let write = Write::begin(&state.db).await?;
        let actor = Actor { user: &signed.user, client_id: None };
        case::take(write.db(), &write, &state.notice_rules(), actor, id, step, form.into()).await?;
        state.sync.commit(write).await?;
        Ok(())
    }
    .await;
    go_back(&state, &signed, &back, &format!("case.{step}"), done)
}
