//! References from records to photos. Domain code calls [`replace`] inside
//! the transaction of the mutation that sets a record's photos; the server
//! then knows who may download each photo (the record's placement, through
//! the sync visibility rule) and which photos are still owed (referenced,
//! bytes not yet uploaded).

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{entity::blob_ref, holders, sha256::Sha256};
use crate::{
    auth::AuthUser,
    sync::{Audience, Placement, SyncScope},
};

/// Who makes a reference: the user, their sync client (device install) and
/// what they may read (a photo they already read needs no upload).
#[derive(Debug, Clone)]
pub struct Owner {
    /// The user.
    pub user_id: Uuid,
    /// The sync client, for references that arrive by push.
    pub client_id: Option<Uuid>,
    /// The user's sync scope.
    pub scope: SyncScope,
}

impl Owner {
    /// The owner of references `user` makes through `client_id`.
    pub fn new(user: &AuthUser, client_id: Option<Uuid>) -> Owner {
        Owner { user_id: user.user_id, client_id, scope: SyncScope::of(user) }
    }
}

/// Makes `hashes` the complete set of photos of one record.
///
/// Call it in the transaction of the mutation that changes the record, with
/// the record's current placement (the same one published to sync). A
/// reference may name a photo that is not uploaded yet: it is then owed by
/// `owner`, listed by `GET /v1/blobs/owed`, and shown to supervisors by
/// `GET /v1/blobs/missing-records`. So is a stored photo that `owner` has
/// not proved it holds ([`holders`]): naming a hash grants nothing. References
/// that stay keep their original owner; all take the new placement. An empty list removes them
/// (call it so when the record is deleted).
///
/// ```ignore
/// blobs::refs::replace(ctx.db, "notice_response", id, &placement, &photos, &Owner::new(ctx.user, Some(ctx.client_id))).await?;
/// ```
pub async fn replace(
    db: &impl ConnectionTrait,
    record_type: &str,
    record_id: Uuid,
    placement: &Placement,
    hashes: &[Sha256],
    owner: &Owner,
) -> Result<(), DbErr> {
    let wanted: BTreeSet<String> = hashes.iter().map(Sha256::hex).collect();
    let existing = blob_ref::Entity::find()
        .filter(blob_ref::Column::RecordType.eq(record_type))
        .filter(blob_ref::Column::RecordId.eq(record_id))
        .all(db)
        .await?;
    let (region, org, audience) = (placement.region_key().to_owned(), placement.org_key(), placement.audience.as_str());
    let mut kept = BTreeSet::new();
    for row in existing {
        if !wanted.contains(&row.sha256) {
            blob_ref::Entity::delete_by_id((row.record_type.clone(), row.record_id, row.sha256.clone()))
                .exec(db)
                .await?;
        } else {
            if row.region_path != region || row.org_id != org || row.audience != audience {
                let mut active: blob_ref::ActiveModel = row.clone().into();
                active.region_path = Set(region.clone());
                active.org_id = Set(org.clone());
                active.audience = Set(audience.to_owned());
                sea_orm::ActiveModelTrait::update(active, db).await?;
            }
            kept.insert(row.sha256);
        }
    }
    let now = Utc::now();
    let added: Vec<String> = wanted.difference(&kept).cloned().collect();
    if added.is_empty() {
        return Ok(());
    }
    let new = added.iter().map(|sha| row(sha.clone(), record_type, record_id, placement, owner, now));
    blob_ref::Entity::insert_many(new).exec_without_returning(db).await?;
    holders::vouch(db, owner, &added).await?;
    Ok(())
}

/// References the photos of records that had none before (just created),
/// in one statement for all: `records` as (record type, id, placement, photos).
/// Unlike [`replace`] it reads no references (only which photos are stored,
/// for [`holders::vouch`]); a reference already there fails the insert (so
/// the caller's run falls back to [`replace`]).
pub async fn add_new(
    db: &impl ConnectionTrait,
    records: &[(&str, Uuid, Placement, Vec<Sha256>)],
    owner: &Owner,
) -> Result<(), DbErr> {
    let now = Utc::now();
    let rows: Vec<blob_ref::ActiveModel> = records
        .iter()
        .flat_map(|(record_type, record_id, placement, hashes)| {
            let unique: BTreeSet<String> = hashes.iter().map(Sha256::hex).collect();
            unique.into_iter().map(move |sha| row(sha, record_type, *record_id, placement, owner, now))
        })
        .collect();
    for chunk in rows.chunks(1_000) {
        blob_ref::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    let added: BTreeSet<String> = records.iter().flat_map(|(_, _, _, hashes)| hashes.iter().map(Sha256::hex)).collect();
    holders::vouch(db, owner, &added.into_iter().collect::<Vec<_>>()).await?;
    Ok(())
}

/// A new reference row.
fn row(
    sha256: String,
    record_type: &str,
    record_id: Uuid,
    placement: &Placement,
    owner: &Owner,
    at: DateTime<Utc>,
) -> blob_ref::ActiveModel {
    blob_ref::ActiveModel {
        sha256: Set(sha256),
        record_type: Set(record_type.to_owned()),
        record_id: Set(record_id),
        region_path: Set(placement.region_key().to_owned()),
        org_id: Set(placement.org_key()),
        audience: Set(placement.audience.as_str().to_owned()),
        user_id: Set(owner.user_id),
        client_id: Set(owner.client_id),
        created_at: Set(at),
    }
}

/// The placement a reference row was stored with.
pub fn placement(row: &blob_ref::Model) -> Placement {
    Placement {
        region_path: Some(row.region_path.clone()).filter(|p| !p.is_empty()),
        org_id: Uuid::parse_str(&row.org_id).ok(),
        audience: if row.audience == Audience::Bureau.as_str() { Audience::Bureau } else { Audience::All },
    }
}

/// Groups reference rows by photo, keeping the first-seen order.
pub fn by_blob(rows: Vec<blob_ref::Model>) -> Vec<(String, Vec<blob_ref::Model>)> {
    let mut order = Vec::new();
    let mut groups: HashMap<String, Vec<blob_ref::Model>> = HashMap::new();
    for row in rows {
        if !groups.contains_key(&row.sha256) {
            order.push(row.sha256.clone());
        }
        groups.entry(row.sha256.clone()).or_default().push(row);
    }
    order.into_iter().map(|sha| (sha.clone(), groups.remove(&sha).unwrap_or_default())).collect()
}

/// Most photos one record may reference.
pub const MAX_PHOTOS_PER_RECORD: usize = 200;

/// Reads a record's photo list (SHA-256 hex each) for validation: every bad
/// entry is reported as `<field>.<index>`; duplicates are dropped.
pub fn parse_list(check: &mut crate::http::validate::Check, field: &str, texts: &[String]) -> Vec<Sha256> {
    if texts.len() > MAX_PHOTOS_PER_RECORD {
        check.fail(
            field,
            crate::error::Reason::Rule {
                code: "too_many_photos",
                en: format!("At most {MAX_PHOTOS_PER_RECORD} photos."),
                zh: format!("最多 {MAX_PHOTOS_PER_RECORD} 张照片。"),
            },
        );
    }
    let mut hashes: Vec<Sha256> = Vec::with_capacity(texts.len());
    for (i, text) in texts.iter().enumerate() {
        match Sha256::parse(text) {
            Ok(sha) if !hashes.contains(&sha) => hashes.push(sha),
            Ok(_) => {}
            Err(_) => check.fail(&format!("{field}.{i}"), crate::error::Reason::Invalid),
        }
    }
    hashes
}
