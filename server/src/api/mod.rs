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
use axum::routing::{get, post};
use axum::Router;

/// Routes under `/api/v1`, with the body-size limit every API request gets (the rate limit is
/// applied in `startup`, shared with the live streams).
pub fn v1_routes(max_body_bytes: usize) -> Router<AppState> {
    Router::new()
        .route("/shipments/{tracking_number}/positions", post(positions::record_position))
        .layer(DefaultBodyLimit::max(max_body_bytes))
}

pub fn health_routes() -> Router<AppState> {
    Router::new().route("/healthz", get(health::healthz))
}
