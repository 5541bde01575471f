//! The console's sign-in, sign-out and password change: plain HTML form posts (they work
//! before the wasm loads, and they change the session, which server functions should not),
//! each answered with a redirect to the page that shows the outcome.

use super::session::{self, ConsoleAuth, Credentials};
use super::throttle::SignInThrottle;
use super::{accounts, PREFIX, SIGN_IN_PATH};
use crate::http::client::ClientAddr;
use crate::http::problem::Problem;
use crate::state::AppState;
use app::console::{AccountOutcome, SignInOutcome, ACCOUNT_PATH};
use app::domain::account::{Password, SignInEmail};
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Instant;

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    /// The console page to return to.
    #[serde(default)]
    next: String,
}

/// Only a console path: never another site (`//evil.test`) nor a scheme.
fn return_path(next: &str) -> &str {
    let safe = next.starts_with(PREFIX)
        && !next.starts_with(SIGN_IN_PATH)
        && !next.contains("//")
        && !next.contains('\\')
        && next.chars().all(|c| c.is_ascii_graphic());
    if safe {
        next
    } else {
        PREFIX
    }
}

fn back_to_sign_in(outcome: SignInOutcome, next: &str) -> Response {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("result", outcome.code());
    if return_path(next) != PREFIX {
        query.append_pair("next", return_path(next));
    }
    Redirect::to(&format!("{SIGN_IN_PATH}?{}", query.finish())).into_response()
}

fn unreadable(rejection: FormRejection) -> Response {
    Problem::new(rejection.status(), "Unreadable form", rejection.body_text()).with_field("body").into_response()
}

fn unavailable(what: &str, error: impl std::fmt::Display) -> Response {
    tracing::error!(error = %error, "{what}");
    Problem::new(axum::http::StatusCode::SERVICE_UNAVAILABLE, "Unavailable", "try again in a moment").into_response()
}

/// `POST /console/sign-in`.
pub async fn sign_in(
    mut auth: ConsoleAuth,
    Extension(throttle): Extension<Arc<SignInThrottle>>,
    ClientAddr(client): ClientAddr,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Response {
    let Form(form) = match form {
        Ok(form) => form,
        Err(rejection) => return unreadable(rejection),
    };
    let account = form.email.trim().to_lowercase();
    let now = Instant::now();
    if let Some(wait) = throttle.locked(&account, client, now) {
        let mut response = back_to_sign_in(SignInOutcome::Locked, &form.next);
        response.headers_mut().insert(header::RETRY_AFTER, wait.as_secs().max(1).into());
        return response;
    }
    let user = match SignInEmail::parse(&form.email) {
        Ok(email) => match auth.authenticate(Credentials { email, password: form.password }).await {
            Ok(user) => user,
            Err(error) => return unavailable("a console sign-in could not be checked", error),
        },
        Err(_) => None,
    };
    let Some(user) = user else {
        throttle.failed(&account, client, now);
        return back_to_sign_in(SignInOutcome::Invalid, &form.next);
    };
    throttle.succeeded(&account);
    // A new session id at every sign-in, so an id planted before it (even a signed-in one:
    // axum-login keeps the id when a session already had a user) is worthless after.
    if let Err(error) = auth.session.cycle_id().await {
        return unavailable("a console session could not be started", error);
    }
    if let Err(error) = auth.login(&user).await {
        return unavailable("a console session could not be started", error);
    }
    if let Err(error) = session::start(&auth).await {
        return unavailable("a console session could not be started", error);
    }
    tracing::info!(user = user.0.id.0, merchant = user.0.merchant.0, "console sign-in");
    Redirect::to(return_path(&form.next)).into_response()
}

/// `POST /console/sign-out`: the session is deleted from the database, not just forgotten
/// by the browser.
pub async fn sign_out(mut auth: ConsoleAuth) -> Response {
    if let Err(error) = auth.logout().await {
        return unavailable("a console session could not be ended", error);
    }
    back_to_sign_in(SignInOutcome::SignedOut, "")
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

fn back_to_account(outcome: AccountOutcome) -> Response {
    Redirect::to(&format!("{ACCOUNT_PATH}?result={}", outcome.code())).into_response()
}

/// `POST /console/account/password`: the current password, then the new one twice. Every
/// other session of the user ends (their stored hash no longer matches); this one goes on.
pub async fn change_password(
    State(state): State<AppState>,
    mut auth: ConsoleAuth,
    Extension(throttle): Extension<Arc<SignInThrottle>>,
    ClientAddr(client): ClientAddr,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Response {
    let Form(form) = match form {
        Ok(form) => form,
        Err(rejection) => return unreadable(rejection),
    };
    // `admit` lets no one here without a session.
    let Some(user) = auth.user.clone() else { return Redirect::to(SIGN_IN_PATH).into_response() };
    let account = user.0.email.as_str().to_owned();
    let now = Instant::now();
    if throttle.locked(&account, client, now).is_some() {
        return back_to_account(AccountOutcome::Locked);
    }
    match accounts::authenticate(state.storage.as_ref(), &user.0.email, form.current).await {
        Ok(Some(_)) => throttle.succeeded(&account),
        Ok(None) => {
            throttle.failed(&account, client, now);
            return back_to_account(AccountOutcome::WrongPassword);
        }
        Err(error) => return unavailable("a password could not be checked", error),
    }
    if form.new != form.confirm {
        return back_to_account(AccountOutcome::Mismatch);
    }
    let Ok(password) = Password::parse(&form.new) else { return back_to_account(AccountOutcome::Weak) };
    let hash = accounts::hash_password(&password);
    let changed = match state.storage.set_password_hash(user.0.id, &hash).await {
        Ok(changed) => changed,
        Err(error) => return unavailable("a password could not be changed", error),
    };
    if !changed {
        return Redirect::to(SIGN_IN_PATH).into_response();
    }
    // This session carries the new hash (and a new id); the others still carry the old one.
    let mut updated = user;
    updated.0.password_hash = hash;
    if let Err(error) = auth.session.cycle_id().await {
        return unavailable("a console session could not be renewed", error);
    }
    if let Err(error) = auth.login(&updated).await {
        return unavailable("a console session could not be renewed", error);
    }
    tracing::info!(user = updated.0.id.0, "console password changed");
    back_to_account(AccountOutcome::PasswordChanged)
}
