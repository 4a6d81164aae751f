//! Taking numbers from a series: one county's documents of one kind in one
//! year. Every number taken gets a row in the register in the same
//! transaction as what takes it, so a rollback takes both and no number is
//! lost or repeated; every change of a number's status is a compare-and-set
//! on its row, so two issuers never take the same number, on PostgreSQL's
//! READ COMMITTED as on SQLite.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Alias, Expr, ExprTrait, LockBehavior, LockType, OnConflict, Query},
};
use uuid::Uuid;

use super::{Numbering, entity as number, status::Status};

/// One series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Series<'a> {
    /// The county (bureau).
    pub bureau_key: &'a str,
    /// The kind of document.
    pub kind: &'a str,
    /// The year.
    pub year: i32,
}

impl Series<'_> {
    fn filter<S: QueryFilter>(&self, select: S) -> S {
        select
            .filter(number::Column::BureauKey.eq(self.bureau_key))
            .filter(number::Column::Kind.eq(self.kind))
            .filter(number::Column::Year.eq(self.year))
    }
}

/// Who holds reserved numbers: a user, on one device install.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    /// The user.
    pub user_id: Uuid,
    /// Their device install, if the numbers are for one.
    pub client_id: Option<Uuid>,
}

/// Moves the series' counter on by `count`; answers the last sequence taken.
async fn bump(db: &impl ConnectionTrait, series: Series<'_>, count: i64) -> Result<i64, DbErr> {
    let table = Alias::new("number_counters");
    let (bureau, kind, year, last) =
        (Alias::new("bureau_key"), Alias::new("kind"), Alias::new("year"), Alias::new("last"));
    let insert = Query::insert()
        .into_table(table.clone())
        .columns([bureau.clone(), kind.clone(), year.clone(), last.clone()])
        .values_panic([series.bureau_key.into(), series.kind.into(), series.year.into(), count.into()])
        .on_conflict(
            OnConflict::columns([bureau, kind, year])
                .value(last.clone(), Expr::col((table, last.clone())).add(count))
                .to_owned(),
        )
        .returning_col(last)
        .to_owned();
    let row = db
        .query_one_raw(db.get_database_backend().build(&insert))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("number_counters".into()))?;
    row.try_get("", "last")
}

/// A new register row for `seq` of `series`.
fn row(series: Series<'_>, seq: i64, text: String, status: Status, now: DateTime<Utc>) -> number::ActiveModel {
    number::ActiveModel {
        id: Set(Uuid::new_v4()),
        bureau_key: Set(series.bureau_key.to_owned()),
        kind: Set(series.kind.to_owned()),
        year: Set(series.year),
        seq: Set(seq),
        number: Set(text),
        status: Set(status),
        notice_id: Set(None),
        holder_id: Set(None),
        client_id: Set(None),
        reserved_at: Set(None),
        used_at: Set(None),
        voided_at: Set(None),
        voided_by: Set(None),
        void_reason: Set(String::new()),
        created_at: Set(now),
    }
}

/// Takes the next number of `series` for notice `notice_id`, in the
/// caller's transaction: a number given back unused first (the lowest),
/// else a new one.
pub async fn issue(
    db: &impl ConnectionTrait,
    numbering: &Numbering,
    series: Series<'_>,
    notice_id: Uuid,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    // On PostgreSQL each issuer locks the free number it takes, passing over
    // those another issuer holds; on SQLite one writer runs at a time. A
    // free number taken meanwhile fails the compare-and-set: look again.
    for _ in 0..3 {
        let mut select = series
            .filter(number::Entity::find())
            .filter(number::Column::Status.eq(Status::Free))
            .order_by_asc(number::Column::Seq)
            .limit(1);
        if db.get_database_backend() == DatabaseBackend::Postgres {
            select = select.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let free = select.one(db).await?;
        let Some(free) = free else { break };
        let taken = number::Entity::update_many()
            .col_expr(number::Column::Status, Expr::value(Status::Issued))
            .col_expr(number::Column::NoticeId, Expr::value(notice_id))
            .col_expr(number::Column::UsedAt, Expr::value(now))
            .filter(number::Column::Id.eq(free.id))
            .filter(number::Column::Status.eq(Status::Free))
            .exec(db)
            .await?;
        if taken.rows_affected == 1 {
            return Ok(free.number);
        }
    }
    let seq = bump(db, series, 1).await?;
    let text = numbering.format(db, series, seq).await?;
    let mut new = row(series, seq, text.clone(), Status::Issued, now);
    new.notice_id = Set(Some(notice_id));
    new.used_at = Set(Some(now));
    number::Entity::insert(new).exec_without_returning(db).await?;
    Ok(text)
}

/// Reserves `count` new numbers of `series` for `holder`, in the caller's transaction.
pub async fn reserve(
    db: &impl ConnectionTrait,
    numbering: &Numbering,
    series: Series<'_>,
    holder: Holder,
    count: u32,
    now: DateTime<Utc>,
) -> Result<Vec<number::Model>, DbErr> {
    let last = bump(db, series, i64::from(count)).await?;
    let county = numbering.county_short(db, series.bureau_key).await?;
    let rows: Vec<number::ActiveModel> = (last - i64::from(count) + 1..=last)
        .map(|seq| {
            let mut new = row(series, seq, numbering.text(&county, series, seq), Status::Reserved, now);
            new.holder_id = Set(Some(holder.user_id));
            new.client_id = Set(holder.client_id);
            new.reserved_at = Set(Some(now));
            new
        })
        .collect();
    number::Entity::insert_many(rows).exec_without_returning(db).await?;
    series
        .filter(number::Entity::find())
        .filter(number::Column::Seq.gt(last - i64::from(count)))
        .filter(number::Column::Seq.lte(last))
        .order_by_asc(number::Column::Seq)
        .all(db)
        .await
}

/// How many numbers of `series` `holder` holds reserved now.
pub async fn held(db: &impl ConnectionTrait, series: Series<'_>, user_id: Uuid) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    series
        .filter(number::Entity::find())
        .filter(number::Column::Status.eq(Status::Reserved))
        .filter(number::Column::HolderId.eq(user_id))
        .count(db)
        .await
}

/// Issues the number `text` that `user_id` holds reserved, of the bureau's
/// documents of `kind`, on notice `notice_id`; `None` if they hold no such
/// number (never reserved, another's, of another kind, used or given back).
pub async fn issue_reserved(
    db: &impl ConnectionTrait,
    bureau_key: &str,
    kind: &str,
    text: &str,
    user_id: Uuid,
    notice_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    let taken = number::Entity::update_many()
        .col_expr(number::Column::Status, Expr::value(Status::Issued))
        .col_expr(number::Column::NoticeId, Expr::value(notice_id))
        .col_expr(number::Column::UsedAt, Expr::value(now))
        .filter(number::Column::BureauKey.eq(bureau_key))
        .filter(number::Column::Number.eq(text))
        .filter(number::Column::Kind.eq(kind))
        .filter(number::Column::Status.eq(Status::Reserved))
        .filter(number::Column::HolderId.eq(user_id))
        .exec(db)
        .await?;
    Ok((taken.rows_affected == 1).then(|| text.to_owned()))
}

/// Gives back the reserved numbers `texts` that `user_id` holds: the next
/// notices of their series take them. Answers how many were given back.
pub async fn give_back(
    db: &impl ConnectionTrait,
    bureau_key: &str,
    texts: &[String],
    user_id: Uuid,
) -> Result<u64, DbErr> {
    let given = number::Entity::update_many()
        .col_expr(number::Column::Status, Expr::value(Status::Free))
        .filter(number::Column::BureauKey.eq(bureau_key))
        .filter(number::Column::Number.is_in(texts.iter().cloned()))
        .filter(number::Column::Status.eq(Status::Reserved))
        .filter(number::Column::HolderId.eq(user_id))
        .exec(db)
        .await?;
    Ok(given.rows_affected)
}

/// Voids the number `text` of the bureau, reserved or free, with `reason`;
/// only its holder's own reserved numbers unless `any_holder`. Answers
/// whether it was voided.
pub async fn void(
    db: &impl ConnectionTrait,
    bureau_key: &str,
    text: &str,
    by: Uuid,
    any_holder: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut update = number::Entity::update_many()
        .col_expr(number::Column::Status, Expr::value(Status::Voided))
        .col_expr(number::Column::VoidedAt, Expr::value(now))
        .col_expr(number::Column::VoidedBy, Expr::value(by))
        .col_expr(number::Column::VoidReason, Expr::value(reason))
        .filter(number::Column::BureauKey.eq(bureau_key))
        .filter(number::Column::Number.eq(text));
    update = if any_holder {
        update.filter(number::Column::Status.is_in([Status::Reserved, Status::Free]))
    } else {
        update.filter(number::Column::Status.eq(Status::Reserved)).filter(number::Column::HolderId.eq(by))
    };
    Ok(update.exec(db).await?.rows_affected == 1)
}
