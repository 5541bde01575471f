//! The shopper's side of gamification behind their journey token: rating the delivery (which
//! runs the rules again), leaderboards with their own standing, their rewards page.

use crate::live::LiveFeed;
use crate::rewards;
use crate::storage::{SharedStorage, ShopperId, StorageError};
use app::domain::gamification::{DisplayName, Mission, MissionProgress, Season};
use app::domain::wismo::DeliveryRating;
use app::domain::{Milestone, ShopperToken};
use app::i18n::Locale;
use app::model::rewards::{Board, LeaderboardView, ShopperRewardsView};
use app::ports::{Rating, RepositoryError, ShopperRewards};
use chrono::Utc;
use std::sync::Arc;

/// The shopper's side (rating, leaderboards, their own page), behind their journey token.
pub struct ShopperRewardsService {
    pub storage: SharedStorage,
    pub live: Arc<LiveFeed>,
    /// The shop `/leaderboard` shows when it is opened without a shop or a token.
    pub default_shop: Option<String>,
}

/// How many rows a leaderboard shows above the shopper's own.
const TOP: i64 = 10;

impl ShopperRewardsService {
    async fn missions(&self, shopper: ShopperId, season: Season) -> Result<Vec<MissionProgress>, StorageError> {
        let counts = self.storage.mission_counts(shopper, season).await?;
        Ok(Mission::ALL
            .into_iter()
            .map(|m| MissionProgress::new(m, counts.iter().find(|(c, _)| *c == m).map_or(0, |(_, n)| *n)))
            .collect())
    }
}

#[async_trait::async_trait]
impl ShopperRewards for ShopperRewardsService {
    async fn rate_delivery(
        &self,
        token: &ShopperToken,
        rating: &DeliveryRating,
        locale: Locale,
    ) -> Result<Rating, RepositoryError> {
        let run = async {
            let Some(owner) = self.storage.shopper_of_token(token).await? else { return Ok(Rating::UnknownJourney) };
            let state = self.storage.shipment_state(owner.shipment).await?;
            if !state.milestones.contains_key(&Milestone::Delivered) {
                return Ok(Rating::NotDelivered);
            }
            if !self.storage.rate_delivery(owner.shipment, rating, locale.tag(), Utc::now()).await? {
                return Ok(Rating::AlreadyRated);
            }
            let granted =
                rewards::evaluate(self.storage.as_ref(), &self.live.forecasts, owner.shipment, &state).await?;
            if !granted.is_empty() {
                self.live.publish_rewards(self.storage.as_ref(), owner.shipment).await;
            }
            Ok::<_, StorageError>(Rating::Recorded(self.storage.journey_rewards(owner.shipment).await?))
        };
        run.await.map_err(RepositoryError::from)
    }

    async fn leaderboard(
        &self,
        shop: Option<&str>,
        me: Option<&ShopperToken>,
        board: Board,
    ) -> Result<Option<LeaderboardView>, RepositoryError> {
        let run = async {
            let owner = match me {
                Some(token) => self.storage.shopper_of_token(token).await?,
                None => None,
            };
            let (merchant, shop_name) = match (&owner, shop.or(self.default_shop.as_deref())) {
                (Some(owner), _) => (owner.merchant, owner.shop_name.clone()),
                (None, Some(slug)) => match self.storage.merchant_named(slug).await? {
                    Some(found) => found,
                    None => return Ok(None),
                },
                (None, None) => return Ok(None),
            };
            let season = Season::of(Utc::now());
            let page = self.storage.board(merchant, board, season, owner.as_ref().map(|o| o.shopper), TOP).await?;
            let missions = match &owner {
                Some(owner) => self.missions(owner.shopper, season).await?,
                None => Vec::new(),
            };
            Ok::<_, StorageError>(Some(LeaderboardView {
                shop_name,
                board,
                season,
                top: page.top,
                ranked: page.ranked,
                me: page.me,
                missions,
            }))
        };
        run.await.map_err(RepositoryError::from)
    }

    async fn my_rewards(&self, token: &ShopperToken) -> Result<Option<ShopperRewardsView>, RepositoryError> {
        let run = async {
            let Some(owner) = self.storage.shopper_of_token(token).await? else { return Ok(None) };
            let season = Season::of(Utc::now());
            let mut view =
                self.storage.shopper_rewards(owner.shopper, owner.shipment, season, owner.shop_name.clone()).await?;
            view.missions = self.missions(owner.shopper, season).await?;
            let rank = |board| self.storage.board(owner.merchant, board, season, Some(owner.shopper), 0);
            view.season_rank = rank(Board::Season).await?.me.and_then(|s| s.rank);
            view.all_time_rank = rank(Board::AllTime).await?.me.and_then(|s| s.rank);
            Ok::<_, StorageError>(Some(view))
        };
        run.await.map_err(RepositoryError::from)
    }

    async fn set_display_name(&self, token: &ShopperToken, name: Option<DisplayName>) -> Result<bool, RepositoryError> {
        let run = async {
            let Some(owner) = self.storage.shopper_of_token(token).await? else { return Ok(false) };
            self.storage.set_display_name(owner.shopper, name.as_ref()).await?;
            Ok::<_, StorageError>(true)
        };
        run.await.map_err(RepositoryError::from)
    }
}
