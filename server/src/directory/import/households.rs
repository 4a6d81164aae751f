//! `POST /v1/admin/households/import`: rural households from a CSV file.

use std::collections::BTreeSet;

use axum::{body::Body, extract::State};

use super::{
    ImportSummary,
    table::{self, Column, FirstSeen, INSERT_CHUNK, RowErrors},
};
use crate::{
    app::AppState,
    auth::AuthUser,
    directory::{
        households::{
            category, entity as household,
            id_number::IdNumber,
            repo,
            validate::{self, HouseholdInput},
        },
        sites::placement::Lookup,
    },
    error::{ApiResult, Reason},
    http::{
        json::Json,
        openapi::{AuthErrors, ErrorEnvelopeDoc},
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

    let mut errors = RowErrors::default();
    let mut numbers_seen = FirstSeen::default();
    let mut households = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut check = row.check();
        let input = HouseholdInput {
            head_name: row.text("head_name"),
            id_number: row.text("id_number"),
            phone: row.get("phone").map(str::to_owned),
            category: row.coded("category", category::category_code),
            grade: row.get("grade").map(|_| row.coded("grade", category::grade_code)),
            address: row.get("address").map(str::to_owned),
            members: row.number(&mut check, "members"),
        };
        let region = match row.get("region_code") {
            Some(code) => Lookup::given(regions.get(code)),
            None => Lookup::Absent,
        };
        let new = validate::check_new(&mut check, &admin, &input, "region_code", region);
        if let Ok(number) = IdNumber::parse(&input.id_number) {
            numbers_seen.note(&mut check, "id_number", number.as_str(), row.line);
            if stored_numbers.contains(number.as_str()) {
                check.fail("id_number", Reason::Taken);
            }
        }
        match new {
            Some(new) if check.is_ok() => households.push(new),
            _ => errors.add(row.line, check.into_errors()),
        }
    }
    if let Err(error) = errors.finish() {
        // Nothing was written or recorded: end the transaction now (it
        // commits nothing) rather than on drop.
        write.commit().await?;
        return Err(error);
    }

    let imported = households.len() as u64;
    let mut households = households.into_iter().peekable();
    while households.peek().is_some() {
        repo::insert_many(&write, households.by_ref().take(INSERT_CHUNK).collect()).await?;
    }
    state.sync.commit(write).await?;
    Ok(Json(ImportSummary { imported }))
}
