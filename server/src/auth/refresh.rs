//! Refresh tokens: opaque, stored as SHA-256, rotated on every use. Using a
//! token a second time revokes its whole family (the sign-in), since one of
//! the two users must be a thief.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use sha2::{Digest, Sha256};
use sync_protocol::ErrorCode;
use uuid::Uuid;

use super::entity::refresh_token::{self, Entity as RefreshTokens};
use crate::error::ApiError;

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

/// Revokes every token of a family (logout, reuse).
pub async fn revoke_family(db: &impl ConnectionTrait, family_id: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    RefreshTokens::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every token of a user (disabled account, password reset).
pub async fn revoke_user(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    RefreshTokens::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
