//! The HTTP APIs around the pages: health, ingest (authenticated by merchant API keys) and
//! the problem+json errors they answer with.

pub mod auth;
pub mod health;
pub mod json;
pub mod positions;
pub mod problem;
pub mod rate_limit;

use crate::startup::AppState;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use rate_limit::RateLimiter;
use std::sync::Arc;

/// Routes under `/api/v1`, with the body-size and request-rate limits every API request gets.
pub fn v1_routes(max_body_bytes: usize, limiter: Arc<RateLimiter>) -> Router<AppState> {
    Router::new()
        .route("/shipments/{tracking_number}/positions", post(positions::record_position))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .layer(middleware::from_fn_with_state(limiter, rate_limit::limit))
}

pub fn health_routes() -> Router<AppState> {
    Router::new().route("/healthz", get(health::healthz))
}
