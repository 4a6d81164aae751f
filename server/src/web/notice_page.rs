//! `/app/notices/{id}`: one notice for whoever may see it (404 otherwise,
//! as the API): its content, findings with photo thumbnails (click to
//! enlarge), the answer, the history and, for bureau staff, the review and
//! the audit trail; with a form for each action the lifecycle allows the
//! reader now.

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::{extract::State, http::Uri, response::Response};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{
    audit_lines,
    captions::{Captions, photos_of},
    case_form, dates,
    earlier_answers::{EarlierAnswer, earlier},
    layout::{self, Chrome},
    notice_facts,
    rows::{Names, NoticeRow},
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    audit::entity as audit,
    directory::users::entity as user,
    error::ApiResult,
    http::json::Path,
    inspections::{checklist, entity as inspection},
    notices::{
        access,
        content::{CitedFinding, Response as Answer},
        lifecycle::{self, Action},
        record::{kind_of, standing},
        view,
    },
};

/// A finding as the page shows it.
#[derive(Debug)]
pub struct FindingView {
    /// What is wrong.
    pub text: String,
    /// Where.
    pub location: String,
    /// The clause violated.
    pub clause: String,
    /// Photo hashes.
    pub photos: Vec<String>,
}

impl From<&CitedFinding> for FindingView {
    fn from(f: &CitedFinding) -> Self {
        FindingView {
            text: f.text.clone(),
            location: f.location.clone(),
            clause: f.clause.clone(),
            photos: f.photos.clone(),
        }
    }
}

/// One line of the history or the audit trail.
#[derive(Debug)]
pub struct Line {
    /// When (bureau time zone).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// State change, or the record touched.
    pub change: String,
    /// Comment or details.
    pub comment: String,
}

/// A button for an action the reader may take now.
#[derive(Debug)]
pub struct ActionButton {
    /// The action's name in the URL.
    pub action: &'static str,
    /// Its label.
    pub label: String,
    /// It needs a comment.
    pub needs_comment: bool,
}

/// The actions of one step of the notice's life, with what it means.
#[derive(Debug)]
pub struct ActionGroup {
    /// The step (下发, 审批, 复查, 审核, 撤销).
    pub title: String,
    /// What the step is, in a sentence.
    pub hint: String,
    /// Its buttons, those needing no comment first (Enter presses the first).
    pub buttons: Vec<ActionButton>,
    /// A button of it needs a comment.
    pub needs_comment: bool,
}

/// The step of the notice's life an action belongs to.
fn step_of(action: Action) -> &'static str {
    match action {
        Action::Issue => "issue",
        // Its own form, with the receipt's fields.
        Action::Serve => "serve",
        Action::Approve | Action::Decline => "approval",
        Action::Verify | Action::Reject => "reinspection",
        Action::ReviewApprove | Action::ReviewReturn => "review",
        Action::Revoke => "revoke",
        Action::Acknowledge | Action::Respond => "answer",
    }
}

/// The actions the reader may take now, grouped by step, in the order of the notice's life.
fn groups(t: &'static Text, allowed: impl Iterator<Item = Action>) -> Vec<ActionGroup> {
    let mut groups: Vec<ActionGroup> = Vec::new();
    let mut allowed: Vec<Action> = allowed.collect();
    allowed.sort_by_key(|a| a.needs_comment());
    for step in ["issue", "approval", "reinspection", "review", "answer", "revoke"] {
        let buttons: Vec<ActionButton> = allowed
            .iter()
            .filter(|a| step_of(**a) == step)
            .map(|a| ActionButton { action: a.as_str(), label: t.action(a.as_str()), needs_comment: a.needs_comment() })
            .collect();
        if buttons.is_empty() {
            continue;
        }
        let (title, hint) = t.action_step(step);
        let needs_comment = buttons.iter().any(|b| b.needs_comment);
        groups.push(ActionGroup { title: title.to_owned(), hint: hint.to_owned(), buttons, needs_comment });
    }
    groups
}

/// The notice page.
#[derive(Template)]
#[template(path = "web/notice.html")]
pub struct NoticePage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// The session's CSRF token.
    pub csrf: String,
    /// The notice's table line (number, kind, state, names).
    pub row: NoticeRow,
    /// Who wrote it.
    pub author: String,
    /// Findings.
    pub findings: Vec<FindingView>,
    /// Legal basis.
    pub legal_basis: String,
    /// Required actions.
    pub required_actions: String,
    /// Penalty, for a case filed.
    pub penalty: Option<String>,
    /// The addressee's answer.
    pub answer: Option<Answer>,
    /// The re-inspection's comment.
    pub verdict_comment: String,
    /// Review state and comment (bureau staff only).
    pub review: Option<(String, String)>,
    /// History.
    pub history: Vec<Line>,
    /// Audit trail (bureau staff only).
    pub audit: Vec<Line>,
    /// The actions the reader may take (answering has a page of its own).
    pub actions: Vec<ActionGroup>,
    /// The reader may record the notice's service.
    pub serve: bool,
    /// How it was served, or that it waits to be (none for a draft).
    pub served: Option<String>,
    /// What a stop-work or sealing order holds on site, or how it ended.
    pub on_site: Option<notice_facts::OnSite>,
    /// The steps of its escalation, with their documents.
    pub escalations: Vec<notice_facts::EscalationLine>,
    /// Its penalty case, if it is a filed case.
    pub case: Option<notice_facts::CaseLine>,
    /// The form of the case's next step, if the reader may take it.
    pub case_step: Option<case_form::CaseStepForm>,
    /// The findings' photos, beside the answer's: before and after.
    pub before: Vec<String>,
    /// Answers a later one superseded, with why they were not accepted.
    pub earlier: Vec<EarlierAnswer>,
    /// When and where each photo was taken.
    pub captions: Captions,
}

/// Display names of users by id.
pub(super) async fn user_names(db: &impl ConnectionTrait, ids: HashSet<Uuid>) -> Result<HashMap<Uuid, String>, DbErr> {
    let found = user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?;
    Ok(found.into_iter().map(|u| (u.id, u.display_name)).collect())
}

/// `GET /app/notices/{id}`.
pub async fn show_notice(
    State(state): State<AppState>,
    signed: Signed,
    uri: Uri,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let db = state.db.read();
    let user = &signed.user;
    let m = access::visible(db, user, id).await?;
    let parties = access::parties(user, &m);
    let t = signed.t();
    let names = Names::load(db, std::slice::from_ref(&m)).await?;
    let events = view::history(db, parties.bureau, id).await?;
    let trail = if parties.bureau {
        let records =
            Condition::any().add(audit::Column::RecordId.eq(m.id)).add(audit::Column::RecordId.is_in(m.inspection_id));
        audit::Entity::find().filter(records).order_by_asc(audit::Column::Id).all(db).await?
    } else {
        Vec::new()
    };
    // The inspection's template names the answers its edits changed.
    let template = match m.inspection_id {
        Some(id) if !trail.is_empty() => match inspection::Entity::find_by_id(id).one(db).await? {
            Some(found) => checklist::kept(db, &found).await?,
            None => None,
        },
        _ => None,
    };
    let mut ids: HashSet<Uuid> = events.iter().filter_map(|e| e.actor_id).collect();
    ids.extend(trail.iter().filter_map(|a| a.actor_id));
    ids.insert(m.author_id);
    let people = user_names(db, ids).await?;
    let who = |id: Option<Uuid>| id.and_then(|id| people.get(&id).cloned()).unwrap_or_else(|| t.system.to_owned());
    let when = |at: chrono::DateTime<chrono::Utc>| dates::moment(t, &state.calendar, at);
    let content = &m.content;
    let earlier = earlier(t, &state.calendar, &events, who);
    let shown = photos_of(content, m.response.as_ref().map(|r| &r.0)).chain(earlier.iter().flat_map(|e| &e.photos));
    let captions = Captions::load(db, t, &state.calendar, shown).await?;
    let (kind, now) = (kind_of(&m), standing(&m));
    let may = |a: Action| lifecycle::decide(kind, now, a, parties).is_ok();
    let serve = may(Action::Serve);
    let actions = groups(t, Action::ALL.into_iter().filter(|a| *a != Action::Respond && may(*a)));
    let page = NoticePage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        csrf: signed.csrf.clone(),
        row: names.row(t, &state.calendar, &m),
        author: who(Some(m.author_id)),
        findings: content.findings.iter().map(FindingView::from).collect(),
        legal_basis: content.legal_basis.clone(),
        required_actions: content.required_actions.clone(),
        penalty: content.penalty_amount.clone(),
        answer: m.response.as_ref().map(|r| r.0.clone()),
        verdict_comment: m.verdict_comment.clone(),
        review: parties.bureau.then(|| (t.review(m.review_status.as_str()), m.review_comment.clone())),
        history: events
            .iter()
            .map(|e| Line {
                at: when(e.at),
                actor: who(e.actor_id),
                action: t.action(&e.action),
                change: format!("{} → {}", t.state(&e.from_state), t.state(&e.to_state)),
                comment: e.comment.clone(),
            })
            .collect(),
        audit: trail
            .into_iter()
            .map(|a| Line {
                at: when(a.at),
                actor: who(a.actor_id),
                action: audit_lines::action(t, &a.record_type, &a.action),
                change: String::new(),
                comment: audit_lines::details(t, &a.detail, template.as_ref()),
            })
            .collect(),
        actions,
        serve,
        served: notice_facts::served(t, &state.calendar, &m),
        on_site: notice_facts::on_site(db, t, &state.calendar, &m).await?,
        escalations: notice_facts::escalations(db, t, &state.calendar, &m).await?,
        case: notice_facts::case(db, t, &m).await?,
        case_step: case_form::next_step(db, t, &signed.user, &m).await?,
        before: content.photos().cloned().collect(),
        earlier,
        captions,
    };
    Ok(layout::render(&page))
}
