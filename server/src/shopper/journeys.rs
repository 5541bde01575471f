//! What the journey page's server function reads: the stored journey, with the forecast
//! added. A forecast that fails is logged and left out; the journey still shows.

use crate::forecast::Forecasts;
use crate::storage::SharedStorage;
use app::domain::ShopperToken;
use app::model::journey::{JourneySummary, JourneyView};
use app::ports::{JourneyRepository, RepositoryError};
use std::sync::Arc;

pub struct JourneyPages {
    pub storage: SharedStorage,
    pub forecasts: Arc<Forecasts>,
}

#[async_trait::async_trait]
impl JourneyRepository for JourneyPages {
    async fn journey_by_token(&self, token: &ShopperToken) -> Result<Option<JourneyView>, RepositoryError> {
        let Some(mut view) = self.storage.journey_by_token(token).await? else { return Ok(None) };
        if let Err(error) = self.forecasts.fill_view(token, &mut view).await {
            tracing::warn!(error = %error, "journey shown without its forecast");
        }
        Ok(Some(view))
    }

    async fn demo_journeys(&self) -> Result<Vec<JourneySummary>, RepositoryError> {
        Ok(self.storage.demo_journeys().await?)
    }

    async fn record_view(&self, token: &ShopperToken) -> Result<Option<i64>, RepositoryError> {
        Ok(self.storage.record_view(token).await?)
    }
}
