//! Console accounts: creating a user of a merchant with an Argon2id password hash, and
//! checking a password against it. The `argon2` crate does the hashing (RustCrypto, with the
//! PHC string format from `password-hash`); nothing here is hand-rolled.

use crate::storage::{MerchantId, SellerUser, Storage, StorageError, UserId};
use app::domain::account::{Password, Role, SignInEmail};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// The password as stored: Argon2id (the crate's defaults: 19 MiB, 2 passes, 1 lane, OWASP's
/// minimum), a fresh 16-byte salt, in PHC form (`$argon2id$v=19$…`).
pub fn hash_password(password: &Password) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .expect("Argon2id with default parameters hashes any password")
        .to_string()
}

/// Whether `candidate` is the password `stored` was made from. A stored value that is no PHC
/// string matches nothing.
pub fn password_matches(stored: &str, candidate: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| Argon2::default().verify_password(candidate.as_bytes(), &hash).is_ok())
}

/// A new user of `merchant`, their password stored as a hash only.
pub async fn create_user(
    storage: &dyn Storage,
    merchant: MerchantId,
    email: &SignInEmail,
    role: Role,
    password: &Password,
) -> Result<UserId, StorageError> {
    storage.create_user(merchant, email, role, &hash_password(password)).await
}

/// The active user whose email and password these are; `None` for a wrong password, an
/// unknown email and a disabled user alike (the caller answers all three the same way). An
/// unknown email is checked against a made-up hash, so it takes as long as a known one and
/// the time taken does not tell which emails have accounts. Argon2 costs tens of
/// milliseconds of CPU, so it runs off the async workers.
pub async fn authenticate(
    storage: &dyn Storage,
    email: &SignInEmail,
    password: impl Into<String>,
) -> Result<Option<SellerUser>, StorageError> {
    let user = storage.user_by_email(email).await?;
    let stored = user.as_ref().map_or_else(|| UNKNOWN_USER_HASH.clone(), |u| u.password_hash.clone());
    let password = password.into();
    let matches =
        tokio::task::spawn_blocking(move || password_matches(&stored, &password)).await.unwrap_or_else(|error| {
            tracing::error!(error = %error, "a password check stopped; the sign-in is refused");
            false
        });
    Ok(user.filter(|user| matches && user.disabled_at.is_none()))
}

/// What an unknown email's password is checked against: a real hash of nothing anyone knows.
static UNKNOWN_USER_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password(&generated_password()));

/// A password to hand over once (`server user create` without one, the demo owner): 18
/// random bytes, base64url, 24 characters.
pub fn generated_password() -> Password {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    use rand::RngCore;
    let mut bytes = [0u8; 18];
    rand::rng().fill_bytes(&mut bytes);
    Password::parse(&URL_SAFE_NO_PAD.encode(bytes)).expect("24 random characters meet the policy")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_stored_as_an_argon2id_hash_that_only_it_matches() {
        let password = Password::parse("correct horse battery").unwrap();
        let stored = hash_password(&password);
        assert!(stored.starts_with("$argon2id$v=19$"), "{stored}");
        assert!(!stored.contains("correct horse"));
        assert!(password_matches(&stored, "correct horse battery"));
        assert!(!password_matches(&stored, "correct horse batterY"));
        assert_ne!(stored, hash_password(&password), "a fresh salt each time");
        assert!(!password_matches("not a hash", "correct horse battery"));
    }

    #[test]
    fn generated_passwords_meet_the_policy_and_differ() {
        let (a, b) = (generated_password(), generated_password());
        assert_eq!(a.expose().len(), 24);
        assert_ne!(a.expose(), b.expose());
    }
}
