//! Performing an action on a notice: the one path for every transition,
//! whether it arrives as a sync mutation or a REST call. It asks the
//! lifecycle table, applies the effects (the official number on issue),
//! appends to the notice's history and publishes the notice to devices.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, TryIntoModel};
use serde::Deserialize;
use serde_json::json;
use sync_protocol::ErrorCode;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    Rules, access,
    content::Response,
    entity::{event, notice},
    kind::NoticeKind,
    lifecycle::{self, Action, Refusal},
    photos,
    record::{self, kind_of, state_of},
    service::{Service, ServiceBody},
    state::{Review, State},
    suspension,
};
use crate::{
    auth::AuthUser,
    db::typed::Json,
    directory::sites::entity as site,
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    numbers::{self, Series},
    sync::Write,
    webhooks::{self, EventType},
};

/// Longest comment accepted.
pub const MAX_COMMENT: usize = 2_000;

/// Who acts, from where.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// The user.
    pub user: &'a AuthUser,
    /// The sync client, for actions that arrive by push.
    pub client_id: Option<Uuid>,
}

/// What comes with an action.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// A comment: required for decline, reject, revoke and returning a review.
    pub comment: String,
    /// The answer, for `respond`.
    pub response: Option<Response>,
    /// When the inspector acted on site, by the device clock (issue, verify, reject).
    pub at: Option<DateTime<Utc>>,
    /// The reserved number the device printed on the notice it issued offline (`issue`).
    pub number: Option<String>,
    /// How the notice reached its addressee (`serve`; or `issue`, handed over on the spot).
    pub service: Option<Service>,
}

/// What comes with an action, as sent by a device or the web.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ActionBody {
    /// Comment (required to decline, reject, revoke and return a review).
    #[serde(default)]
    pub comment: String,
    /// The answer's text (`respond`).
    #[serde(default)]
    pub text: Option<String>,
    /// The answer's photos by SHA-256 (`respond`).
    #[serde(default)]
    pub photos: Vec<String>,
    /// When it happened, by the device clock: for `issue`, `serve` (the
    /// deadline counts from the day of service), `verify` and `reject`.
    /// Bounded like every device time; other actions take the server's time.
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
    /// The 送达回证: required to `serve`; with `issue`, the notice was handed
    /// over on the spot and is served at once. A notice issued without it
    /// (or approved) waits for its service, or for the addressee to
    /// acknowledge it in the app, before its deadline runs.
    #[serde(default)]
    pub service: Option<ServiceBody>,
    /// For `issue` of a kind issued without approval: a number the caller
    /// holds reserved (`POST /v1/numbers/reservations`), printed on the
    /// notice where it was issued offline. Without it the notice takes the
    /// next number of its series.
    #[serde(default)]
    pub number: Option<String>,
}

impl From<ActionBody> for Input {
    fn from(body: ActionBody) -> Self {
        let response = body.text.map(|text| Response { text, photos: body.photos });
        Input {
            comment: body.comment,
            response,
            at: body.at,
            number: body.number,
            service: body.service.map(Service::from),
        }
    }
}

/// Performs `action` on notice `id` in the caller's transaction.
pub async fn perform(
    db: &impl ConnectionTrait,
    out: &Write,
    rules: &Rules,
    actor: Actor<'_>,
    id: Uuid,
    action: Action,
    input: Input,
) -> ApiResult<notice::Model> {
    let clock = &rules.clock;
    let found = access::for_change(db, actor.user, id).await?;
    let (kind, state) = (kind_of(&found), state_of(&found));
    let review = found.review_status;
    let outcome = lifecycle::decide(kind, record::standing(&found), action, access::parties(actor.user, &found))
        .map_err(|refusal| refused(refusal, review))?;
    let now = crate::clock::now();
    let calendar = clock.calendar();
    // Acts done on site by the inspector happened when the device says, within bounds.
    let on_site = match action {
        Action::Issue | Action::Serve | Action::Verify | Action::Reject => clock.accept("at", input.at, now)?,
        _ => now,
    };
    check_input(action, &input, kind, &found, on_site, calendar.today(on_site), outcome)?;

    let mut next: notice::ActiveModel = found.clone().into();
    next.state = Set(outcome.state);
    next.review_status = Set(outcome.review);
    if outcome.issues {
        next.issued_at = Set(Some(on_site));
        // Addressed to the site's contractor as of now: the company it is issued
        // to keeps it (and answers it) even if the site later changes hands.
        next.addressee_org_id = Set(served_organisation(db, &found).await?);
    }
    // Served: handed over on issue, recorded later, or acknowledged in the
    // app. "Within N days" counts from the day of service.
    let service = match action {
        Action::Acknowledge if outcome.serves => Some((now, Service::electronic(actor.user))),
        Action::Serve => input.service.clone().map(|s| (on_site, s.trimmed())),
        Action::Issue if outcome.issues => input.service.clone().map(|s| (on_site, s.trimmed())),
        _ => None,
    };
    if let Some((served_at, service)) = service {
        next.served_at = Set(Some(served_at));
        next.service = Set(Some(Json(service)));
        if found.deadline.is_none() {
            next.deadline =
                Set(found.content.deadline_days.map(|days| calendar.deadline(calendar.today(served_at), days)));
        }
    }
    let comment = input.comment.trim().to_owned();
    match action {
        Action::Acknowledge => next.acknowledged_at = Set(Some(now)),
        Action::Respond => {
            next.responded_at = Set(Some(now));
            next.response = Set(input.response.clone().map(Json));
        }
        Action::Verify => {
            next.verdict_comment = Set(comment.clone());
            // On time is the contractor's: the answer verified came by the deadline.
            // Re-inspecting it after the deadline is the bureau's lateness, kept apart.
            let answered_on_time = match (found.deadline, found.responded_at) {
                (Some(deadline), Some(answered)) => !calendar.is_past(deadline, answered),
                _ => true,
            };
            let late = found.deadline.is_some_and(|deadline| calendar.is_past(deadline, on_site));
            next.verified_on_time = Set(Some(answered_on_time));
            next.reinspected_late = Set(Some(answered_on_time && late));
        }
        Action::Reject => next.verdict_comment = Set(comment.clone()),
        Action::Decline | Action::ReviewApprove | Action::ReviewReturn => {
            next.review_comment = Set(comment.clone());
            next.reviewed_by = Set(Some(actor.user.user_id));
            next.reviewed_at = Set(Some(now));
        }
        _ => {}
    }
    if matches!(outcome.state, State::Verified | State::Revoked) {
        next.closed_at = Set(Some(on_site));
    }
    next.rev = Set(found.rev + 1);
    next.updated_at = Set(now);
    // History and photo references are written from the notice as it will be
    // saved (only its number is still to come), before the number is taken:
    // the bureau's counter row stays locked from then until the commit, and
    // every issuer of the county queues on it, so the less follows it the better.
    let staged = next.clone().try_into_model()?;
    let internal = staged.issued_at.is_none() || matches!(action, Action::ReviewApprove | Action::ReviewReturn);
    let answer = input.response.as_ref().filter(|_| action == Action::Respond);
    insert_event(
        db,
        Some(actor),
        &staged,
        Entry { action: action.as_str(), from: state, comment: &comment, internal, answer },
    )
    .await?;
    photos::rereference(db, &found, &staged, &crate::blobs::refs::Owner::new(actor.user, actor.client_id)).await?;
    let endpoints = webhooks::Endpoints::load(db).await?;
    if outcome.issues {
        let number = match input.number.as_deref().map(str::trim) {
            Some(reserved) => numbers::series::issue_reserved(
                db,
                &found.bureau_key,
                kind.as_str(),
                reserved,
                actor.user.user_id,
                id,
                now,
            )
            .await?
            .ok_or_else(|| numbers::routes::not_held("number"))?,
            None => {
                let series = Series { bureau_key: &found.bureau_key, kind: kind.as_str(), year: calendar.year(now) };
                numbers::series::issue(db, &rules.numbering, series, id, now).await?
            }
        };
        next.number = Set(Some(number));
    }
    let saved = next.update(db).await?;
    take_effect(db, out, rules, actor, &saved, action, outcome, on_site).await?;
    // The webhook event carries the number, so it comes after it.
    let kind = if outcome.issues { EventType::NoticeIssued } else { EventType::NoticeUpdated };
    record::announce_to(db, &endpoints, &saved, kind, Some(action.as_str())).await?;
    if saved.review_status != found.review_status || saved.review_comment != found.review_comment {
        record::publish(out, &saved);
    } else {
        record::publish_notice(out, &saved);
    }
    Ok(saved)
}

/// What an order does beyond itself as it moves: a filed case, approved,
/// opens its penalty case; a stop-work or sealing order acts on its site: it
/// takes effect once issued (approved), an answer applies to resume, a
/// refused answer keeps it in force, the verifying re-inspection lifts it
/// and revoking the order ends it.
#[allow(clippy::too_many_arguments)]
async fn take_effect(
    db: &impl ConnectionTrait,
    out: &Write,
    rules: &Rules,
    actor: Actor<'_>,
    saved: &notice::Model,
    action: Action,
    outcome: lifecycle::Outcome,
    on_site: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    if saved.kind == NoticeKind::CaseFiled {
        return match action {
            _ if outcome.issues => super::case::open(db, out, saved, crate::clock::now()).await,
            Action::Revoke => super::case::withdraw(db, out, saved, crate::clock::now()).await,
            _ => Ok(()),
        };
    }
    if !suspension::suspends(saved.kind) {
        return Ok(());
    }
    let now = crate::clock::now();
    let by = actor.user.user_id;
    match action {
        _ if outcome.issues => suspension::begin(db, out, saved, now).await,
        Action::Respond => suspension::mark(db, out, saved, suspension::Standing::Applied, now).await,
        Action::Reject => suspension::mark(db, out, saved, suspension::Standing::InForce, now).await,
        Action::Verify => {
            let year = rules.clock.calendar().year(on_site);
            let lifted = suspension::Ending::Lifted { numbering: &rules.numbering, year };
            suspension::end(db, out, saved, by, lifted, on_site).await.map(drop)
        }
        Action::Revoke => suspension::end(db, out, saved, by, suspension::Ending::Revoked, now).await.map(drop),
        _ => Ok(()),
    }
}

/// The company a notice is served on when it is issued: the contractor of
/// its site at that moment (none for a household's notice, or a site without
/// one: the township answers it).
async fn served_organisation(db: &impl ConnectionTrait, found: &notice::Model) -> ApiResult<Option<Uuid>> {
    let Some(site_id) = found.site_id else { return Ok(None) };
    let site = site::Entity::find_by_id(site_id).one(db).await?;
    // A site is disabled, never deleted; should it be gone, keep the draft's.
    Ok(site.map_or(found.addressee_org_id, |s| s.contractor_id))
}

fn refused(refusal: Refusal, review: Review) -> ApiError {
    match refusal {
        Refusal::NotYours => ApiError::forbidden(),
        Refusal::WrongState(state) => {
            ApiError::new(ErrorCode::InvalidTransition).with_details(json!({ "state": state.as_str() }))
        }
        Refusal::NotUnderReview(_) => {
            ApiError::new(ErrorCode::InvalidTransition).with_details(json!({ "review_status": review.as_str() }))
        }
        Refusal::AlreadyServed => ApiError::new(ErrorCode::InvalidTransition).with_details(json!({ "served": true })),
    }
}

fn check_input(
    action: Action,
    input: &Input,
    kind: NoticeKind,
    found: &notice::Model,
    at: DateTime<Utc>,
    day: chrono::NaiveDate,
    outcome: lifecycle::Outcome,
) -> ApiResult<()> {
    let mut check = Check::new();
    match (&input.service, action) {
        (Some(service), Action::Serve) => service.check(&mut check),
        (None, Action::Serve) => check.fail("service", Reason::Required),
        (Some(service), Action::Issue) if outcome.issues => service.check(&mut check),
        (Some(_), Action::Issue) => check.fail(
            "service",
            Reason::Rule {
                code: "served_once_approved",
                en: "This measure is served once a supervisor approves it.".into(),
                zh: "该措施须经审批后方可送达。".into(),
            },
        ),
        (Some(_), _) => check.fail(
            "service",
            Reason::Rule {
                code: "not_a_service",
                en: "Only issuing or serving a notice records its service.".into(),
                zh: "仅在下发或送达时登记送达信息。".into(),
            },
        ),
        (None, _) => {}
    }
    if action == Action::Serve && found.issued_at.is_some_and(|issued| at < issued) {
        check.fail(
            "at",
            Reason::Rule {
                code: "before_issue",
                en: "A notice cannot be served before it was issued.".into(),
                zh: "送达时间不能早于下发时间。".into(),
            },
        );
    }
    let numbered_now = outcome.issues;
    if input.number.is_some() && !numbered_now {
        check.fail(
            "number",
            Reason::Rule {
                code: "numbered_at_approval",
                en: "Only a notice issued now takes a reserved number; this one is numbered when approved.".into(),
                zh: "只有当场下发的文书使用预留文号；该文书经审批后编号。".into(),
            },
        );
    }
    if action.needs_comment() {
        check.text("comment", &input.comment, MAX_COMMENT);
    } else if input.comment.chars().count() > MAX_COMMENT {
        check.fail("comment", Reason::TooLong { max: MAX_COMMENT });
    }
    match (&input.response, action) {
        (Some(response), Action::Respond) => response.check(&mut check),
        (None, Action::Respond) => check.fail("text", Reason::Required),
        _ => {}
    }
    if action == Action::Issue {
        found.content.check_complete(&mut check, kind);
        let dated = matches!(kind, NoticeKind::Rectification | NoticeKind::StopWork);
        if dated && found.deadline.is_none() && found.content.deadline_days.is_none() {
            check.fail("deadline", Reason::Required);
        }
    }
    if matches!(action, Action::Issue | Action::Serve) && found.deadline.is_some_and(|deadline| deadline < day) {
        check.fail(
            "deadline",
            Reason::Rule {
                code: "in_the_past",
                en: "The deadline is before the day the notice is served.".into(),
                zh: "整改期限早于送达之日。".into(),
            },
        );
    }
    check.finish()
}

/// Appends an entry by the system (no user) to a notice's history.
pub async fn append_system_event(
    db: &impl ConnectionTrait,
    m: &notice::Model,
    action: &str,
    comment: &str,
) -> Result<(), sea_orm::DbErr> {
    insert_event(db, None, m, Entry { action, from: m.state, comment, internal: false, answer: None }).await
}

/// Appends an entry to a notice's history.
pub async fn append_event(
    db: &impl ConnectionTrait,
    actor: Actor<'_>,
    m: &notice::Model,
    action: &str,
    from: State,
    comment: &str,
    internal: bool,
) -> ApiResult<()> {
    Ok(insert_event(db, Some(actor), m, Entry { action, from, comment, internal, answer: None }).await?)
}

/// What one history entry says.
struct Entry<'a> {
    action: &'a str,
    from: State,
    comment: &'a str,
    internal: bool,
    /// The answer given (`respond` only).
    answer: Option<&'a Response>,
}

async fn insert_event(
    db: &impl ConnectionTrait,
    actor: Option<Actor<'_>>,
    m: &notice::Model,
    entry: Entry<'_>,
) -> Result<(), sea_orm::DbErr> {
    let Entry { action, from, comment, internal, answer } = entry;
    event::Entity::insert(event::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        notice_id: Set(m.id),
        at: Set(crate::clock::now()),
        actor_id: Set(actor.map(|a| a.user.user_id)),
        device_id: Set(actor.and_then(|a| a.user.device_id)),
        client_id: Set(actor.and_then(|a| a.client_id)),
        action: Set(action.to_owned()),
        from_state: Set(from.as_str().to_owned()),
        to_state: Set(m.state.as_str().to_owned()),
        comment: Set(comment.to_owned()),
        internal: Set(internal),
        response: Set(answer.cloned().map(Json)),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}
