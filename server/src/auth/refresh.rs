//! Refresh tokens: opaque, stored as SHA-256, rotated on every use. Using a
//! token a second time revokes its whole family (the sign-in), since one of
//! the two users must be a thief.

use std::collections::HashSet;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QuerySelect, Statement,
    sea_query::{Expr, Query},
};
use sha2::{Digest, Sha256};
use sync_protocol::ErrorCode;
use uuid::Uuid;

use super::entity::refresh_token::{self, Entity as RefreshTokens};
use crate::{directory::users::entity as user, error::ApiError};

/// The PostgreSQL channel on which a transaction that ends sessions says so,
/// for every server process to end the live streams of those sessions.
pub const SESSIONS_ENDED: &str = "fieldsync_sessions_ended";

/// How many sessions one lookup of [`live_sessions`] carries.
const LOOKUP_CHUNK: usize = 500;

/// A freshly issued refresh token: the secret goes to the client once.
#[derive(Debug)]
pub struct Issued {
    /// The token to hand to the client.
    pub token: String,
    /// The family (sign-in) it belongs to.
    pub family_id: Uuid,
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Issues a refresh token in a family (a new family for a new sign-in).
pub async fn issue(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    device_id: Option<Uuid>,
    family_id: Uuid,
    ttl_days: u64,
) -> Result<Issued, DbErr> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let now = Utc::now();
    RefreshTokens::insert(refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        family_id: Set(family_id),
        user_id: Set(user_id),
        device_id: Set(device_id),
        token_hash: Set(digest(&token)),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(ttl_days as i64)),
        used_at: Set(None),
        revoked_at: Set(None),
    })
    .exec(db)
    .await?;
    Ok(Issued { token, family_id })
}

/// Consumes a refresh token: marks it used and returns its row, or the error
/// to answer. A token used before revokes its family.
pub async fn consume(db: &impl ConnectionTrait, token: &str) -> Result<refresh_token::Model, ApiError> {
    let now = Utc::now();
    let row = RefreshTokens::find()
        .filter(refresh_token::Column::TokenHash.eq(digest(token)))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::RefreshTokenInvalid))?;
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(ApiError::new(ErrorCode::RefreshTokenInvalid));
    }
    // Mark it used only if nobody did yet: the check and the write are one statement.
    let marked = RefreshTokens::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if marked.rows_affected != 1 {
        revoke_family(db, row.family_id, now).await?;
        tracing::warn!(user.id = %row.user_id, session.id = %row.family_id, "refresh token reused; session revoked");
        return Err(ApiError::new(ErrorCode::RefreshTokenReused));
    }
    Ok(row)
}

/// Revokes every token of a family (logout, reuse): the session ends.
pub async fn revoke_family(db: &impl ConnectionTrait, family_id: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    RefreshTokens::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    announce_ended(db).await
}

/// Revokes every token of a user (disabled account, password reset): all
/// their sessions end.
pub async fn revoke_user(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    RefreshTokens::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    announce_ended(db).await
}

/// On PostgreSQL, tells every server process (once the caller's transaction
/// commits, as NOTIFY is delivered then) that sessions ended, whoever ended
/// them: a request or `fieldsync admin`. With SQLite there is one server
/// process; the caller tells it after the commit.
async fn announce_ended(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        let notify = "SELECT pg_notify($1, '')";
        db.execute_raw(Statement::from_sql_and_values(DatabaseBackend::Postgres, notify, [SESSIONS_ENDED.into()]))
            .await?;
    }
    Ok(())
}

/// Whether a sign-in is still on: a token of its family is neither revoked
/// nor expired. Every bearer request asks, so a session ended by sign-out,
/// reuse of a refresh token or a password reset refuses its access tokens
/// at once rather than when they expire (one indexed lookup).
pub async fn is_live(db: &impl ConnectionTrait, session: Uuid) -> Result<bool, DbErr> {
    let found = RefreshTokens::find()
        .select_only()
        .column(refresh_token::Column::FamilyId)
        .filter(refresh_token::Column::FamilyId.eq(session))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .filter(refresh_token::Column::ExpiresAt.gt(Utc::now()))
        .limit(1)
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    Ok(found.is_some())
}

/// Of `sessions` (token families), those still live: holding a refresh
/// token neither revoked nor expired, of a user not disabled.
pub async fn live_sessions(db: &impl ConnectionTrait, sessions: &[Uuid]) -> Result<HashSet<Uuid>, DbErr> {
    let now = Utc::now();
    let mut live = HashSet::new();
    for chunk in sessions.chunks(LOOKUP_CHUNK) {
        let enabled = Query::select()
            .column(user::Column::Id)
            .from(user::Entity)
            .and_where(user::Column::Disabled.eq(false))
            .to_owned();
        let found: Vec<Uuid> = RefreshTokens::find()
            .select_only()
            .column(refresh_token::Column::FamilyId)
            .distinct()
            .filter(refresh_token::Column::FamilyId.is_in(chunk.iter().copied()))
            .filter(refresh_token::Column::RevokedAt.is_null())
            .filter(refresh_token::Column::ExpiresAt.gt(now))
            .filter(refresh_token::Column::UserId.in_subquery(enabled))
            .into_tuple()
            .all(db)
            .await?;
        live.extend(found);
    }
    Ok(live)
}
