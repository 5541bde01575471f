//! The SQL behind [`UserStore`], for both databases.

use super::*;
use crate::storage::sessions::ConsoleSessionStore;
use crate::storage::users::*;
use app::domain::account::{Role, SignInEmail};

type UserRow = (i64, i64, String, String, String, String, String, DateTime<Utc>, Option<DateTime<Utc>>);

/// A user and their shop's name: `FROM {USERS}` then `WHERE` on `u.` columns.
const USER_COLUMNS: &str =
    "u.id, u.merchant_id, m.name, m.slug, u.email, u.role, u.password_hash, u.created_at, u.disabled_at";
const USERS: &str = "seller_users u JOIN merchants m ON m.id = u.merchant_id";

fn seller_user(
    (id, merchant, merchant_name, merchant_slug, email, role, password_hash, created_at, disabled_at): UserRow,
) -> Result<SellerUser, StorageError> {
    Ok(SellerUser {
        id: UserId(id),
        merchant: MerchantId(merchant),
        merchant_name,
        merchant_slug,
        email: SignInEmail::parse(&email).map_err(corrupt("user email"))?,
        role: Role::parse(&role).map_err(corrupt("user role"))?,
        password_hash,
        created_at,
        disabled_at,
    })
}

#[async_trait::async_trait]
impl<DB: Sql> UserStore for SqlStore<DB>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
{
    async fn create_user(
        &self,
        merchant: MerchantId,
        email: &SignInEmail,
        role: Role,
        password_hash: &str,
    ) -> Result<UserId, StorageError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO seller_users (merchant_id, email, role, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(merchant.0)
        .bind(email.as_str())
        .bind(role.code())
        .bind(password_hash)
        .bind(Utc::now())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| conflict_or(e, ""))?;
        Ok(UserId(id))
    }

    async fn users_of(&self, merchant: MerchantId) -> Result<Vec<SellerUser>, StorageError> {
        let rows: Vec<UserRow> =
            sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM {USERS} WHERE u.merchant_id = $1 ORDER BY u.id"))
                .bind(merchant.0)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(seller_user).collect()
    }

    async fn user_by_email(&self, email: &SignInEmail) -> Result<Option<SellerUser>, StorageError> {
        let row: Option<UserRow> = sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM {USERS} WHERE u.email = $1"))
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(seller_user).transpose()
    }

    async fn disable_user(&self, merchant: MerchantId, email: &SignInEmail) -> Result<bool, StorageError> {
        let changed = sqlx::query(
            "UPDATE seller_users SET disabled_at = $3 WHERE merchant_id = $1 AND email = $2 AND disabled_at IS NULL",
        )
        .bind(merchant.0)
        .bind(email.as_str())
        .bind(Utc::now())
        .execute(&self.pool)
        .await?;
        Ok(DB::rows_affected(&changed) == 1)
    }

    async fn user_by_id(&self, user: UserId) -> Result<Option<SellerUser>, StorageError> {
        let row: Option<UserRow> = sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM {USERS} WHERE u.id = $1"))
            .bind(user.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(seller_user).transpose()
    }

    async fn set_password_hash(&self, user: UserId, password_hash: &str) -> Result<bool, StorageError> {
        let changed = sqlx::query("UPDATE seller_users SET password_hash = $2 WHERE id = $1")
            .bind(user.0)
            .bind(password_hash)
            .execute(&self.pool)
            .await?;
        Ok(DB::rows_affected(&changed) == 1)
    }

    fn console_sessions(&self) -> ConsoleSessionStore {
        DB::session_store(&self.pool)
    }
}
