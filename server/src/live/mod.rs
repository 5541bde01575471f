//! Live updates: a hub that fans each update out to every open journey page, and the SSE
//! endpoint those pages listen on.

pub mod hub;
mod sse;

use crate::forecast::Forecasts;
use crate::http::rate_limit;
use crate::state::AppState;
use crate::storage::{SharedStorage, ShipmentId, Storage};
use app::model::journey::LiveUpdate;
use axum::middleware;
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

pub use hub::{Frame, LiveHub};

/// `GET /t/{token}/live`, within the client's rate budget.
pub fn router(state: &AppState) -> Router<AppState> {
    let rate_limited = middleware::from_fn_with_state(state.rate_limiter.clone(), rate_limit::limit);
    Router::new().route("/t/{token}/live", get(sse::live_stream).layer(rate_limited))
}

/// What publishing needs: the fan-out, and the forecasts for the outlook sent after events.
pub struct LiveFeed {
    pub hub: LiveHub,
    pub forecasts: Arc<Forecasts>,
}

impl LiveFeed {
    /// A hub keeping `capacity` updates per page, and forecasts over `storage`.
    pub fn new(storage: SharedStorage, capacity: usize) -> Self {
        Self { hub: LiveHub::new(capacity), forecasts: Arc::new(Forecasts::new(storage)) }
    }

    /// For bulk writers (history, imports): the same evaluation, nobody listening.
    pub fn quiet(storage: SharedStorage) -> Self {
        Self::new(storage, 1)
    }

    /// Sends the shipment's rewards (all of them: small, and right even after a missed update).
    pub async fn publish_rewards(&self, storage: &dyn Storage, shipment: ShipmentId) {
        match storage.journey_rewards(shipment).await {
            Ok(rewards) => {
                self.hub.publish(shipment, &LiveUpdate::Rewards(Box::new(rewards)));
            }
            Err(error) => tracing::warn!(error = %error, shipment = shipment.0, "rewards not sent"),
        }
    }
}
