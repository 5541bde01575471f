//! The merchant's HTTP API under `/api/v1` (authenticated by API keys or, for aggregator
//! webhooks, by their signatures), and the health check.

pub mod auth;
pub mod brand;
pub mod dead_letters;
pub mod events;
pub mod health;
pub mod helpdesk;
pub mod keys;
pub mod openapi;
pub mod rewards;
pub mod shipments;
pub mod webhooks;

use crate::http::rate_limit;
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{delete, get, post, put};
use axum::Router;

/// `/healthz`, and the routes under `/api/v1`, rate limited, each with its body-size limit.
/// Routes behind an API key take from their merchant's budget ([`auth::AuthenticatedMerchant`]);
/// the anonymous ones (the document, the webhooks) from the client's.
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new().route("/healthz", get(health::healthz)).nest("/api/v1", v1_routes(state))
}

fn v1_routes(state: &AppState) -> Router<AppState> {
    let limits = &state.limits;
    let batch = Router::new()
        .route("/events", post(events::add_batch))
        .layer(DefaultBodyLimit::max(limits.max_batch_body_bytes));
    // A full rule set (up to 100 rules) is larger than a single shipment or event.
    let rules = Router::new()
        .route("/rules", get(rewards::get_rules).merge(put(rewards::put_rules)))
        .layer(DefaultBodyLimit::max(limits.max_batch_body_bytes));
    let anonymous = middleware::from_fn_with_state(state.rate_limiter.clone(), rate_limit::limit);
    let anonymous_routes = Router::new()
        .route("/webhooks/{merchant}/{aggregator}", post(webhooks::receive))
        .layer(DefaultBodyLimit::max(limits.max_webhook_body_bytes))
        .route("/openapi.json", get(openapi::document))
        .layer(anonymous);
    Router::new()
        .route("/shipments", post(shipments::create_shipment))
        .route("/shipments/{tracking_number}", get(shipments::get_shipment))
        .route("/shipments/{tracking_number}/journey-link", post(shipments::new_journey_link))
        .route("/shipments/{reference}/events", post(events::add_event))
        .route("/dead-letters", get(dead_letters::list_dead_letters))
        .route("/contacts", post(helpdesk::add_contact))
        .route("/disputes", post(helpdesk::add_dispute))
        .route("/api-keys", get(keys::list).merge(post(keys::create)))
        .route("/api-keys/{prefix}", delete(keys::revoke))
        .route("/api-keys/{prefix}/rotate", post(keys::rotate))
        .route("/coupons/{code}/redeem", post(rewards::redeem))
        .route("/brand", get(brand::get_brand).merge(put(brand::put_brand)))
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .merge(batch)
        .merge(rules)
        .merge(anonymous_routes)
}
