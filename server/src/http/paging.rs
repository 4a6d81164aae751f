//! Cursor paging for list endpoints: `?limit=&cursor=`, ordered by id
//! (UUIDv7 ids are in creation order), answering `{items, next_cursor}`.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use serde::{Deserialize, Serialize};
use sync_protocol::ErrorCode;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

/// Largest page size.
pub const MAX_LIMIT: u64 = 500;
/// Page size when none is asked for.
pub const DEFAULT_LIMIT: u64 = 50;

/// Paging parameters of a list request.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1 to 500 (default 50).
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// The items, oldest first.
    pub items: Vec<T>,
    /// Cursor for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Converts the items.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), next_cursor: self.next_cursor }
    }
}

fn decode_cursor(cursor: &str) -> ApiResult<Uuid> {
    URL_SAFE_NO_PAD.decode(cursor).ok().and_then(|bytes| Uuid::from_slice(&bytes).ok()).ok_or_else(|| {
        ApiError::new(ErrorCode::InvalidParameter).with_details(serde_json::json!({"parameter": "cursor"}))
    })
}

/// Fetches one page of `select`, ordered by the id column `id`.
pub async fn fetch<E, C>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    id: C,
    params: &PageParams,
    id_of: impl Fn(&E::Model) -> Uuid,
) -> ApiResult<Page<E::Model>>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    let limit = params.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::new(ErrorCode::InvalidParameter).with_details(serde_json::json!({"parameter": "limit"})));
    }
    let mut select = select.order_by_asc(id);
    if let Some(cursor) = &params.cursor {
        select = select.filter(id.gt(decode_cursor(cursor)?));
    }
    let mut items = select.limit(limit + 1).all(db).await?;
    let next_cursor = if items.len() as u64 > limit {
        items.truncate(limit as usize);
        items.last().map(|last| URL_SAFE_NO_PAD.encode(id_of(last).as_bytes()))
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}
