//! What the server functions need from the server, as traits the server implements.
//! Keeps `app` free of storage code while its server functions run on the server.

use crate::domain::gamification::DisplayName;
use crate::domain::ShopperToken;
use crate::journey::model::{JourneySummary, JourneyView};
use crate::rewards::model::{Board, JourneyRewards, LeaderboardView, ShopperRewardsView};
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

/// What a rating did.
#[derive(Debug, Clone, PartialEq)]
pub enum Rating {
    /// Recorded; the shipment's rewards after the rules ran.
    Recorded(JourneyRewards),
    /// Only a delivered parcel can be rated.
    NotDelivered,
    AlreadyRated,
    UnknownJourney,
}

/// The shopper's side of gamification, behind their secret journey token.
#[async_trait::async_trait]
pub trait ShopperRewards: Send + Sync + 'static {
    async fn rate_delivery(&self, token: &ShopperToken, stars: u8) -> Result<Rating, RepositoryError>;
    /// The board of the shop named by `shop` (a merchant slug) or of the token's shipment, with
    /// the token's shopper's standing. `None` when neither names a shop.
    async fn leaderboard(
        &self,
        shop: Option<&str>,
        me: Option<&ShopperToken>,
        board: Board,
    ) -> Result<Option<LeaderboardView>, RepositoryError>;
    async fn my_rewards(&self, token: &ShopperToken) -> Result<Option<ShopperRewardsView>, RepositoryError>;
    /// Shows the chosen name on leaderboards, or hides it (`None`). False for an unknown token.
    async fn set_display_name(&self, token: &ShopperToken, name: Option<DisplayName>) -> Result<bool, RepositoryError>;
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
    pub rewards: Arc<dyn ShopperRewards>,
    pub map: MapConfig,
    /// Whether the landing page lists the demo merchant's journeys.
    pub demo: bool,
}
