//! The seller console's server side: accounts, sessions and sign-in, the checks every console
//! request passes (a signed-in user of the merchant, from this site), and the services the
//! console's pages call. The pages themselves are Leptos routes in `app::console`.

pub mod accounts;
mod analytics;
mod csrf;
mod design;
mod exports;
mod imports;
mod journeys;
pub mod services;
pub mod session;
mod sign_in;
mod throttle;

use crate::config::Settings;
use crate::http::rate_limit;
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{middleware, Extension, Router};
use std::sync::Arc;

pub use app::console::{API_PREFIX, PREFIX, SIGN_IN_PATH};
pub use csrf::{same_site, OwnOrigins};

/// The console's plain form posts: sign-in, sign-out, password change (they change the
/// session), and opening a shipment's journey page (it redirects there); and the CSV exports.
pub fn router(state: &AppState, settings: &Settings) -> Router<AppState> {
    // In the client's budget like every anonymous call (the sign-in throttle comes on top).
    let rate_limited = middleware::from_fn_with_state(state.rate_limiter.clone(), rate_limit::limit);
    Router::new()
        .route(SIGN_IN_PATH, post(sign_in::sign_in))
        .route(app::console::SIGN_OUT_PATH, post(sign_in::sign_out))
        .route(app::console::PASSWORD_PATH, post(sign_in::change_password))
        .route(app::console::JOURNEYS_PATH, post(journeys::open))
        .route(app::console::feedback::FEEDBACK_CSV_PATH, get(exports::feedback_csv))
        .layer(Extension(Arc::new(throttle::SignInThrottle::new(&settings.console))))
        .layer(DefaultBodyLimit::max(4096))
        .layer(rate_limited)
}

/// Wraps the whole app (the console's pages and server functions are among the Leptos
/// routes): cross-site changes refused first, then the session, then the signed-in user.
/// Only console paths are touched; the cookie's path keeps the browser from sending it
/// anywhere else, so shopper pages never read a session.
pub fn layers(routes: Router<AppState>, state: &AppState, settings: &Settings) -> Router<AppState> {
    let public_url = settings.site.public_url.clone();
    let secure = public_url.as_deref().is_some_and(|url| url.starts_with("https://"));
    let own = OwnOrigins(public_url.into_iter().collect());
    routes
        .layer(middleware::from_fn_with_state(settings.console.absolute_seconds, session::admit))
        .layer(session::layer(state.storage.clone(), &settings.console, secure))
        .layer(middleware::from_fn_with_state(own, csrf::refuse_cross_site))
}
