//! CSV import of sites and households: all rows or none.

use fieldsync_tests::{Backend, Reply, TestApp, db_tests};
use serde_json::{Value, json};

use crate::{
    directory_households::{bad_check_digit, household, id_number},
    directory_organisations::{CREDIT_CODE, column, error_fields},
};

/// Posts a file to `/v1/admin/<kind>/import`.
pub async fn import(app: &TestApp, token: &str, kind: &str, file: impl Into<Vec<u8>>) -> Reply {
    let request = app
        .http
        .post(app.url(&format!("/v1/admin/{kind}/import")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(file.into());
    TestApp::read(request).await
}

/// How many records of `kind` the caller can list.
async fn count(app: &TestApp, token: &str, kind: &str) -> usize {
    let reply = app.get(&format!("/v1/admin/{kind}?limit=500"), token).await;
    reply.expect(200)["items"].as_array().unwrap().len()
}

/// The line numbers of an `import_failed` answer.
pub fn failed_lines(reply: &Reply) -> Vec<u64> {
    reply.expect_error(422, "import_failed");
    let rows = reply.body["error"]["details"]["rows"].as_array().unwrap();
    rows.iter().map(|r| r["line"].as_u64().unwrap()).collect()
}

/// The invalid fields of the row on `line` of an `import_failed` answer.
fn row_fields(reply: &Reply, line: u64) -> Vec<String> {
    let rows = reply.body["error"]["details"]["rows"].as_array().unwrap();
    let row = rows.iter().find(|r| r["line"] == line).unwrap_or_else(|| panic!("no line {line}: {}", reply.text));
    error_fields(row)
}

/// The error code on `field` in the row on `line`.
pub fn row_code(reply: &Reply, line: u64, field: &str) -> String {
    let rows = reply.body["error"]["details"]["rows"].as_array().unwrap();
    let row = rows.iter().find(|r| r["line"] == line).unwrap_or_else(|| panic!("no line {line}: {}", reply.text));
    let fields = row["fields"].as_array().unwrap();
    let found = fields.iter().find(|f| f["field"] == field).unwrap_or_else(|| panic!("no {field}: {}", reply.text));
    found["code"].as_str().unwrap().to_owned()
}

/// A households file in GBK, as a county's spreadsheet saves it: Chinese
/// headers, a label for the category and `C级` for the grade. ID numbers
/// 130101198001019000 and 130101198001019019, village 130101001.
const GBK_HOUSEHOLDS: &[u8] =
    b"\xbb\xa7\xd6\xf7\xd0\xd5\xc3\xfb,\xc9\xed\xb7\xdd\xd6\xa4\xba\xc5,\xb4\xe5\xb4\xfa\xc2\xeb,\
\xbb\xa7\xc0\xe0\xb1\xf0,\xb0\xb2\xc8\xab\xb5\xc8\xbc\xb6,\xc8\xcb\xbf\xda\r\n\
\xd5\xc5\xc8\xfd,130101198001019000,130101001,\xb5\xcd\xb1\xa3\xbb\xa7,C\xbc\xb6,4\r\n\
\xc0\xee\xcb\xc4,130101198001019019,130101001,\xb7\xd6\xc9\xa2\xb9\xa9\xd1\xf8\xcc\xd8\xc0\xa7\xc8\xcb\xd4\xb1,,1\r\n";

db_tests! {
    async fn a_good_households_file_imports_every_row(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let file = format!(
            "head_name,id_number,phone,region_code,category,grade,address,members\n\
             Zhang,{},13800138000,130101001,minimum_allowance,A,Group 1,3\n\
             Li,{},,130101001,一般户,d,,\n\
             \"Wang, Jr.\",{},,130102001,低保边缘家庭,,\"Group 2\nEast\",5\n",
            id_number(1), id_number(2).to_lowercase(), id_number(3)
        );

        let reply = import(&app, &admin, "households", file).await;
        let list = app.get("/v1/admin/households", &admin).await;

        assert_eq!(reply.expect(200), &json!({"imported": 3, "skipped": 0}));
        let list = list.expect(200);
        assert_eq!(column(list, "head_name"), ["Zhang", "Li", "Wang, Jr."]);
        assert_eq!(column(list, "category"), ["minimum_allowance", "general", "marginal_minimum_allowance"]);
        assert_eq!(column(list, "grade"), ["A", "D", ""]);
        assert_eq!(list["items"][2]["address"], "Group 2\nEast");
    }

    async fn a_households_file_with_two_broken_rows_stores_nothing_and_names_those_lines(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        app.post("/v1/admin/households", &admin, &household("Stored", 50, seeded.village1)).await.expect(201);
        let before = count(&app, &admin, "households").await;
        let file = format!(
            "head_name,id_number,region_code,category\n\
             A,{},130101001,general\n\
             B,{},130101001,general\n\
             C,{},130101001,general\n\
             D,{},999999,general\n\
             E,{},130101001,general\n",
            id_number(1), bad_check_digit(2), id_number(3), id_number(4), id_number(5)
        );

        let reply = import(&app, &admin, "households", file).await;
        let after = count(&app, &admin, "households").await;

        assert_eq!(failed_lines(&reply), [3, 5]);
        assert_eq!(row_code(&reply, 3, "id_number"), "bad_check_digit");
        assert_eq!(row_code(&reply, 5, "region_code"), "not_found");
        assert_eq!((before, after), (1, 1), "nothing is stored");
    }

    async fn a_gbk_encoded_households_file_with_chinese_headers_imports(app) {
        app.seed().await;
        let admin = app.token("admin").await;

        let reply = import(&app, &admin, "households", GBK_HOUSEHOLDS).await;
        let list = app.get("/v1/admin/households", &admin).await;

        assert_eq!(reply.expect(200)["imported"], 2);
        let list = list.expect(200);
        assert_eq!(column(list, "head_name"), ["张三", "李四"]);
        assert_eq!(column(list, "category"), ["minimum_allowance", "scattered_support_extremely_poor"]);
        assert_eq!(column(list, "grade"), ["C", ""]);
        assert_eq!(list["items"][0]["members"], 4);
    }

    async fn a_utf8_file_with_a_bom_and_chinese_headers_imports(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let file = format!("\u{feff}户主姓名,身份证号,村代码,户类别\n赵六,{},130101001,其他脱贫户\n", id_number(9));

        let reply = import(&app, &admin, "households", file).await;

        assert_eq!(reply.expect(200)["imported"], 1);
    }

    async fn an_id_number_already_stored_or_twice_in_the_file_fails_its_rows(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        app.post("/v1/admin/households", &admin, &household("Stored", 1, seeded.village1)).await.expect(201);
        let file = format!(
            "head_name,id_number,region_code,category\n\
             A,{},130101001,general\n\
             B,{},130101001,general\n\
             C,{},130101001,general\n",
            id_number(1), id_number(2), id_number(2)
        );

        let reply = import(&app, &admin, "households", file).await;

        assert_eq!(failed_lines(&reply), [2, 4]);
        assert_eq!(row_code(&reply, 2, "id_number"), "taken");
        assert_eq!(row_code(&reply, 4, "id_number"), "duplicate_in_file");
    }

    async fn an_unknown_column_header_is_reported(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let file = format!("head_name,id_number,region_code,category,colour\nA,{},130101001,general,red\n", id_number(1));

        let reply = import(&app, &admin, "households", file).await;

        assert_eq!(failed_lines(&reply), [1]);
        assert_eq!(row_code(&reply, 1, "colour"), "unknown_column");
        assert_eq!(count(&app, &admin, "households").await, 0);
    }

    async fn a_missing_required_column_is_reported(app) {
        app.seed().await;
        let admin = app.token("admin").await;

        let households = import(&app, &admin, "households", "户主姓名,村代码,户类别\nA,130101001,一般户\n").await;
        let sites = import(&app, &admin, "sites", "name,address\nA,Road\n").await;

        assert_eq!(failed_lines(&households), [1]);
        assert_eq!(row_fields(&households, 1), ["id_number"]);
        assert_eq!(row_code(&households, 1, "id_number"), "required");
        assert_eq!(failed_lines(&sites), [1]);
        assert_eq!(row_fields(&sites, 1), ["project_type", "region_code"]);
    }

    async fn a_good_sites_file_imports_every_row(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let company = app.post("/v1/admin/organisations", &admin,
            &json!({"kind": "contractor", "name": "Coded Builder", "credit_code": CREDIT_CODE})).await;
        let company = company.expect(201)["id"].clone();
        let file = format!(
            "项目名称,地址,项目类型,施工单位,区域代码,施工许可证号,状态,纬度,经度\n\
             North Bridge,River Road,市政工程,{CREDIT_CODE},130101001,P-1,在建,37.1,115.2\n\
             Town Hall,Main Street,housing,Company A,130101,P-2,planned,,\n\
             Canal,Canal Road,水利,,130102001,,,,\n"
        );

        let reply = import(&app, &admin, "sites", file).await;
        let list = app.get("/v1/admin/sites", &admin).await;

        assert_eq!(reply.expect(200)["imported"], 3);
        let list = list.expect(200);
        assert_eq!(column(list, "name"), ["North Bridge", "Town Hall", "Canal"]);
        assert_eq!(column(list, "project_type"), ["municipal", "housing", "water"]);
        assert_eq!(column(list, "status"), ["active", "planned", "active"]);
        assert_eq!(list["items"][0]["contractor_id"], company);
        assert_eq!(list["items"][0]["latitude"], 37.1);
        assert_ne!(list["items"][1]["contractor_id"], Value::Null);
        assert_eq!(list["items"][2]["contractor_id"], Value::Null);
    }

    async fn a_sites_file_with_two_broken_rows_stores_nothing_and_names_those_lines(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let file = "name,address,project_type,region_code,permit_number,contractor\n\
                    A,Road,housing,130101001,P-1,\n\
                    B,Road,housing,130101001,P-1,\n\
                    C,Road,housing,130101001,P-3,Company A\n\
                    D,Road,bridge,130100,P-4,Nobody Ltd\n";

        let reply = import(&app, &admin, "sites", file).await;

        assert_eq!(failed_lines(&reply), [3, 5]);
        assert_eq!(row_code(&reply, 3, "permit_number"), "duplicate_in_file");
        assert_eq!(row_fields(&reply, 5), ["project_type", "region_code", "contractor"]);
        assert_eq!(row_code(&reply, 5, "region_code"), "wrong_region_level");
        assert_eq!(count(&app, &admin, "sites").await, 0, "nothing is stored");
    }

    async fn a_township_supervisor_cannot_import_into_another_township(app) {
        app.seed().await;
        let supervisor1 = app.token("supervisor1").await;
        let file = format!(
            "head_name,id_number,region_code,category\nA,{},130101001,general\nB,{},130102001,general\n",
            id_number(1), id_number(2)
        );

        let reply = import(&app, &supervisor1, "households", file).await;

        assert_eq!(failed_lines(&reply), [3]);
        assert_eq!(row_code(&reply, 3, "region_code"), "not_found");
        assert_eq!(count(&app, &supervisor1, "households").await, 0);
    }

    async fn inspectors_are_forbidden_to_import(app) {
        app.seed().await;
        let inspector = app.token("inspector").await;

        let households = import(&app, &inspector, "households", "head_name\n").await;
        let sites = import(&app, &inspector, "sites", "name\n").await;

        households.expect_error(403, "forbidden");
        sites.expect_error(403, "forbidden");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_over_the_import_limit_is_refused_with_413() {
    let app = TestApp::spawn_with(Backend::Sqlite, |settings| settings.http.max_import_bytes = 256).await;
    app.seed().await;
    let admin = app.token("admin").await;
    let row = format!("A,{},130101001,general\n", id_number(1));
    let file = format!("head_name,id_number,region_code,category\n{}", row.repeat(20));

    let reply = import(&app, &admin, "households", file).await;

    reply.expect_error(413, "payload_too_large");
    app.stop().await;
}
