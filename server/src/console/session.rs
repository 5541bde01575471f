//! Who is signed in to the console. axum-login keeps the user in a tower-sessions session
//! stored in our database (`console_sessions`); this module says how users are found and
//! checked, how the cookie is made, and turns a live session into the [`SignedIn`] that the
//! console's pages and server functions read.
//!
//! A session ends when it is idle for `console.idle_seconds` (each request renews it), when
//! `console.absolute_seconds` have passed since its sign-in, at sign-out, when the user is
//! disabled, and when their password changes (axum-login compares the password hash the
//! session was made with on every request).

use super::accounts;
use crate::config::ConsoleSettings;
use crate::storage::{ConsoleSessionStore, SellerUser, SharedStorage, StorageError, UserId};
use app::console::SignedIn;
use app::domain::account::SignInEmail;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder, AuthSession, AuthUser, AuthnBackend};
use tower_sessions::cookie::{time, SameSite};
use tower_sessions::{Expiry, SessionManagerLayer};

/// The session cookie: sent only to the console's paths.
pub const COOKIE: &str = "trekpost_console";
/// When the session's user signed in (Unix seconds), for the absolute expiry.
const SIGNED_IN_AT: &str = "signed_in_at";

/// A console user as the session layer holds them.
#[derive(Clone)]
pub struct ConsoleUser(pub SellerUser);

impl std::fmt::Debug for ConsoleUser {
    // Never the password hash, even in a debug log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConsoleUser").field("id", &self.0.id.0).field("merchant", &self.0.merchant.0).finish()
    }
}

impl AuthUser for ConsoleUser {
    type Id = i64;

    fn id(&self) -> i64 {
        self.0.id.0
    }

    /// A new password gives a new hash, which ends every session made with the old one.
    fn session_auth_hash(&self) -> &[u8] {
        self.0.password_hash.as_bytes()
    }
}

/// What a sign-in form carries.
pub struct Credentials {
    pub email: SignInEmail,
    pub password: String,
}

/// Finds and checks console users in storage.
#[derive(Clone)]
pub struct Accounts {
    pub storage: SharedStorage,
}

impl AuthnBackend for Accounts {
    type User = ConsoleUser;
    type Credentials = Credentials;
    type Error = StorageError;

    async fn authenticate(&self, credentials: Credentials) -> Result<Option<ConsoleUser>, StorageError> {
        let user = accounts::authenticate(self.storage.as_ref(), &credentials.email, credentials.password).await?;
        Ok(user.map(ConsoleUser))
    }

    /// A disabled user's sessions end with their next request.
    async fn get_user(&self, id: &i64) -> Result<Option<ConsoleUser>, StorageError> {
        let user = self.storage.user_by_id(UserId(*id)).await?;
        Ok(user.filter(|u| u.disabled_at.is_none()).map(ConsoleUser))
    }
}

pub type ConsoleAuth = AuthSession<Accounts>;

/// The session and sign-in layer. `secure`: the site is served over https, so the cookie is
/// only ever sent over it.
pub fn layer(
    storage: SharedStorage,
    settings: &ConsoleSettings,
    secure: bool,
) -> AuthManagerLayer<Accounts, ConsoleSessionStore> {
    let sessions = SessionManagerLayer::new(storage.console_sessions())
        .with_name(COOKIE)
        .with_path(super::PREFIX)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(settings.idle_seconds as i64)))
        // Saved on every request, so the idle expiry counts from the last one.
        .with_always_save(true);
    AuthManagerLayerBuilder::new(Accounts { storage }, sessions).build()
}

/// Marks the session as signed in now (after `AuthSession::login`).
pub async fn start(auth: &ConsoleAuth) -> Result<(), tower_sessions::session::Error> {
    auth.session.insert(SIGNED_IN_AT, chrono::Utc::now().timestamp()).await
}

/// Pages anyone may open under the console's prefix.
fn is_public(path: &str) -> bool {
    path == super::SIGN_IN_PATH
}

/// Ends sessions past their absolute lifetime, hands the signed-in user to what follows as
/// a [`SignedIn`] request extension, and sends everyone else to the sign-in page (pages) or
/// away with 401 (server functions).
pub async fn admit(
    State(absolute_seconds): State<u64>,
    mut auth: ConsoleAuth,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if !path.starts_with(super::PREFIX) {
        return next.run(request).await;
    }
    if let Some(user) = auth.user.clone() {
        let signed_in_at = auth.session.get::<i64>(SIGNED_IN_AT).await.ok().flatten();
        let fresh = signed_in_at
            .is_some_and(|at| chrono::Utc::now().timestamp() - at < absolute_seconds.min(i64::MAX as u64) as i64);
        if fresh {
            let user = user.0;
            request.extensions_mut().insert(SignedIn {
                user_id: user.id.0,
                merchant_id: user.merchant.0,
                merchant_name: user.merchant_name,
                merchant_slug: user.merchant_slug,
                email: user.email.as_str().to_owned(),
                role: user.role,
            });
            return next.run(request).await;
        }
        if let Err(error) = auth.logout().await {
            tracing::warn!(error = %error, "an expired console session could not be ended");
        }
    }
    if is_public(path) {
        return next.run(request).await;
    }
    if path.starts_with(super::API_PREFIX) {
        return crate::http::problem::Problem::unauthorized("sign in to the console first").into_response();
    }
    let next_page = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or(super::PREFIX);
    let target = format!("{}?next={}", super::SIGN_IN_PATH, urlencoding_path(next_page));
    Redirect::to(&target).into_response()
}

/// `next=` carries a console path; only characters that need it are escaped.
fn urlencoding_path(path: &str) -> String {
    form_urlencoded::byte_serialize(path.as_bytes()).collect()
}
