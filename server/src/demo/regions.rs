//! The demo region tree: 清河县 with five towns (镇), four villages each.
//! Codes follow the national scheme: a town's code extends the county's,
//! a village's extends its town's.

use super::api;
use crate::{
    directory::regions::{self, Level, entity::Model as Region, repo::NewRegion},
    policy,
    sync::Write,
};

/// The county's code; the demo is present when this code is.
pub const COUNTY_CODE: &str = "130534";
/// The county's name.
pub const COUNTY_NAME: &str = "清河县";

/// A town: code suffix, name, and its villages as (code suffix, name).
type TownRow = (&'static str, &'static str, [(&'static str, &'static str); 4]);

const TOWNSHIPS: &[TownRow] = &[
    ("100", "葛仙庄镇", [("201", "葛仙庄村"), ("202", "张官屯村"), ("203", "北李庄村"), ("204", "前屯村")]),
    ("101", "连庄镇", [("201", "连庄村"), ("202", "孙家庄村"), ("203", "东王庄村"), ("204", "高庄村")]),
    ("102", "油坊镇", [("201", "油坊村"), ("202", "马屯村"), ("203", "刘家庄村"), ("204", "后杨庄村")]),
    ("103", "谢炉镇", [("201", "谢炉村"), ("202", "周庄村"), ("203", "南赵庄村"), ("204", "大刘庄村")]),
    ("104", "王官庄镇", [("201", "王官庄村"), ("202", "辛庄村"), ("203", "崔庄村"), ("204", "西郭庄村")]),
];

/// The name of the `index`-th demo town (0-based).
pub fn township_name(index: usize) -> &'static str {
    TOWNSHIPS.get(index).map_or("", |t| t.1)
}

/// A town with its villages.
#[derive(Debug)]
pub struct Township {
    /// The town.
    pub region: Region,
    /// Its villages, in code order.
    pub villages: Vec<Region>,
}

/// The whole demo tree.
#[derive(Debug)]
pub struct Tree {
    /// The county.
    pub county: Region,
    /// Its towns, in code order.
    pub townships: Vec<Township>,
}

async fn create(
    write: &Write,
    parent: Option<&Region>,
    level: Level,
    code: String,
    name: &str,
) -> anyhow::Result<Region> {
    let new = NewRegion { parent_id: parent.map(|p| p.id), level, code, name: name.to_owned() };
    api(regions::repo::create(write, &policy::system(), new).await)
}

/// Creates the county, its towns and their villages, published to devices.
pub async fn create_tree(write: &Write) -> anyhow::Result<Tree> {
    let county = create(write, None, Level::County, COUNTY_CODE.into(), COUNTY_NAME).await?;
    let mut townships = Vec::with_capacity(TOWNSHIPS.len());
    for (suffix, name, villages) in TOWNSHIPS {
        let code = format!("{}{suffix}", county.code);
        let town = create(write, Some(&county), Level::Township, code, name).await?;
        let mut created = Vec::with_capacity(villages.len());
        for (village_suffix, village_name) in villages {
            let code = format!("{}{village_suffix}", town.code);
            created.push(create(write, Some(&town), Level::Village, code, village_name).await?);
        }
        townships.push(Township { region: town, villages: created });
    }
    Ok(Tree { county, townships })
}
