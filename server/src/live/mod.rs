//! Live updates: a hub that fans each update out to every open journey page, and the SSE
//! endpoint those pages listen on.

pub mod hub;
mod sse;

use crate::forecast::Forecasts;
use crate::storage::SharedStorage;
use std::sync::Arc;

pub use hub::{Frame, LiveHub};
pub use sse::live_stream;

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
}
