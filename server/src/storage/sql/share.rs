//! The SQL behind [`ShareStore`], for both databases. Whether a link opens is decided in one
//! place, `app::domain::share::link_is_open`, not in SQL.

use super::*;
use crate::storage::share::*;
use app::domain::share::{link_is_open, ShareSlug};
use app::model::share::{BrandColour, ShareLink};

type LinkRow =
    (i64, String, String, DateTime<Utc>, Option<DateTime<Utc>>, Option<DateTime<Utc>>, String, Option<String>);

fn stored_link(row: LinkRow) -> Result<StoredShareLink, StorageError> {
    let (shipment, slug, locale, created_at, expires_at, revoked_at, shop_name, brand) = row;
    Ok(StoredShareLink {
        link: ShareLink { slug: ShareSlug::parse(&slug).map_err(corrupt("share slug"))?, created_at, expires_at },
        shipment: ShipmentId(shipment),
        revoked_at,
        locale,
        shop_name,
        brand_colour: brand.as_deref().map(BrandColour::parse).transpose().map_err(corrupt("brand colour"))?,
    })
}

#[async_trait::async_trait]
impl<DB: Sql> ShareStore for SqlStore<DB>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> f64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<f64>: Encode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    async fn create_share_link(
        &self,
        shipment: ShipmentId,
        link: &ShareLink,
        locale: &str,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO share_links (shipment_id, slug, locale, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(shipment.0)
        .bind(link.slug.as_str())
        .bind(locale)
        .bind(link.created_at)
        .bind(link.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn open_share_links(&self, shipment: ShipmentId, now: DateTime<Utc>) -> Result<Vec<ShareLink>, StorageError> {
        let rows: Vec<(String, DateTime<Utc>, Option<DateTime<Utc>>)> = sqlx::query_as(
            "SELECT slug, created_at, expires_at FROM share_links \
             WHERE shipment_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC",
        )
        .bind(shipment.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .filter(|(_, _, expires_at)| link_is_open(None, *expires_at, now))
            .map(|(slug, created_at, expires_at)| {
                Ok(ShareLink { slug: ShareSlug::parse(&slug).map_err(corrupt("share slug"))?, created_at, expires_at })
            })
            .collect()
    }

    async fn revoke_share_link(
        &self,
        shipment: ShipmentId,
        slug: &ShareSlug,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let done = sqlx::query(
            "UPDATE share_links SET revoked_at = $3 WHERE shipment_id = $1 AND slug = $2 AND revoked_at IS NULL",
        )
        .bind(shipment.0)
        .bind(slug.as_str())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn count_share_view(&self, slug: &ShareSlug) -> Result<(), StorageError> {
        sqlx::query("UPDATE share_links SET views = views + 1 WHERE slug = $1")
            .bind(slug.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn share_link(&self, slug: &ShareSlug) -> Result<Option<StoredShareLink>, StorageError> {
        let row: Option<LinkRow> = sqlx::query_as(
            "SELECT l.shipment_id, l.slug, l.locale, l.created_at, l.expires_at, l.revoked_at, \
                    m.name, m.brand_colour \
             FROM share_links l JOIN shipments s ON s.id = l.shipment_id JOIN merchants m ON m.id = s.merchant_id \
             WHERE l.slug = $1",
        )
        .bind(slug.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(stored_link).transpose()
    }
}
