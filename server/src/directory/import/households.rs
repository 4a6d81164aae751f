//! `POST /v1/admin/households/import`: rural households from a CSV file.

use std::collections::BTreeSet;

use axum::{body::Body, extract::State};

use super::{
    ImportSummary, store,
    table::{self, Column, FirstSeen, Row},
};
use crate::{
    app::AppState,
    auth::AuthUser,
    directory::households::{
        category, entity as household,
        id_number::IdNumber,
        repo,
        validate::{self, HouseholdInput},
    },
    error::{ApiResult, Reason},
    http::{
        json::Json,
        openapi::{AuthErrors, ErrorEnvelopeDoc},
        validate::Check,
    },
    policy::directory_admin,
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

/// Imports rural households from a CSV file (UTF-8 or GBK), all or none.
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
    let rows = table::read_csv(body, state.settings.http.max_import_bytes, COLUMNS).await?;
    let write = Write::begin(&state.db).await?;
    let db = write.db();
    let regions = table::regions_by_code(db, &rows, "region_code").await?;
    let numbers: BTreeSet<String> =
        rows.iter().filter_map(|r| IdNumber::parse(r.get("id_number")?).ok()).map(IdNumber::into_string).collect();
    let stored_numbers: BTreeSet<String> =
        table::find_in::<household::Entity>(db, household::Column::IdNumber, numbers)
            .await?
            .into_iter()
            .map(|h| h.id_number)
            .collect();

    let mut numbers_seen = FirstSeen::default();
    let check_row = |row: &Row, check: &mut Check| {
        let input = HouseholdInput {
            head_name: row.text("head_name"),
            id_number: row.text("id_number"),
            phone: row.get("phone").map(str::to_owned),
            category: row.coded("category", category::category_code),
            grade: row.get("grade").map(|_| row.coded("grade", category::grade_code)),
            address: row.get("address").map(str::to_owned),
            members: row.number(check, "members"),
        };
        let region = row.lookup("region_code", &regions);
        let new = validate::check_new(check, &admin, &input, "region_code", region);
        if let Ok(number) = IdNumber::parse(&input.id_number) {
            numbers_seen.note(check, "id_number", number.as_str(), row.line);
            if stored_numbers.contains(number.as_str()) {
                check.fail("id_number", Reason::Taken);
            }
        }
        new
    };
    store::check_and_store(&state, write, &rows, check_row, repo::insert_many).await
}
