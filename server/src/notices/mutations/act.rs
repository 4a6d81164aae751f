//! The lifecycle mutations, one per action (`notice.issue`,
//! `notice.acknowledge`, ...): each hands its action to [`perform`].

use std::marker::PhantomData;

use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    error::ApiResult,
    notices::Rules,
    notices::{
        lifecycle::Action,
        perform::{ActionBody, Actor, Input, perform},
    },
    sync::{Ctx, Mutation},
};

/// Arguments of every lifecycle mutation.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// The notice.
    pub id: Uuid,
    /// The comment, and the answer's text and photos for `notice.respond`.
    #[serde(flatten)]
    pub body: ActionBody,
}

/// Names one lifecycle action as a mutation.
pub trait Named: Send + Sync + 'static {
    /// The mutation name.
    const NAME: &'static str;
    /// The action.
    const ACTION: Action;
}

/// The mutation performing action `A`.
#[derive(Debug)]
pub struct Act<A> {
    rules: Rules,
    action: PhantomData<A>,
}

impl<A> Act<A> {
    /// The mutation, bounding device times and counting deadlines and
    /// numbers by the county's `rules`.
    pub fn new(rules: Rules) -> Self {
        Act { rules, action: PhantomData }
    }
}

#[async_trait::async_trait]
impl<A: Named> Mutation for Act<A> {
    const NAME: &'static str = A::NAME;
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        let input = Input::from(args.body);
        let actor = Actor { user: ctx.user, client_id: Some(ctx.client_id) };
        let saved = perform(ctx.db, ctx.write(), &self.rules, actor, args.id, A::ACTION, input).await?;
        Ok(Some(json!({
            "rev": saved.rev, "state": saved.state, "number": saved.number,
            "deadline": saved.deadline, "served_at": saved.served_at,
        })))
    }
}

macro_rules! actions {
    ($($ty:ident = ($name:literal, $action:ident);)*) => {
        $(
            #[doc = concat!("`", $name, "`.")]
            #[derive(Debug)]
            pub struct $ty;
            impl Named for $ty {
                const NAME: &'static str = $name;
                const ACTION: Action = Action::$action;
            }
        )*
        /// Registers every lifecycle mutation.
        pub fn register(registry: &mut crate::sync::Registry, rules: &Rules) {
            $( registry.register(Act::<$ty>::new(rules.clone())); )*
        }
    };
}

actions! {
    Issue = ("notice.issue", Issue);
    Serve = ("notice.serve", Serve);
    Approve = ("notice.approve", Approve);
    Decline = ("notice.decline", Decline);
    Acknowledge = ("notice.acknowledge", Acknowledge);
    Respond = ("notice.respond", Respond);
    Verify = ("notice.verify", Verify);
    Reject = ("notice.reject", Reject);
    Revoke = ("notice.revoke", Revoke);
    ReviewApprove = ("notice.review_approve", ReviewApprove);
    ReviewReturn = ("notice.review_return", ReviewReturn);
}
