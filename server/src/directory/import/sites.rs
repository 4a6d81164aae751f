//! `POST /v1/admin/sites/import`: construction sites from a CSV file.

use std::collections::{BTreeSet, HashMap, HashSet};

use axum::{body::Body, extract::State};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{
    ImportSummary,
    store::{self, Importer},
    table::{self, Column, FirstSeen, Row},
};
use crate::{
    app::AppState,
    auth::AuthUser,
    directory::{
        organisations::{CreditCode, entity as organisation, repo::CONTRACTOR},
        regions::entity::Model as Region,
        sites::{
            entity as site, kinds,
            placement::Lookup,
            repo,
            validate::{self, NewSite, SiteInput, SiteRefs},
        },
    },
    error::{ApiResult, Reason},
    http::{
        json::Json,
        openapi::{AuthErrors, ErrorEnvelopeDoc},
        validate::Check,
    },
    policy::{DirectoryAdmin, directory_admin},
    sync::Write,
};

/// The columns of a sites file.
const COLUMNS: &[Column] = &[
    Column { field: "name", aliases: &["项目名称", "工程名称"], required: true },
    Column { field: "address", aliases: &["地址", "项目地址"], required: true },
    Column { field: "project_type", aliases: &["项目类型", "工程类型"], required: true },
    Column { field: "contractor", aliases: &["施工单位"], required: false },
    Column { field: "region_code", aliases: &["区域代码", "村代码"], required: true },
    Column { field: "permit_number", aliases: &["施工许可证号"], required: false },
    Column { field: "owner_unit", aliases: &["建设单位"], required: false },
    Column { field: "supervision_unit", aliases: &["监理单位"], required: false },
    Column { field: "status", aliases: &["状态"], required: false },
    Column { field: "latitude", aliases: &["纬度"], required: false },
    Column { field: "longitude", aliases: &["经度"], required: false },
];

/// Imports construction sites from a CSV file (UTF-8 or GBK): every row, or
/// none when one is bad; a row stored already is skipped.
///
/// Columns, by field name or Chinese header: `name` 项目名称, `address` 地址,
/// `project_type` 项目类型 (code or label such as 市政工程), `region_code`
/// 区域代码 (a township or village), and optionally `contractor` 施工单位
/// (credit code or exact name), `permit_number` 施工许可证号, `owner_unit`
/// 建设单位, `supervision_unit` 监理单位, `status` 状态, `latitude` 纬度,
/// `longitude` 经度.
#[utoipa::path(post, path = "/v1/admin/sites/import", tag = "directory", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", description = "The file, header row first"),
    responses((status = 200, body = ImportSummary),
        (status = 413, description = "File too large (`payload_too_large`)", body = ErrorEnvelopeDoc),
        (status = 422, description = "Bad header or rows, nothing stored (`import_failed`, `details.rows`)", body = ErrorEnvelopeDoc),
        AuthErrors))]
pub async fn import_sites(State(state): State<AppState>, user: AuthUser, body: Body) -> ApiResult<Json<ImportSummary>> {
    let admin = directory_admin(&user)?;
    let table = table::read_csv(body, state.settings.http.max_import_bytes, COLUMNS).await?;
    store::import(&state, &table, || Sites { admin: admin.clone(), permits_seen: FirstSeen::default() }).await
}

/// Imports sites as a directory admin.
struct Sites {
    admin: DirectoryAdmin,
    permits_seen: FirstSeen,
}

/// What the rows of a chunk name.
struct Named {
    regions: HashMap<String, Region>,
    contractors: Contractors,
    stored_permits: BTreeSet<String>,
}

impl Importer for Sites {
    type Record = NewSite;
    type Lookups = Named;
    const NAMESPACE: Uuid = Uuid::from_u128(0x6a0e_5f3c_1d2b_4c7a_9e81_2f44_0b6d_a731);
    const TABLE: &'static str = "sites";

    async fn stored(&self, db: &impl ConnectionTrait, keys: &[Uuid]) -> ApiResult<HashSet<Uuid>> {
        table::stored_keys::<site::Entity>(db, site::Column::ImportKey, keys).await
    }

    async fn lookups(&self, db: &impl ConnectionTrait, rows: &[Row]) -> ApiResult<Named> {
        let permits = rows.iter().filter_map(|r| r.get("permit_number")).map(str::to_owned);
        let stored_permits = table::find_in::<site::Entity>(db, site::Column::PermitNumber, permits.collect())
            .await?
            .into_iter()
            .filter_map(|s| s.permit_number)
            .collect();
        Ok(Named {
            regions: table::regions_by_code(db, rows, "region_code").await?,
            contractors: Contractors::load(db, rows).await?,
            stored_permits,
        })
    }

    fn check(&mut self, row: &Row, named: &Named, check: &mut Check) -> Option<NewSite> {
        let input = SiteInput {
            name: row.text("name"),
            address: row.text("address"),
            latitude: row.number(check, "latitude"),
            longitude: row.number(check, "longitude"),
            project_type: row.coded("project_type", kinds::project_type_code),
            permit_number: row.get("permit_number").map(str::to_owned),
            owner_unit: row.get("owner_unit").map(str::to_owned),
            supervision_unit: row.get("supervision_unit").map(str::to_owned),
            status: row.get("status").map(|_| row.coded("status", kinds::status_code)),
        };
        let region = row.lookup("region_code", &named.regions);
        let contractor = match row.get("contractor") {
            Some(text) => named.contractors.find(text).unwrap_or_else(|reason| {
                check.fail("contractor", reason);
                Lookup::Absent
            }),
            None => Lookup::Absent,
        };
        let refs = SiteRefs { region_field: "region_code", region, contractor_field: "contractor", contractor };
        let new = validate::check_new(check, &self.admin, &input, refs);
        if let Some(permit) = row.get("permit_number") {
            self.permits_seen.note(check, "permit_number", permit, row.line);
            if named.stored_permits.contains(permit) {
                check.fail("permit_number", Reason::Taken);
            }
        }
        new
    }

    async fn insert(write: &Write, records: Vec<(Uuid, NewSite)>) -> ApiResult<()> {
        repo::insert_many(write, records).await
    }
}

/// The organisations the rows name as contractors, by credit code and by name.
struct Contractors {
    by_code: HashMap<String, organisation::Model>,
    by_name: HashMap<String, Vec<organisation::Model>>,
}

impl Contractors {
    async fn load(db: &impl ConnectionTrait, rows: &[Row]) -> ApiResult<Contractors> {
        let texts: BTreeSet<String> = rows.iter().filter_map(|r| r.get("contractor")).map(str::to_owned).collect();
        let codes: BTreeSet<String> =
            texts.iter().filter_map(|t| CreditCode::parse(t)).map(CreditCode::into_string).collect();
        let mut by_code = HashMap::new();
        for org in table::find_in::<organisation::Entity>(db, organisation::Column::CreditCode, codes).await? {
            if let Some(code) = org.credit_code.clone() {
                by_code.insert(code, org);
            }
        }
        let mut by_name: HashMap<String, Vec<organisation::Model>> = HashMap::new();
        let named = table::find_in::<organisation::Entity>(db, organisation::Column::Name, texts);
        // A name is looked for among contractor companies only.
        for org in named.await?.into_iter().filter(|o| o.kind == CONTRACTOR) {
            by_name.entry(org.name.clone()).or_default().push(org);
        }
        Ok(Contractors { by_code, by_name })
    }

    /// The organisation a cell names: by credit code first, then by exact name.
    fn find(&self, text: &str) -> Result<Lookup<'_, organisation::Model>, Reason> {
        if let Some(org) = CreditCode::parse(text).and_then(|c| self.by_code.get(c.as_str())) {
            return Ok(Lookup::Found(org));
        }
        match self.by_name.get(text).map(Vec::as_slice) {
            None | Some([]) => Ok(Lookup::Missing),
            Some([org]) => Ok(Lookup::Found(org)),
            Some(_) => Err(Reason::Rule {
                code: "ambiguous",
                en: "Several contractor companies have this name; give the credit code.".into(),
                zh: "多家施工企业同名，请填写统一社会信用代码。".into(),
            }),
        }
    }
}
