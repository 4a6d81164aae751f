//! The built-in templates, stored at startup when missing: dust control
//! (the six 100%), construction quality and safety by JGJ 59, and the rural
//! building safety appraisal. They are data files, compiled in.

use chrono::{SubsecRound, Utc};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use sea_orm::EntityTrait;

use super::{
    entity::{Entity as Templates, Model},
    repo,
    status::Status,
};
use crate::{
    db::Db,
    error::ApiResult,
    sync::{SyncEngine, Write},
};

/// Id of version 1 of dust control, "six 100%" (`six_100`).
pub const DUST_CONTROL_V1: Uuid = Uuid::from_u128(0x0193a000_0000_7000_8000_000000000001);
/// Id of version 1 of construction quality and safety by JGJ 59 (`jgj59`).
pub const QUALITY_SAFETY_V1: Uuid = Uuid::from_u128(0x0193a000_0000_7000_8000_000000000002);
/// Id of version 1 of the rural building safety appraisal (`rural_appraisal`).
pub const RURAL_APPRAISAL_V1: Uuid = Uuid::from_u128(0x0193a000_0000_7000_8000_000000000003);
/// Id of version 2 of construction quality and safety by JGJ 59 (`jgj59`):
/// the fastener scaffold and disk-lock scaffold tables as in JGJ 59-2011,
/// and 多塔作业 that may be not applicable. It retires version 1.
pub const QUALITY_SAFETY_V2: Uuid = Uuid::from_u128(0x0193a000_0000_7000_8000_000000000004);
/// Id of version 2 of dust control (`six_100`): version 1 with the article
/// of the Air Pollution Prevention and Control Law each item enforces and
/// the notice's legal basis. It retires version 1.
pub const DUST_CONTROL_V2: Uuid = Uuid::from_u128(0x0193a000_0000_7000_8000_000000000005);
/// Id of version 3 of construction quality and safety by JGJ 59 (`jgj59`):
/// version 2 with the JGJ 59-2011 section each item belongs to as its
/// clause and the notice's legal basis. It retires version 2.
pub const QUALITY_SAFETY_V3: Uuid = Uuid::from_u128(0x0193a000_0000_7000_8000_000000000006);

/// The built-in template files.
pub const FILES: &[(&str, &str)] = &[
    ("dust_control.six_100.v1.json", include_str!("../../templates/dust_control.six_100.v1.json")),
    ("quality_safety.jgj59.v1.json", include_str!("../../templates/quality_safety.jgj59.v1.json")),
    (
        "rural_appraisal.rural_appraisal.v1.json",
        include_str!("../../templates/rural_appraisal.rural_appraisal.v1.json"),
    ),
    // After version 1, which it retires when stored.
    ("quality_safety.jgj59.v2.json", include_str!("../../templates/quality_safety.jgj59.v2.json")),
    // Clauses and legal basis, after the versions they retire.
    ("dust_control.six_100.v2.json", include_str!("../../templates/dust_control.six_100.v2.json")),
    ("quality_safety.jgj59.v3.json", include_str!("../../templates/quality_safety.jgj59.v3.json")),
];

/// One built-in template file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    /// Fixed id, the same on every server (spec examples and tests name it).
    pub id: Uuid,
    /// Inspection kind.
    pub kind: String,
    /// Code.
    pub code: String,
    /// Version.
    pub version: i32,
    /// Body.
    pub body: Value,
}

/// Reads a built-in file.
pub fn parse(text: &str) -> Result<SeedFile, serde_json::Error> {
    serde_json::from_str(text)
}

/// Stores and publishes the built-in templates the database lacks, in one
/// transaction, each retiring the earlier version of its code; does nothing
/// when all are there. Two processes starting on
/// a new database at once both try: the loser's insert breaks a unique
/// key, and it finds the winner's templates there.
pub async fn ensure(db: &Db, sync: &SyncEngine) -> anyhow::Result<()> {
    match store_missing(db, sync).await {
        Ok(()) => Ok(()),
        Err(error) if all_present(db).await? => {
            tracing::info!(error = %error, "built-in checklist templates stored by another process");
            Ok(())
        }
        Err(error) => Err(error),
    }
}

fn files() -> anyhow::Result<Vec<SeedFile>> {
    FILES.iter().map(|(name, text)| parse(text).map_err(|e| anyhow::anyhow!("built-in template {name}: {e}"))).collect()
}

async fn all_present(db: &Db) -> anyhow::Result<bool> {
    for file in files()? {
        if Templates::find_by_id(file.id).one(db.read()).await?.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}

async fn store_missing(db: &Db, sync: &SyncEngine) -> anyhow::Result<()> {
    let write = Write::begin(db).await?;
    let mut added = 0;
    for file in files()? {
        let now = Utc::now().trunc_subsecs(6);
        let model = Model {
            id: file.id,
            kind: file.kind,
            code: file.code,
            version: file.version,
            status: Status::Published.as_str().into(),
            body: crate::db::typed::Json(file.body.clone()),
            created_by: None,
            created_at: now,
            published_at: Some(now),
            updated_at: now,
        };
        if stored(repo::insert_published(&write, model).await)? {
            added += 1;
        }
    }
    if added > 0 {
        sync.commit(write).await?;
        tracing::info!(templates.added = added, "built-in checklist templates stored");
    }
    Ok(())
}

fn stored(result: ApiResult<bool>) -> anyhow::Result<bool> {
    result.map_err(|e| anyhow::anyhow!("storing a built-in template: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::{body::TemplateBody, check};

    #[test]
    fn every_built_in_template_passes_the_publication_rules() {
        for (name, text) in FILES {
            let file = parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let body: TemplateBody = serde_json::from_value(file.body).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(check::check(&body), Ok(()), "{name}");
            assert!(name.starts_with(&format!("{}.{}.v{}", file.kind, file.code, file.version)), "{name}");
        }
    }

    #[test]
    fn the_jgj59_templates_have_the_nineteen_tables_and_the_summary_weights() {
        for index in [1, 3] {
            let file = parse(FILES[index].1).expect("parses");
            let body: TemplateBody = serde_json::from_value(file.body).expect("a body");
            assert_eq!(body.sections.len(), 19);
            let weights: Vec<f64> = body.categories.iter().map(|c| c.weight).collect();
            assert_eq!(weights, [10.0, 15.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 5.0]);
        }
        let v2 = parse(FILES[3].1).expect("parses");
        assert_eq!((v2.id, v2.code.as_str(), v2.version), (QUALITY_SAFETY_V2, "jgj59", 2));
    }

    fn body(index: usize) -> (SeedFile, TemplateBody) {
        let file = parse(FILES[index].1).expect("parses");
        let body = serde_json::from_value(file.body.clone()).expect("a body");
        (file, body)
    }

    /// Clauses and the legal basis are the only change from the version
    /// retired: the same items, answered and scored the same way.
    #[test]
    fn the_versions_with_clauses_change_nothing_but_the_clauses_and_the_legal_basis() {
        for (before, after, id) in [(0, 4, DUST_CONTROL_V2), (3, 5, QUALITY_SAFETY_V3)] {
            let ((old_file, old), (new_file, mut new)) = (body(before), body(after));
            assert_eq!((new_file.id, &new_file.code, new_file.version), (id, &old_file.code, old_file.version + 1));
            assert!(new.legal_basis.is_some(), "{}: a legal basis", new_file.code);
            new.legal_basis = None;
            for section in &mut new.sections {
                for item in &mut section.items {
                    item.clause = None;
                }
            }
            assert_eq!(new, old, "{}", new_file.code);
        }
        let (_, dust) = body(4);
        let cited: Vec<&str> = dust.items().filter(|(_, i)| i.clause.is_some()).map(|(_, i)| i.id.as_str()).collect();
        assert_eq!(cited.len(), 9, "every six-100% item but the monitor's cites the law: {cited:?}");
        let (_, jgj59) = body(5);
        let unclaused: Vec<&str> =
            jgj59.items().filter(|(_, i)| i.clause.is_none()).map(|(_, i)| i.id.as_str()).collect();
        assert!(unclaused.is_empty(), "every JGJ 59 item cites its section: {unclaused:?}");
        let crane = jgj59.item("tower_crane_load_limiter").and_then(|(_, i)| i.clause.as_ref()).expect("a clause");
        assert_eq!(crane.zh, "《建筑施工安全检查标准》JGJ 59-2011 第3.16节 塔式起重机 保证项目");
    }
}
