//! Demo data for `fieldsync serve --demo`: a county in Hebei (清河县) with
//! its towns and villages, the housing bureau, two contractor companies,
//! construction sites, rural households, one user of each role, and some
//! work in progress: inspections, notices in each state, a patrol plan.
//!
//! The data is fixed (no randomness), loaded in one transaction and only
//! into an empty database: loading twice changes nothing, and a database
//! that holds other data is left alone. Everything devices receive (regions,
//! organisations, sites, households) is published to the change log in that
//! same transaction.

mod findings;
mod households;
mod photos;
mod regions;
mod sites;
mod users;
mod work;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::{
    blobs::Blobs,
    db::Db,
    directory::{
        households::entity::Entity as Households, organisations::entity::Entity as Organisations,
        regions::entity as region, sites::entity::Entity as Sites, users::entity as user,
    },
    error::ApiResult,
    notices::Calendar,
    sync::{Registry, Write},
};

pub use regions::COUNTY_CODE;
pub use users::PASSWORD;

/// What the database holds before loading.
enum Found {
    /// No directory data at all.
    Nothing,
    /// The demo, loaded before.
    Demo,
    /// Some other data: not ours to add to.
    Other,
}

async fn found(db: &impl ConnectionTrait) -> anyhow::Result<Found> {
    let admin = user::Entity::find().filter(user::Column::Username.eq("admin")).one(db).await?;
    let county = region::Entity::find().filter(region::Column::Code.eq(COUNTY_CODE)).one(db).await?;
    if admin.is_some() && county.is_some() {
        return Ok(Found::Demo);
    }
    let rows = region::Entity::find().count(db).await?
        + Organisations::find().count(db).await?
        + user::Entity::find().count(db).await?
        + Sites::find().count(db).await?
        + Households::find().count(db).await?;
    Ok(if rows == 0 { Found::Nothing } else { Found::Other })
}

/// Turns a repository error into one for the command line, keeping its details.
fn api<T>(result: ApiResult<T>) -> anyhow::Result<T> {
    result.map_err(|e| anyhow::anyhow!("{e:?}"))
}

/// Loads the demo data into an empty database, then prints the demo logins.
/// Does nothing (and says why) when the demo is already there or the
/// database holds other data.
pub async fn load(db: &Db, registry: &Registry, calendar: &Calendar, blobs: &Blobs) -> anyhow::Result<()> {
    // Checked inside the write transaction: on SQLite it holds the write
    // lock; on PostgreSQL a concurrent loader fails on the unique region code.
    let write = Write::begin(db).await?;
    match found(write.db()).await? {
        // Nothing was written or recorded: ending the transaction commits nothing.
        Found::Demo => {
            write.commit().await?;
            tracing::info!("demo data already loaded; nothing to do");
            print_banner();
            return Ok(());
        }
        Found::Other => {
            write.commit().await?;
            tracing::warn!("the database already holds data that is not the demo; demo data NOT loaded");
            return Ok(());
        }
        Found::Nothing => {}
    }
    let tree = regions::create_tree(&write).await?;
    let orgs = sites::create_organisations(&write, &tree).await?;
    let site_count = sites::create_sites(&write, &tree, &orgs).await?;
    let household_count = households::create_households(&write, &tree).await?;
    let user_count = users::create_users(write.db(), &tree, &orgs).await?;
    let (made, photos) = work::create_work(&write, registry, calendar, photos::Camera::new(blobs, calendar)).await?;
    write.commit().await?;
    for sha in &photos {
        blobs.thumbnails.enqueue(db.clone(), *sha, "image/jpeg".into());
    }
    tracing::info!(
        county = %tree.county.name,
        townships = tree.townships.len(),
        sites = site_count,
        households = household_count,
        users = user_count,
        inspections = made.inspections,
        notices = made.notices,
        renovations = made.renovations,
        photos = photos.len(),
        "demo data loaded"
    );
    print_banner();
    Ok(())
}

fn print_banner() {
    let rule = "=".repeat(72);
    println!("{rule}");
    println!(" fieldsync demo data: {} ({COUNTY_CODE})", regions::COUNTY_NAME);
    println!(" Demo users, all with the password  {PASSWORD}");
    for (username, role, scope) in users::logins() {
        println!("   {username:<12} {role:<11} {scope}");
    }
    println!(" WARNING: these accounts and this password are for demos only.");
    println!("          Never use --demo or the demo password in production.");
    println!("{rule}");
}

#[cfg(test)]
mod tests {
    /// Every demo source file, with the names of places and people and the captions it writes.
    const SOURCES: &[(&str, &str)] = &[
        ("regions.rs", include_str!("regions.rs")),
        ("sites.rs", include_str!("sites.rs")),
        ("households.rs", include_str!("households.rs")),
        ("users.rs", include_str!("users.rs")),
        ("findings.rs", include_str!("findings.rs")),
        ("work.rs", include_str!("work.rs")),
    ];

    #[test]
    fn the_photos_font_draws_every_character_the_demo_writes() {
        for (file, source) in SOURCES {
            let missing: String =
                source.chars().filter(|c| !c.is_ascii() && !demo_photos::can_draw(&c.to_string())).collect();
            assert!(missing.is_empty(), "{file}: run scripts/demo-font; the font lacks {missing}");
        }
    }
}
