//! Demo data.
use crate::db::Db;
/// Loads demo data into an empty database.
pub async fn load(_db: &Db) -> anyhow::Result<()> {
    Ok(())
}
