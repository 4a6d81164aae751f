//! The demo organisations (the bureau and two contractor companies) and
//! a dozen-odd construction sites spread over the towns.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use uuid::Uuid;

use super::{api, regions::Tree};
use crate::{
    directory::{
        organisations::{self, entity::Model as Organisation, repo::NewOrganisation},
        sites::{entity as site, record},
    },
    policy,
    sync::Write,
};

/// The bureau and the two contractor companies.
#[derive(Debug)]
pub struct Organisations {
    /// 清河县住房和城乡建设局.
    pub bureau: Organisation,
    /// Company A.
    pub company_a: Organisation,
    /// Company B.
    pub company_b: Organisation,
}

/// Name of contractor company A.
pub const COMPANY_A: &str = "河北清河建工集团有限公司";
/// Name of contractor company B.
pub const COMPANY_B: &str = "清河县恒泰建筑安装工程有限公司";

async fn organisation(
    write: &Write,
    tree: &Tree,
    kind: &str,
    name: &str,
    credit: &str,
    contact: (&str, &str),
) -> anyhow::Result<Organisation> {
    let new = NewOrganisation {
        kind: kind.to_owned(),
        name: name.to_owned(),
        credit_code: Some(credit.to_owned()),
        region_id: Some(tree.county.id),
        contact_name: Some(contact.0.to_owned()),
        contact_phone: Some(contact.1.to_owned()),
    };
    api(organisations::repo::create(write, &policy::system(), new).await)
}

/// Creates the bureau and the two contractor companies, published to devices.
pub async fn create_organisations(write: &Write, tree: &Tree) -> anyhow::Result<Organisations> {
    Ok(Organisations {
        bureau: organisation(
            write,
            tree,
            "bureau",
            "清河县住房和城乡建设局",
            "111305340001835620",
            ("赵卫东", "0319-8161234"),
        )
        .await?,
        company_a: organisation(write, tree, "contractor", COMPANY_A, "91130534MA0C7K2X1N", ("王建军", "0319-8172201"))
            .await?,
        company_b: organisation(write, tree, "contractor", COMPANY_B, "91130534MA0D3RT48R", ("刘海涛", "0319-8195568"))
            .await?,
    })
}

/// Rough centre (latitude, longitude) of each town, in town order.
const CENTRES: [(f64, f64); 5] =
    [(37.0720, 115.6680), (37.1080, 115.5900), (36.9850, 115.6250), (37.0100, 115.7450), (37.1500, 115.7000)];

/// A demo site: town index, name, address, project type, company (`'A'`
/// or `'B'`), status, offset from the town centre in 1/1000 degree, permit date.
type SiteRow = (usize, &'static str, &'static str, &'static str, char, &'static str, (i32, i32), &'static str);

#[rustfmt::skip]
const SITES: &[SiteRow] = &[
    (0, "城北棚户区改造安置小区3号楼", "清河县葛仙庄镇武松路北段88号", "housing", 'A', "active", (6, -4), "20240315"),
    (0, "羊绒小镇锦绣家园5号楼", "清河县葛仙庄镇羊绒大道236号", "housing", 'B', "active", (-3, 7), "20240422"),
    (0, "长江大道东延道路工程", "清河县葛仙庄镇长江大道东段", "transport", 'B', "active", (1, 12), "20240608"),
    (1, "连庄镇幸福家园小区2号楼", "清河县连庄镇幸福路16号", "housing", 'A', "active", (4, 3), "20240510"),
    (1, "连庄镇污水处理厂提标改造工程", "清河县连庄镇东环路南侧", "water", 'B', "active", (-6, 9), "20240703"),
    (2, "油坊镇S322省道改建工程", "清河县油坊镇S322省道K18+200至K24+600段", "transport", 'A', "active", (2, -10), "20240228"),
    (2, "油坊镇羊绒产业园标准化厂房1号车间", "清河县油坊镇产业园纬二路9号", "industrial", 'B', "active", (-5, 4), "20240819"),
    (2, "油坊镇农贸市场综合楼", "清河县油坊镇中心街31号", "other", 'A', "completed", (1, 1), "20230912"),
    (3, "谢炉镇卫生院门诊楼", "清河县谢炉镇健康路5号", "other", 'A', "planned", (3, -2), "20241105"),
    (3, "谢炉镇安居小区6号楼", "清河县谢炉镇安居路22号", "housing", 'B', "suspended", (-4, 5), "20240117"),
    (3, "谢炉镇雨污分流管网工程", "清河县谢炉镇镇区主干道沿线", "municipal", 'A', "active", (0, 8), "20240626"),
    (4, "王官庄镇供水管网改造工程", "清河县王官庄镇镇区及周边村街", "water", 'B', "active", (5, -6), "20240529"),
    (4, "王官庄镇和园小区1号楼", "清河县王官庄镇和园路10号", "housing", 'A', "completed", (-2, 3), "20230418"),
    (4, "王官庄镇汽配产业园仓储中心", "清河县王官庄镇汽配园经三路18号", "industrial", 'B', "active", (8, 2), "20240905"),
    (4, "王官庄镇中心街道路提升工程", "清河县王官庄镇中心街", "municipal", 'A', "active", (0, -3), "20240721"),
];

/// The owners (建设单位) of the demo's projects, in turn.
const OWNERS: [&str; 3] = ["清河县城市建设投资有限公司", "清河县羊绒小镇开发建设有限公司", "清河县交通运输局"];
/// The supervision companies (监理单位), in turn.
const SUPERVISORS: [&str; 2] = ["河北信达工程监理有限公司", "邢台市正元建设监理有限公司"];

/// Creates the demo construction sites, each in a town and built by company
/// A or B, published to devices.
pub async fn create_sites(write: &Write, tree: &Tree, orgs: &Organisations) -> anyhow::Result<usize> {
    let now = Utc::now();
    for (n, (town, name, address, kind, company, status, (dlat, dlon), permit_date)) in SITES.iter().enumerate() {
        let region = &tree.townships[*town].region;
        let (lat, lon) = CENTRES[*town];
        let contractor = if *company == 'A' { &orgs.company_a } else { &orgs.company_b };
        let model = site::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set((*name).to_owned()),
            address: Set((*address).to_owned()),
            latitude: Set(Some(lat + f64::from(*dlat) / 1000.0)),
            longitude: Set(Some(lon + f64::from(*dlon) / 1000.0)),
            project_type: Set((*kind).to_owned()),
            contractor_id: Set(Some(contractor.id)),
            region_id: Set(region.id),
            region_path: Set(region.path.clone()),
            // 施工许可证编号: county code, issue date, sequence, kind.
            permit_number: Set(
                (*status != "planned").then(|| format!("{}{permit_date}{:02}01", tree.county.code, n + 1))
            ),
            owner_unit: Set(Some(OWNERS[n % OWNERS.len()].to_owned())),
            supervision_unit: Set(Some(SUPERVISORS[n % SUPERVISORS.len()].to_owned())),
            status: Set((*status).to_owned()),
            disabled: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            import_key: Set(None),
        };
        let model = model.insert(write.db()).await?;
        record::publish(write, &model);
    }
    Ok(SITES.len())
}

#[cfg(test)]
mod tests {
    use crate::directory::{organisations::CreditCode, sites::kinds};

    #[test]
    fn demo_credit_codes_have_valid_check_characters() {
        for code in ["111305340001835620", "91130534MA0C7K2X1N", "91130534MA0D3RT48R"] {
            assert!(CreditCode::parse(code).is_some(), "{code}");
        }
    }

    #[test]
    fn demo_sites_use_known_project_types_and_statuses() {
        for (_, name, _, kind, _, status, _, _) in super::SITES {
            assert!(kinds::PROJECT_TYPES.contains(kind), "{name}: {kind}");
            assert!(kinds::STATUSES.contains(status), "{name}: {status}");
        }
    }
}
