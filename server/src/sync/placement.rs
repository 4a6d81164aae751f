//! Who may see a synced record: its placement (region, organisation,
//! audience), and a user's sync scope, with the one rule that matches them.
//! Pull queries, live pokes and scope changes all use this rule.

use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::entity::change;
use crate::{auth::AuthUser, policy::Role};

/// The region path of records every bureau user sees (e.g. organisations).
pub const EVERYWHERE: &str = "/";

/// Who a record is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Bureau staff and, through `org_id`, the organisation it names.
    All,
    /// Bureau staff only (internal review comments); never contractors.
    Bureau,
}

impl Audience {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::All => "all",
            Audience::Bureau => "bureau",
        }
    }
}

/// Where a record lies, which decides who receives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Placement {
    /// Region path (`/<county>/<township>/...`), [`EVERYWHERE`], or none.
    pub region_path: Option<String>,
    /// The organisation (a contractor company) that sees it.
    pub org_id: Option<Uuid>,
    /// Who it is for.
    pub audience: Audience,
}

impl Placement {
    /// A record of a region, seen by bureau staff of that region and above.
    pub fn region(path: impl Into<String>) -> Placement {
        Placement { region_path: Some(path.into()), org_id: None, audience: Audience::All }
    }

    /// Also seen by an organisation's users.
    pub fn with_org(mut self, org: Option<Uuid>) -> Placement {
        self.org_id = org;
        self
    }

    /// Only for bureau staff.
    pub fn internal(mut self) -> Placement {
        self.audience = Audience::Bureau;
        self
    }

    /// The stored region path (`""` for none).
    pub fn region_key(&self) -> &str {
        self.region_path.as_deref().unwrap_or("")
    }

    /// The stored organisation (`""` for none).
    pub fn org_key(&self) -> String {
        self.org_id.map(|o| o.to_string()).unwrap_or_default()
    }
}

/// What one user receives by sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncScope {
    /// Sees every record (admins).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub all: bool,
    /// Root path of the region subtree seen (bureau staff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Organisation whose records are seen (contractors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<Uuid>,
    /// Sees bureau-only records.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bureau: bool,
}

impl SyncScope {
    /// The scope of a user, from their current role, region and organisation.
    pub fn of(user: &AuthUser) -> SyncScope {
        match user.role {
            Role::Admin => SyncScope { all: true, region: None, org: None, bureau: true },
            Role::Supervisor | Role::Inspector => {
                SyncScope { all: false, region: user.region_path.clone(), org: None, bureau: true }
            }
            Role::Contractor => SyncScope { all: false, region: None, org: user.organisation_id, bureau: false },
        }
    }

    /// Whether a record with this placement is visible in the scope.
    pub fn sees(&self, placement: &Placement) -> bool {
        if self.all {
            return true;
        }
        if placement.audience == Audience::Bureau && !self.bureau {
            return false;
        }
        let by_region = match (&self.region, &placement.region_path) {
            (Some(root), Some(path)) => path.starts_with(root.as_str()) || path == EVERYWHERE,
            _ => false,
        };
        let by_org = matches!((self.org, placement.org_id), (Some(a), Some(b)) if a == b);
        by_region || by_org
    }

    /// The same rule as [`SyncScope::sees`], as a condition on `sync_changes`.
    pub fn condition(&self) -> Condition {
        if self.all {
            return Condition::all();
        }
        let mut visible = Condition::any();
        if let Some(root) = &self.region {
            // Paths hold only hex digits and '/', so no LIKE escaping is needed.
            visible = visible
                .add(change::Column::RegionPath.like(format!("{root}%")))
                .add(change::Column::RegionPath.eq(EVERYWHERE));
        }
        if let Some(org) = self.org {
            visible = visible.add(change::Column::OrgId.eq(org.to_string()));
        }
        let mut condition = Condition::all().add(visible);
        if !self.bureau {
            condition = condition.add(Expr::col(change::Column::Audience).eq(Audience::All.as_str()));
        }
        condition
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inspector(path: &str) -> SyncScope {
        SyncScope { all: false, region: Some(path.into()), org: None, bureau: true }
    }

    fn contractor(org: Uuid) -> SyncScope {
        SyncScope { all: false, region: None, org: Some(org), bureau: false }
    }

    #[test]
    fn visibility_follows_region_organisation_and_audience() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let site = Placement::region("/c/t1/v1/").with_org(Some(a));
        let review = Placement::region("/c/t1/").with_org(Some(a)).internal();
        let company = Placement::region(EVERYWHERE).with_org(Some(a));
        let cases = [
            (inspector("/c/t1/"), &site, true),
            (inspector("/c/t2/"), &site, false),
            (inspector("/c/"), &site, true),
            (inspector("/c/t1/"), &review, true),
            (inspector("/c/t2/"), &company, true),
            (contractor(a), &site, true),
            (contractor(b), &site, false),
            (contractor(a), &review, false),
            (contractor(a), &company, true),
            (contractor(b), &company, false),
        ];
        for (scope, placement, expected) in cases {
            assert_eq!(scope.sees(placement), expected, "{scope:?} {placement:?}");
        }
    }
}
