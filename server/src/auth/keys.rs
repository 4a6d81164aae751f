//! Signing keys for access tokens, kept in the database so every server
//! process signs and verifies with the same keys.
//!
//! The newest key that is not retired signs. Older keys keep verifying until
//! they are retired, so rotating (`fieldsync admin rotate-key`) logs nobody
//! out; retiring a key (`fieldsync admin retire-key`) refuses its tokens.
//! Each process reloads the keys every [`RELOAD_EVERY`] and when it meets an
//! unknown key id.

use std::{
    sync::RwLock,
    time::{Duration, Instant},
};

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::Utc;
use jsonwebtoken::{DecodingKey, EncodingKey};
use rand::RngCore;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::entity::signing_key::{self, Entity as SigningKeys};
use crate::db::Db;

/// How often a process re-reads the keys from the database.
pub const RELOAD_EVERY: Duration = Duration::from_secs(30);

#[derive(Clone)]
struct Key {
    kid: String,
    secret: Vec<u8>,
    retired: bool,
}

struct Loaded {
    keys: Vec<Key>,
    at: Instant,
}

/// The signing keys of the deployment.
pub struct KeyRing {
    loaded: RwLock<Loaded>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyRing([redacted])")
    }
}

impl KeyRing {
    /// Loads the keys, creating the first one if there is none.
    pub async fn load_or_create(db: &Db) -> Result<KeyRing, DbErr> {
        let mut keys = read_keys(db.read()).await?;
        if !keys.iter().any(|k| !k.retired) {
            rotate(db).await?;
            keys = read_keys(db.read()).await?;
        }
        Ok(KeyRing { loaded: RwLock::new(Loaded { keys, at: Instant::now() }) })
    }

    /// The key id and key to sign a new token with.
    pub fn signing_key(&self) -> Option<(String, EncodingKey)> {
        let loaded = self.loaded.read().ok()?;
        loaded.keys.iter().find(|k| !k.retired).map(|k| (k.kid.clone(), EncodingKey::from_secret(&k.secret)))
    }

    /// The key that verifies tokens with this key id, `None` if it is unknown
    /// or retired. Reloads from the database when stale or when the id is new.
    pub async fn verifying_key(&self, db: &Db, kid: &str) -> Result<Option<DecodingKey>, DbErr> {
        let (known, stale) = {
            let loaded = self.loaded.read().map_err(|_| DbErr::Custom("key ring poisoned".into()))?;
            (loaded.keys.iter().any(|k| k.kid == kid), loaded.at.elapsed() > RELOAD_EVERY)
        };
        // An unknown id reloads at most once a second, so forged ids cannot flood the database.
        let recently = self.loaded.read().map(|l| l.at.elapsed() < Duration::from_secs(1)).unwrap_or(true);
        if stale || (!known && !recently) {
            self.reload(db).await?;
        }
        let loaded = self.loaded.read().map_err(|_| DbErr::Custom("key ring poisoned".into()))?;
        Ok(loaded.keys.iter().find(|k| k.kid == kid && !k.retired).map(|k| DecodingKey::from_secret(&k.secret)))
    }

    /// Re-reads the keys from the database.
    pub async fn reload(&self, db: &Db) -> Result<(), DbErr> {
        let keys = read_keys(db.read()).await?;
        if let Ok(mut loaded) = self.loaded.write() {
            *loaded = Loaded { keys, at: Instant::now() };
        }
        Ok(())
    }
}

async fn read_keys(db: &impl ConnectionTrait) -> Result<Vec<Key>, DbErr> {
    let rows = SigningKeys::find().order_by_desc(signing_key::Column::CreatedAt).all(db).await?;
    rows.into_iter()
        .map(|row| {
            let secret = STANDARD.decode(row.secret).map_err(|e| DbErr::Custom(format!("bad signing key: {e}")))?;
            Ok(Key { kid: row.kid, secret, retired: row.retired_at.is_some() })
        })
        .collect()
}

/// Adds a new signing key, which signs from now on; returns its id.
pub async fn rotate(db: &Db) -> Result<String, DbErr> {
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let kid = format!("k{}", Utc::now().format("%Y%m%d%H%M%S%3f"));
    SigningKeys::insert(signing_key::ActiveModel {
        kid: Set(kid.clone()),
        secret: Set(STANDARD.encode(secret)),
        created_at: Set(Utc::now()),
        retired_at: Set(None),
    })
    .exec(db.write())
    .await?;
    Ok(kid)
}

/// Retires a key: tokens it signed are refused from the next reload on.
/// Returns whether the key existed and was active.
pub async fn retire(db: &Db, kid: &str) -> Result<bool, DbErr> {
    let result = SigningKeys::update_many()
        .col_expr(signing_key::Column::RetiredAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(signing_key::Column::Kid.eq(kid))
        .filter(signing_key::Column::RetiredAt.is_null())
        .exec(db.write())
        .await?;
    Ok(result.rows_affected == 1)
}
