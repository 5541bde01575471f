//! The SQL behind [`DesignStore`], for both databases. A save updates the live values and
//! appends the version in one transaction; the merchant's row is written first, so two saves
//! racing on PostgreSQL queue on its lock (SQLite's writers queue anyway).

use super::*;
use crate::storage::design::*;
use crate::storage::rewards::RewardStore;
use app::domain::design::{LogoDigest, LogoType, PageDesign, ShopWords};
use app::model::journey::{logo_path, ShopBrand};
use app::model::share::BrandColour;

/// The words as stored (`page_words`); unset or unreadable: Trekpost's own.
fn stored_words(raw: Option<&str>) -> Result<ShopWords, StorageError> {
    raw.map(serde_json::from_str).transpose().map(Option::unwrap_or_default).map_err(corrupt("page words"))
}

#[async_trait::async_trait]
impl<DB: Sql> DesignStore for SqlStore<DB>
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
    for<'q> Vec<u8>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q [u8]: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<f64>: Encode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    async fn current_design(&self, merchant: MerchantId) -> Result<(i64, PageDesign), StorageError> {
        let row: Option<(String, Option<String>, Option<String>, Option<String>, i64)> = sqlx::query_as(
            "SELECT name, brand_colour, logo_digest, page_words, \
                    (SELECT COALESCE(MAX(version), 0) FROM page_designs d WHERE d.merchant_id = m.id) \
             FROM merchants m WHERE id = $1",
        )
        .bind(merchant.0)
        .fetch_optional(&self.pool)
        .await?;
        let (name, colour, logo, words, version) = row.ok_or(StorageError::Database(sqlx::Error::RowNotFound))?;
        let design = PageDesign {
            shop_name: name,
            colour: colour
                .as_deref()
                .map(BrandColour::parse)
                .transpose()
                .map_err(corrupt("brand colour"))?
                .unwrap_or_default(),
            logo: logo.as_deref().map(LogoDigest::parse).transpose().map_err(corrupt("logo digest"))?,
            words: stored_words(words.as_deref())?,
            rules: self.rules_of(merchant).await?,
        };
        Ok((version, design))
    }

    async fn shop_brand(&self, merchant: MerchantId) -> Result<ShopBrand, StorageError> {
        let row: Option<(String, String, Option<String>, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT slug, name, brand_colour, logo_digest, page_words FROM merchants WHERE id = $1")
                .bind(merchant.0)
                .fetch_optional(&self.pool)
                .await?;
        let (slug, name, colour, logo, words) = row.ok_or(StorageError::Database(sqlx::Error::RowNotFound))?;
        let logo = logo.as_deref().map(LogoDigest::parse).transpose().map_err(corrupt("logo digest"))?;
        Ok(ShopBrand {
            name,
            colour: colour
                .as_deref()
                .map(BrandColour::parse)
                .transpose()
                .map_err(corrupt("brand colour"))?
                .unwrap_or_default(),
            logo: logo.map(|digest| logo_path(&slug, &digest)),
            words: stored_words(words.as_deref())?,
        })
    }

    async fn save_design(
        &self,
        merchant: MerchantId,
        base: i64,
        design: &PageDesign,
        saved_by: &str,
        now: DateTime<Utc>,
    ) -> Result<DesignSave, StorageError> {
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        let words = serde_json::to_string(&design.words).expect("words always serialise");
        sqlx::query(
            "UPDATE merchants SET name = $2, brand_colour = $3, logo_digest = $4, page_words = $5 WHERE id = $1",
        )
        .bind(merchant.0)
        .bind(design.shop_name.as_str())
        .bind(design.colour.as_str())
        .bind(design.logo.as_ref().map(|l| l.as_str()))
        .bind(words.as_str())
        .execute(&mut *tx)
        .await?;
        let newest: Option<(i64, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT version, saved_by, saved_at FROM page_designs WHERE merchant_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(merchant.0)
        .fetch_optional(&mut *tx)
        .await?;
        if newest.as_ref().map_or(0, |(version, ..)| *version) != base {
            let (version, saved_by, saved_at) = newest.unwrap_or((0, String::new(), now));
            return Ok(DesignSave::Conflict(DesignVersion { version, saved_by, saved_at }));
        }
        sqlx::query(
            "INSERT INTO merchant_rules (merchant_id, rules, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (merchant_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at",
        )
        .bind(merchant.0)
        .bind(serde_json::to_string(design.rules.rules()).expect("rules always serialise"))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let version = base + 1;
        sqlx::query(
            "INSERT INTO page_designs (merchant_id, version, design, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(merchant.0)
        .bind(version)
        .bind(serde_json::to_string(&design.to_draft()).expect("drafts always serialise"))
        .bind(saved_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(DesignSave::Saved(version))
    }

    async fn design_versions(&self, merchant: MerchantId, limit: i64) -> Result<Vec<DesignVersion>, StorageError> {
        let rows: Vec<(i64, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT version, saved_by, saved_at FROM page_designs WHERE merchant_id = $1 ORDER BY version DESC LIMIT $2",
        )
        .bind(merchant.0)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(version, saved_by, saved_at)| DesignVersion { version, saved_by, saved_at })
            .collect())
    }

    async fn store_logo(
        &self,
        merchant: MerchantId,
        digest: &LogoDigest,
        kind: LogoType,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO merchant_logos (merchant_id, digest, content_type, bytes, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (merchant_id, digest) DO NOTHING",
        )
        .bind(merchant.0)
        .bind(digest.as_str())
        .bind(kind.content_type())
        .bind(bytes)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn logo(
        &self,
        merchant: MerchantId,
        digest: &LogoDigest,
    ) -> Result<Option<(LogoType, Vec<u8>)>, StorageError> {
        let row: Option<(String, Vec<u8>)> =
            sqlx::query_as("SELECT content_type, bytes FROM merchant_logos WHERE merchant_id = $1 AND digest = $2")
                .bind(merchant.0)
                .bind(digest.as_str())
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(kind, bytes)| {
            LogoType::from_content_type(&kind).map(|kind| (kind, bytes)).ok_or_else(|| corrupt("logo type")(kind))
        })
        .transpose()
    }
}
