//! What the server functions need from the server, as traits the server implements.
//! Keeps `app` free of storage code while its server functions run on the server.

use crate::domain::ShopperToken;
use crate::journey::model::{JourneySummary, JourneyView};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
#[error("journey storage failed: {0}")]
pub struct RepositoryError(#[from] pub Box<dyn std::error::Error + Send + Sync>);

#[async_trait::async_trait]
pub trait JourneyRepository: Send + Sync + 'static {
    async fn journey_by_token(&self, token: &ShopperToken) -> Result<Option<JourneyView>, RepositoryError>;
    async fn demo_journeys(&self) -> Result<Vec<JourneySummary>, RepositoryError>;
    /// Counts one opening of the journey page; returns the view's id (for its time on page).
    async fn record_view(&self, token: &ShopperToken) -> Result<Option<i64>, RepositoryError>;
}

/// Map settings the page needs.
#[derive(Debug, Clone, Default)]
pub struct MapConfig {
    /// An XYZ tile URL template; without it the page uses the bundled world outline.
    pub tile_url: Option<String>,
    pub tile_attribution: Option<String>,
}

/// Provided as Leptos context to every server function and SSR render.
#[derive(Clone)]
pub struct AppServices {
    pub journeys: Arc<dyn JourneyRepository>,
    pub map: MapConfig,
    /// Whether the landing page lists the demo merchant's journeys.
    pub demo: bool,
}
