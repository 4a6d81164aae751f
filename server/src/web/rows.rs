//! A notice as a line of the pages' tables and of the CSV export: the names
//! of its site, township and addressee looked up in one query each for a
//! whole page of notices, labels in the page language.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::dates;
use super::text::Text;
use crate::{
    directory::{
        households::entity as household, organisations::entity as organisation, regions::entity as region,
        sites::entity as site,
    },
    notices::{Calendar, entity::notice, record::is_overdue},
};

/// One line of a notice table.
#[derive(Debug, Clone)]
pub struct NoticeRow {
    /// Id (for links and forms).
    pub id: Uuid,
    /// Official number, or a note that it is not issued.
    pub number: String,
    /// Kind, in the page language.
    pub kind: String,
    /// State, in the page language.
    pub state: String,
    /// Review state, in the page language.
    pub review: String,
    /// Site name, or the household's head.
    pub site: String,
    /// Township name.
    pub township: String,
    /// Addressee company, or the township for households.
    pub addressee: String,
    /// Deadline day, or empty.
    pub deadline: String,
    /// Issue time in the bureau's time zone, or empty.
    pub issued: String,
    /// Overdue and still open.
    pub overdue: bool,
}

/// Names of the places, companies and townships of some notices.
#[derive(Debug, Default)]
pub struct Names {
    sites: HashMap<Uuid, String>,
    households: HashMap<Uuid, String>,
    organisations: HashMap<Uuid, String>,
    regions: HashMap<String, String>,
}

pub use crate::directory::regions::repo::township_path;

impl Names {
    /// Looks up every name the notices need.
    pub async fn load(db: &impl ConnectionTrait, notices: &[notice::Model]) -> Result<Names, DbErr> {
        let mut names = Names::default();
        if notices.is_empty() {
            return Ok(names);
        }
        let sites: HashSet<Uuid> = notices.iter().filter_map(|n| n.site_id).collect();
        let households: HashSet<Uuid> = notices.iter().filter_map(|n| n.household_id).collect();
        let orgs: HashSet<Uuid> = notices.iter().filter_map(|n| n.addressee_org_id).collect();
        let mut paths: HashSet<String> = notices.iter().map(|n| township_path(&n.region_path).to_owned()).collect();
        paths.extend(notices.iter().map(|n| n.bureau_key.clone()));
        for s in site::Entity::find().filter(site::Column::Id.is_in(sites)).all(db).await? {
            names.sites.insert(s.id, s.name);
        }
        for h in household::Entity::find().filter(household::Column::Id.is_in(households)).all(db).await? {
            names.households.insert(h.id, h.head_name);
        }
        for o in organisation::Entity::find().filter(organisation::Column::Id.is_in(orgs)).all(db).await? {
            names.organisations.insert(o.id, o.name);
        }
        for r in region::Entity::find().filter(region::Column::Path.is_in(paths)).all(db).await? {
            names.regions.insert(r.path, r.name);
        }
        Ok(names)
    }

    /// The site's name, or the household's head.
    pub fn place(&self, m: &notice::Model) -> String {
        let site = m.site_id.and_then(|id| self.sites.get(&id));
        let household = m.household_id.and_then(|id| self.households.get(&id));
        site.or(household).cloned().unwrap_or_default()
    }

    /// The township's name.
    pub fn township(&self, m: &notice::Model) -> String {
        self.regions.get(township_path(&m.region_path)).cloned().unwrap_or_default()
    }

    /// The name of a region by path (the bureau's county).
    pub fn region(&self, path: &str) -> String {
        self.regions.get(path).cloned().unwrap_or_default()
    }

    /// The bureau that issues the notice's documents (its county's 住建局).
    pub fn issuer(&self, m: &notice::Model) -> String {
        format!("{}住房和城乡建设局", self.region(&m.bureau_key))
    }

    /// The addressee company, or the township for notices to a household.
    pub fn addressee(&self, m: &notice::Model) -> String {
        match m.addressee_org_id {
            Some(id) => self.organisations.get(&id).cloned().unwrap_or_default(),
            None => self.township(m),
        }
    }

    /// A notice's line.
    pub fn row(&self, t: &Text, calendar: &Calendar, m: &notice::Model) -> NoticeRow {
        NoticeRow {
            id: m.id,
            number: m.number.clone().unwrap_or_else(|| t.unnumbered.to_owned()),
            kind: t.kind(m.kind.as_str()),
            state: t.state(m.state.as_str()),
            review: t.review(m.review_status.as_str()),
            site: self.place(m),
            township: self.township(m),
            addressee: self.addressee(m),
            deadline: m.deadline.map(|d| dates::day(t, d, calendar.today(chrono::Utc::now()))).unwrap_or_default(),
            issued: m.issued_at.map(|at| dates::moment(t, calendar, at)).unwrap_or_default(),
            overdue: is_overdue(m),
        }
    }
}

/// The lines of some notices.
pub async fn rows(
    db: &impl ConnectionTrait,
    t: &Text,
    calendar: &Calendar,
    notices: &[notice::Model],
) -> Result<Vec<NoticeRow>, DbErr> {
    let names = Names::load(db, notices).await?;
    Ok(notices.iter().map(|m| names.row(t, calendar, m)).collect())
}
