//! `POST /v1/admin/households/import`: rural households from a CSV file.

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
        households::{
            category, entity as household,
            id_number::IdNumber,
            repo,
            validate::{self, HouseholdInput, NewHousehold},
        },
        regions::entity::Model as Region,
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

/// The columns of a households file.
const COLUMNS: &[Column] = &[
    Column { field: "head_name", aliases: &["户主姓名", "户主"], required: true },
    Column { field: "id_number", aliases: &["身份证号", "身份证号码"], required: true },
    Column { field: "phone", aliases: &["联系电话", "电话"], required: false },
    Column { field: "region_code", aliases: &["村代码", "区域代码"], required: true },
    Column { field: "category", aliases: &["户类别", "农户类别"], required: true },
    Column { field: "grade", aliases: &["安全等级", "鉴定等级"], required: false },
    Column { field: "address", aliases: &["地址"], required: false },
    Column { field: "members", aliases: &["人口", "家庭人口"], required: false },
];

/// Imports rural households from a CSV file (UTF-8 or GBK): every row, or
/// none when one is bad; a row stored already is skipped.
///
/// Columns, by field name or Chinese header: `head_name` 户主姓名,
/// `id_number` 身份证号, `region_code` 村代码 (a village), `category` 户类别
/// (code or label such as 低保户), and optionally `phone` 联系电话, `grade`
/// 安全等级 (`A`–`D`), `address` 地址, `members` 人口. An ID number already
/// stored, or twice in the file, fails its row.
#[utoipa::path(post, path = "/v1/admin/households/import", tag = "directory", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", description = "The file, header row first"),
    responses((status = 200, body = ImportSummary),
        (status = 413, description = "File too large (`payload_too_large`)", body = ErrorEnvelopeDoc),
        (status = 422, description = "Bad header or rows, nothing stored (`import_failed`, `details.rows`)", body = ErrorEnvelopeDoc),
        AuthErrors))]
pub async fn import_households(
    State(state): State<AppState>,
    user: AuthUser,
    body: Body,
) -> ApiResult<Json<ImportSummary>> {
    let admin = directory_admin(&user)?;
    let table = table::read_csv(body, state.settings.http.max_import_bytes, COLUMNS).await?;
    store::import(&state, &table, || Households { admin: admin.clone(), numbers_seen: FirstSeen::default() }).await
}

/// Imports households as a directory admin.
struct Households {
    admin: DirectoryAdmin,
    numbers_seen: FirstSeen,
}

/// What the rows of a chunk name.
struct Named {
    regions: HashMap<String, Region>,
    stored_numbers: BTreeSet<String>,
}

impl Importer for Households {
    type Record = NewHousehold;
    type Lookups = Named;
    const NAMESPACE: Uuid = Uuid::from_u128(0x3c1f_9b27_8e4d_4a06_b5d2_71e9_c804_5f1b);
    const TABLE: &'static str = "households";

    async fn stored(&self, db: &impl ConnectionTrait, keys: &[Uuid]) -> ApiResult<HashSet<Uuid>> {
        table::stored_keys::<household::Entity>(db, household::Column::ImportKey, keys).await
    }

    async fn lookups(&self, db: &impl ConnectionTrait, rows: &[Row]) -> ApiResult<Named> {
        let numbers: BTreeSet<String> =
            rows.iter().filter_map(|r| IdNumber::parse(r.get("id_number")?).ok()).map(IdNumber::into_string).collect();
        let stored_numbers = table::find_in::<household::Entity>(db, household::Column::IdNumber, numbers)
            .await?
            .into_iter()
            .map(|h| h.id_number)
            .collect();
        Ok(Named { regions: table::regions_by_code(db, rows, "region_code").await?, stored_numbers })
    }

    fn check(&mut self, row: &Row, named: &Named, check: &mut Check) -> Option<NewHousehold> {
        let input = HouseholdInput {
            head_name: row.text("head_name"),
            id_number: row.text("id_number"),
            phone: row.get("phone").map(str::to_owned),
            category: row.coded("category", category::category_code),
            grade: row.get("grade").map(|_| row.coded("grade", category::grade_code)),
            address: row.get("address").map(str::to_owned),
            members: row.number(check, "members"),
        };
        let region = row.lookup("region_code", &named.regions);
        let new = validate::check_new(check, &self.admin, &input, "region_code", region);
        if let Ok(number) = IdNumber::parse(&input.id_number) {
            self.numbers_seen.note(check, "id_number", number.as_str(), row.line);
            if named.stored_numbers.contains(number.as_str()) {
                check.fail("id_number", Reason::Taken);
            }
        }
        new
    }

    async fn insert(write: &Write, records: Vec<(Uuid, NewHousehold)>) -> ApiResult<()> {
        repo::insert_many(write, records).await
    }
}
