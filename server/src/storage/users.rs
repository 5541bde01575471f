//! What storage keeps of the people who sign in to the console: their merchant, sign-in
//! email, role and password hash (an Argon2id PHC string; never the password).

use super::sessions::ConsoleSessionStore;
use super::{MerchantId, StorageError};
use app::domain::account::{Role, SignInEmail};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserId(pub i64);

/// A console user as storage holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct SellerUser {
    pub id: UserId,
    pub merchant: MerchantId,
    /// The shop's name, as the console's header shows it.
    pub merchant_name: String,
    /// The shop's slug, as its webhook addresses name it.
    pub merchant_slug: String,
    pub email: SignInEmail,
    pub role: Role,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
    /// A disabled user cannot sign in; their row stays, so what they did stays attributed.
    pub disabled_at: Option<DateTime<Utc>>,
}

#[async_trait::async_trait]
pub trait UserStore: Send + Sync {
    /// A new user of the merchant; an email already used (by any merchant) is a conflict on
    /// `email`.
    async fn create_user(
        &self,
        merchant: MerchantId,
        email: &SignInEmail,
        role: Role,
        password_hash: &str,
    ) -> Result<UserId, StorageError>;

    /// The merchant's users, oldest first.
    async fn users_of(&self, merchant: MerchantId) -> Result<Vec<SellerUser>, StorageError>;

    /// The user who signs in with `email`, disabled or not.
    async fn user_by_email(&self, email: &SignInEmail) -> Result<Option<SellerUser>, StorageError>;

    /// Disables the merchant's user `email`; `false` if the merchant has no such active user.
    async fn disable_user(&self, merchant: MerchantId, email: &SignInEmail) -> Result<bool, StorageError>;

    /// The user with this id, disabled or not (a signed-in session names its user by id).
    async fn user_by_id(&self, user: UserId) -> Result<Option<SellerUser>, StorageError>;

    /// Replaces the user's password hash; `false` if there is no such user.
    async fn set_password_hash(&self, user: UserId, password_hash: &str) -> Result<bool, StorageError>;

    /// The console's sessions, in this database.
    fn console_sessions(&self) -> ConsoleSessionStore;
}
