//! Service (送达): how an issued notice reached its addressee, as the
//! 送达回证 records it. A notice's deadline counts from the day it was
//! served, not from the day it was written or approved.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{auth::AuthUser, error::Reason, http::validate::Check};

/// Longest name or note accepted on a service record.
pub const MAX_NAME: usize = 100;

/// How a notice was served (送达方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Handed to the addressee, who signed for it (直接送达).
    InPerson,
    /// The addressee refused to sign; left at the site before a witness (留置送达).
    LeftAtSite,
    /// Sent by registered post; served when the receipt came back (邮寄送达).
    ByPost,
    /// Acknowledged by the addressee in the app (电子送达).
    Electronic,
}

impl Method {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::InPerson => "in_person",
            Method::LeftAtSite => "left_at_site",
            Method::ByPost => "by_post",
            Method::Electronic => "electronic",
        }
    }

    /// The name on the 送达回证.
    pub fn zh(self) -> &'static str {
        match self {
            Method::InPerson => "直接送达",
            Method::LeftAtSite => "留置送达",
            Method::ByPost => "邮寄送达",
            Method::Electronic => "电子送达",
        }
    }

    /// The English name.
    pub fn en(self) -> &'static str {
        match self {
            Method::InPerson => "in person",
            Method::LeftAtSite => "left at the site",
            Method::ByPost => "by post",
            Method::Electronic => "in the app",
        }
    }
}

/// A service record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Service {
    /// How.
    pub method: Method,
    /// Who received it (signed for it, was named on the postal receipt, or
    /// acknowledged it in the app).
    pub receiver: String,
    /// The witness of a service left at the site (留置送达), else empty.
    #[serde(default)]
    pub witness: String,
    /// The registered-post number, or the receiver's position; may be empty.
    #[serde(default)]
    pub note: String,
    /// The user who acknowledged it in the app (electronic service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver_user_id: Option<Uuid>,
}

/// A service as bureau staff record it (`notice.serve`, or with `notice.issue`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ServiceBody {
    /// How: `in_person`, `left_at_site` or `by_post`.
    pub method: Method,
    /// Who received it.
    #[serde(default)]
    pub receiver: String,
    /// The witness (`left_at_site`).
    #[serde(default)]
    pub witness: String,
    /// The registered-post number (`by_post`), or the receiver's position.
    #[serde(default)]
    pub note: String,
}

/// The service fields of a web form (empty `method`: no service given).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ServiceForm {
    /// How.
    #[serde(default)]
    pub method: Option<Method>,
    /// Who received it.
    #[serde(default)]
    pub receiver: String,
    /// The witness.
    #[serde(default)]
    pub witness: String,
    /// The registered-post number.
    #[serde(default)]
    pub note: String,
}

impl ServiceForm {
    /// The service the form gives, if any.
    pub fn body(self) -> Option<ServiceBody> {
        let ServiceForm { method, receiver, witness, note } = self;
        method.map(|method| ServiceBody { method, receiver, witness, note })
    }
}

impl From<ServiceBody> for Service {
    fn from(b: ServiceBody) -> Self {
        Service { method: b.method, receiver: b.receiver, witness: b.witness, note: b.note, receiver_user_id: None }
    }
}

impl Service {
    /// The service done by `user` acknowledging the notice in the app.
    pub fn electronic(user: &AuthUser) -> Self {
        Service {
            method: Method::Electronic,
            receiver: user.username.clone(),
            witness: String::new(),
            note: String::new(),
            receiver_user_id: Some(user.user_id),
        }
    }

    /// Checks a service recorded by bureau staff (fields under `service.`).
    pub fn check(&self, check: &mut Check) {
        check.text("service.receiver", &self.receiver, MAX_NAME);
        for (field, text) in [("service.witness", &self.witness), ("service.note", &self.note)] {
            if text.chars().count() > MAX_NAME {
                check.fail(field, Reason::TooLong { max: MAX_NAME });
            }
        }
        match self.method {
            Method::LeftAtSite if self.witness.trim().is_empty() => check.fail(
                "service.witness",
                Reason::Rule {
                    code: "witness_required",
                    en: "A notice left at the site needs a witness to the refusal to sign.".into(),
                    zh: "留置送达须有见证人。".into(),
                },
            ),
            Method::ByPost if self.note.trim().is_empty() => check.fail(
                "service.note",
                Reason::Rule {
                    code: "postal_number_required",
                    en: "A notice served by post needs its registered-post number.".into(),
                    zh: "邮寄送达须填写挂号信/邮件单号。".into(),
                },
            ),
            Method::Electronic => check.fail(
                "service.method",
                Reason::Rule {
                    code: "electronic_by_acknowledgement",
                    en: "Service in the app is recorded when the addressee acknowledges the notice.".into(),
                    zh: "电子送达以受送达人在应用中签收为准，无需另行登记。".into(),
                },
            ),
            _ => {}
        }
    }

    /// The record trimmed as it is stored.
    pub fn trimmed(self) -> Self {
        Service {
            receiver: self.receiver.trim().to_owned(),
            witness: self.witness.trim().to_owned(),
            note: self.note.trim().to_owned(),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(method: Method, witness: &str, note: &str) -> Service {
        Service {
            method, receiver: "张工".into(), witness: witness.into(), note: note.into(), receiver_user_id: None
        }
    }

    fn fields(s: &Service) -> Vec<String> {
        let mut check = Check::new();
        s.check(&mut check);
        check.into_errors().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn each_method_asks_for_what_its_receipt_needs() {
        assert!(fields(&service(Method::InPerson, "", "")).is_empty());
        assert_eq!(fields(&service(Method::LeftAtSite, " ", "")), ["service.witness"]);
        assert!(fields(&service(Method::LeftAtSite, "村委会李主任", "")).is_empty());
        assert_eq!(fields(&service(Method::ByPost, "", "")), ["service.note"]);
        assert_eq!(fields(&service(Method::Electronic, "", "")), ["service.method"]);
        assert_eq!(
            fields(&Service { receiver: " ".into(), ..service(Method::InPerson, "", "") }),
            ["service.receiver"]
        );
    }
}
