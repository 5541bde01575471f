//! The HTTP APIs around the pages: health, ingest (authenticated by merchant API keys or, for
//! aggregator webhooks, by their signatures) and the problem+json errors they answer with.

pub mod auth;
pub mod brand;
pub mod dead_letters;
pub mod events;
pub mod health;
pub mod intake;
pub mod json;
pub mod openapi;
pub mod problem;
pub mod rate_limit;
pub mod rewards;
pub mod shipments;
pub mod webhooks;

use crate::config::LimitSettings;
use crate::startup::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;

/// Routes under `/api/v1`, each with its body-size limit (the rate limit is applied in
/// `startup`, shared with the live streams).
pub fn v1_routes(limits: &LimitSettings) -> Router<AppState> {
    let batch = Router::new()
        .route("/events", post(events::add_batch))
        .layer(DefaultBodyLimit::max(limits.max_batch_body_bytes));
    // A full rule set (up to 100 rules) is larger than a single shipment or event.
    let rules = Router::new()
        .route("/rules", get(rewards::get_rules).merge(put(rewards::put_rules)))
        .layer(DefaultBodyLimit::max(limits.max_batch_body_bytes));
    let webhooks = Router::new()
        .route("/webhooks/{merchant}/{aggregator}", post(webhooks::receive))
        .layer(DefaultBodyLimit::max(limits.max_webhook_body_bytes));
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/shipments", post(shipments::create_shipment))
        .route("/shipments/{tracking_number}", get(shipments::get_shipment))
        .route("/shipments/{reference}/events", post(events::add_event))
        .route("/dead-letters", get(dead_letters::list_dead_letters))
        .route("/coupons/{code}/redeem", post(rewards::redeem))
        .route("/brand", get(brand::get_brand).merge(put(brand::put_brand)))
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .merge(batch)
        .merge(rules)
        .merge(webhooks)
}

pub fn health_routes() -> Router<AppState> {
    Router::new().route("/healthz", get(health::healthz))
}
