//! The demo users: one of each role, all with the same demo password.

use sea_orm::ConnectionTrait;

use super::{
    api,
    regions::{self, Tree},
    sites::{self, Organisations},
};
use crate::{
    directory::users::repo::{self as users, NewUser},
    policy::{self, Role},
};

/// The inspectors, one per township in township order.
pub const INSPECTORS: [&str; 5] = ["inspector", "inspector2", "inspector3", "inspector4", "inspector5"];

/// The password of every demo user. For demos only.
pub const PASSWORD: &str = "fieldsync-demo";

/// Where a demo user's scope or company is.
#[derive(Debug, Clone, Copy)]
enum Place {
    Everywhere,
    County,
    Township(usize),
    CompanyA,
    CompanyB,
}

/// (username, display name, role, place).
const USERS: &[(&str, &str, Role, Place)] = &[
    ("admin", "系统管理员", Role::Admin, Place::Everywhere),
    ("supervisor", "赵卫东", Role::Supervisor, Place::County),
    ("inspector", "李明", Role::Inspector, Place::Township(0)),
    ("inspector2", "张磊", Role::Inspector, Place::Township(1)),
    ("inspector3", "陈静", Role::Inspector, Place::Township(2)),
    ("inspector4", "孙志刚", Role::Inspector, Place::Township(3)),
    ("inspector5", "吴海燕", Role::Inspector, Place::Township(4)),
    ("contractor", "王建军", Role::Contractor, Place::CompanyA),
    ("contractor2", "刘海涛", Role::Contractor, Place::CompanyB),
];

/// The demo logins for the banner: (username, role, what they cover).
pub fn logins() -> Vec<(&'static str, &'static str, &'static str)> {
    USERS
        .iter()
        .map(|(username, _, role, place)| {
            let scope = match place {
                Place::Everywhere => "all regions",
                Place::County => regions::COUNTY_NAME,
                Place::Township(t) => regions::township_name(*t),
                Place::CompanyA => sites::COMPANY_A,
                Place::CompanyB => sites::COMPANY_B,
            };
            (*username, role.as_str(), scope)
        })
        .collect()
}

/// Creates the demo users; inspectors and the supervisor belong to the bureau.
pub async fn create_users(db: &impl ConnectionTrait, tree: &Tree, orgs: &Organisations) -> anyhow::Result<usize> {
    for (username, display_name, role, place) in USERS {
        let (region_id, organisation_id) = match place {
            Place::Everywhere => (None, None),
            Place::County => (Some(tree.county.id), Some(orgs.bureau.id)),
            Place::Township(t) => (Some(tree.townships[*t].region.id), Some(orgs.bureau.id)),
            Place::CompanyA => (None, Some(orgs.company_a.id)),
            Place::CompanyB => (None, Some(orgs.company_b.id)),
        };
        let new = NewUser {
            username: (*username).to_owned(),
            display_name: (*display_name).to_owned(),
            password: PASSWORD.to_owned(),
            role: *role,
            region_id,
            organisation_id,
            phone: None,
        };
        api(users::create(db, &policy::system(), new).await)?;
    }
    Ok(USERS.len())
}
