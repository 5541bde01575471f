//! The SQL behind [`MerchantStore`], for both databases: merchants, their API keys, webhook
//! secrets and dead letters.

use super::*;
use crate::storage::merchants::*;
use app::domain::event::EventSource;

#[async_trait::async_trait]
impl<DB: Sql> MerchantStore for SqlStore<DB>
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
    async fn ensure_merchant(&self, slug: &str, name: &str) -> Result<MerchantId, StorageError> {
        let id: i64 = sqlx::query_scalar(
            // A name that was only ever the slug (a key issued before the shop was named)
            // gives way to a real one; a real name is never overwritten.
            "INSERT INTO merchants (slug, name, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (slug) DO UPDATE SET name = CASE WHEN merchants.name = merchants.slug \
             THEN excluded.name ELSE merchants.name END RETURNING id",
        )
        .bind(slug)
        .bind(name)
        .bind(Utc::now())
        .fetch_one(&self.pool)
        .await?;
        Ok(MerchantId(id))
    }

    async fn merchant_by_slug(&self, slug: &str) -> Result<Option<MerchantId>, StorageError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM merchants WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        Ok(id.map(MerchantId))
    }

    async fn insert_api_key(&self, merchant: MerchantId, prefix: &str, key_hash: &str) -> Result<(), StorageError> {
        sqlx::query("INSERT INTO api_keys (merchant_id, key_prefix, key_hash, created_at) VALUES ($1, $2, $3, $4)")
            .bind(merchant.0)
            .bind(prefix)
            .bind(key_hash)
            .bind(Utc::now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn api_key_by_prefix(&self, prefix: &str) -> Result<Option<StoredApiKey>, StorageError> {
        let row: Option<(i64, String, Option<DateTime<Utc>>)> = sqlx::query_as(
            "SELECT merchant_id, key_hash, last_used_at FROM api_keys WHERE key_prefix = $1 AND revoked_at IS NULL",
        )
        .bind(prefix)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(merchant, key_hash, last_used_at)| StoredApiKey {
            merchant: MerchantId(merchant),
            key_hash,
            last_used_at,
        }))
    }

    async fn api_keys(&self, merchant: MerchantId) -> Result<Vec<ApiKeyInfo>, StorageError> {
        type Row = (String, DateTime<Utc>, Option<DateTime<Utc>>, Option<DateTime<Utc>>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT key_prefix, created_at, last_used_at, revoked_at FROM api_keys \
             WHERE merchant_id = $1 ORDER BY id DESC",
        )
        .bind(merchant.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(prefix, created_at, last_used_at, revoked_at)| ApiKeyInfo {
                prefix,
                created_at,
                last_used_at,
                revoked_at,
            })
            .collect())
    }

    async fn revoke_api_key(&self, merchant: MerchantId, prefix: &str) -> Result<bool, StorageError> {
        let revoked = sqlx::query(
            "UPDATE api_keys SET revoked_at = $1 WHERE merchant_id = $2 AND key_prefix = $3 AND revoked_at IS NULL",
        )
        .bind(Utc::now())
        .bind(merchant.0)
        .bind(prefix)
        .execute(&self.pool)
        .await?;
        Ok(DB::rows_affected(&revoked) == 1)
    }

    async fn rotate_api_key(
        &self,
        merchant: MerchantId,
        old_prefix: &str,
        new_prefix: &str,
        new_hash: &str,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        let mut tx = self.pool.begin().await?;
        let revoked = sqlx::query(
            "UPDATE api_keys SET revoked_at = $1 WHERE merchant_id = $2 AND key_prefix = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(merchant.0)
        .bind(old_prefix)
        .execute(&mut *tx)
        .await?;
        if DB::rows_affected(&revoked) != 1 {
            return Ok(false);
        }
        sqlx::query("INSERT INTO api_keys (merchant_id, key_prefix, key_hash, created_at) VALUES ($1, $2, $3, $4)")
            .bind(merchant.0)
            .bind(new_prefix)
            .bind(new_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn record_api_key_use(&self, prefix: &str, at: DateTime<Utc>) -> Result<(), StorageError> {
        sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE key_prefix = $2")
            .bind(at)
            .bind(prefix)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn set_webhook_secret(
        &self,
        merchant: MerchantId,
        source: EventSource,
        secret: &str,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO webhook_secrets (merchant_id, source, secret, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (merchant_id, source) DO UPDATE SET secret = excluded.secret, \
                created_at = excluded.created_at",
        )
        .bind(merchant.0)
        .bind(source.code())
        .bind(secret)
        .bind(Utc::now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn webhook_secrets_set(&self, merchant: MerchantId) -> Result<Vec<(String, DateTime<Utc>)>, StorageError> {
        Ok(sqlx::query_as("SELECT source, created_at FROM webhook_secrets WHERE merchant_id = $1 ORDER BY source")
            .bind(merchant.0)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn webhook_secret(&self, merchant: MerchantId, source: EventSource) -> Result<Option<String>, StorageError> {
        Ok(sqlx::query_scalar("SELECT secret FROM webhook_secrets WHERE merchant_id = $1 AND source = $2")
            .bind(merchant.0)
            .bind(source.code())
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn add_dead_letter(
        &self,
        merchant: MerchantId,
        source: EventSource,
        endpoint: &str,
        field: &str,
        reason: &str,
        payload: &str,
    ) -> Result<i64, StorageError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO dead_letters (merchant_id, source, endpoint, field, reason, payload, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(merchant.0)
        .bind(source.code())
        .bind(endpoint)
        .bind(field)
        .bind(reason)
        .bind(payload)
        .bind(Utc::now())
        .fetch_one(&self.pool)
        .await?)
    }

    async fn delete_dead_letters_before(&self, before: DateTime<Utc>) -> Result<u64, StorageError> {
        let deleted =
            sqlx::query("DELETE FROM dead_letters WHERE received_at < $1").bind(before).execute(&self.pool).await?;
        Ok(DB::rows_affected(&deleted))
    }

    async fn dead_letter(&self, merchant: MerchantId, id: i64) -> Result<Option<DeadLetter>, StorageError> {
        let row: Option<DeadLetterRow> = sqlx::query_as(&format!(
            "SELECT {DEAD_LETTER_COLUMNS} FROM dead_letters WHERE merchant_id = $1 AND id = $2"
        ))
        .bind(merchant.0)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(dead_letter))
    }

    async fn mark_dead_letter_replayed(
        &self,
        merchant: MerchantId,
        id: i64,
        at: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let changed = sqlx::query(
            "UPDATE dead_letters SET replayed_at = $3 WHERE merchant_id = $1 AND id = $2 AND replayed_at IS NULL",
        )
        .bind(merchant.0)
        .bind(id)
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(DB::rows_affected(&changed) == 1)
    }

    async fn dead_letters(
        &self,
        merchant: MerchantId,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<DeadLetter>, StorageError> {
        let rows: Vec<DeadLetterRow> = sqlx::query_as(&format!(
            "SELECT {DEAD_LETTER_COLUMNS} FROM dead_letters WHERE merchant_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
        ))
        .bind(merchant.0)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(dead_letter).collect())
    }
}

type DeadLetterRow = (i64, String, Option<String>, String, String, String, DateTime<Utc>, Option<DateTime<Utc>>);

const DEAD_LETTER_COLUMNS: &str = "id, source, endpoint, field, reason, payload, received_at, replayed_at";

fn dead_letter((id, source, endpoint, field, reason, payload, received_at, replayed_at): DeadLetterRow) -> DeadLetter {
    DeadLetter { id, source, endpoint, field, reason, payload, received_at, replayed_at }
}
