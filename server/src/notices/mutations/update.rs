//! `notice.update`: edits of a draft by bureau staff over it. Once sent, a
//! notice changes only through its lifecycle actions.

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde::Deserialize;
use serde_json::{Value, json};
use sync_protocol::ErrorCode;
use uuid::Uuid;

use crate::{
    error::{ApiError, ApiResult},
    http::validate::{Check, double_option},
    notices::{
        access,
        content::NoticeContent,
        kind::NoticeKind,
        perform::{Actor, append_event},
        photos,
        record::{self, kind_of, state_of},
        state::State,
    },
    sync::{Ctx, Mutation},
    webhooks::EventType,
};

/// Arguments of `notice.update`: the new document, replacing the old one.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// The notice.
    pub id: Uuid,
    /// New deadline; `null` clears it; absent keeps it.
    #[serde(default, deserialize_with = "double_option")]
    pub deadline: Option<Option<NaiveDate>>,
    /// The whole new document.
    #[serde(flatten)]
    pub content: NoticeContent,
}

/// The `notice.update` mutation.
#[derive(Debug)]
pub struct UpdateNotice;

#[async_trait::async_trait]
impl Mutation for UpdateNotice {
    const NAME: &'static str = "notice.update";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        let found = access::for_change(ctx.db, ctx.user, args.id).await?;
        if !access::parties(ctx.user, &found).bureau {
            return Err(ApiError::forbidden());
        }
        let state = state_of(&found);
        if state != State::Draft {
            return Err(ApiError::new(ErrorCode::InvalidTransition).with_details(json!({ "state": state.as_str() })));
        }
        let mut check = Check::new();
        args.content.check(&mut check, kind_of(&found) == NoticeKind::CaseFiled);
        check.finish()?;
        // Writing the document it already has changes nothing: same rev, no
        // history entry, nothing for other devices to pull.
        let same_deadline = args.deadline.is_none_or(|deadline| deadline == found.deadline);
        if args.content == found.content.0 && same_deadline {
            return Ok(Some(json!({ "rev": found.rev })));
        }
        let mut next: crate::notices::entity::notice::ActiveModel = found.clone().into();
        next.content = Set(crate::db::typed::Json(args.content));
        if let Some(deadline) = args.deadline {
            next.deadline = Set(deadline);
        }
        next.rev = Set(found.rev + 1);
        next.updated_at = Set(crate::clock::now());
        let saved = next.update(ctx.db).await?;
        let actor = Actor { user: ctx.user, client_id: Some(ctx.client_id) };
        append_event(ctx.db, actor, &saved, "update", state, "", true).await?;
        record::announce(ctx.db, &saved, EventType::NoticeUpdated, Some("update")).await?;
        photos::reference(ctx.db, &saved, &crate::blobs::refs::Owner::new(ctx.user, Some(ctx.client_id))).await?;
        record::publish(ctx.write(), &saved);
        Ok(Some(json!({ "rev": saved.rev })))
    }
}
