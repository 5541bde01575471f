//! Live updates: a hub that fans each update out to every open journey page, and the SSE
//! endpoint those pages listen on.

mod hub;
mod sse;

use crate::forecast::Forecasts;
use std::sync::Arc;

pub use hub::{Frame, LiveHub};
pub use sse::live_stream;

/// What publishing needs: the fan-out, and the forecasts for the outlook sent after events.
pub struct LiveFeed {
    pub hub: LiveHub,
    pub forecasts: Arc<Forecasts>,
}
