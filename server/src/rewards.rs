//! Rule evaluation around the pure engine (`app::domain::gamification`): after events are
//! committed, what is true of the shipment — its folded milestones, its route, its shopper's
//! order count, the window it was shown at departure — goes through the merchant's rules, and
//! the rules due are granted, each at most once (the database refuses a second).

use crate::forecast::Forecasts;
use crate::live::LiveFeed;
use crate::storage::{RewardContext, SharedStorage, ShipmentId, ShopperId, Storage, StorageError};
use app::domain::gamification::{
    borders_crossed, due_rules, journey_co2_grams, DisplayName, Mission, MissionProgress, Rule, Season, ShipmentFacts,
    Trigger,
};
use app::domain::{Milestone, ShipmentState, ShopperToken};
use app::model::rewards::{Award, Board, LeaderboardView, ShopperRewardsView};
use app::ports::{Rating, RepositoryError, ShopperRewards};
use chrono::Utc;
use std::sync::Arc;

/// Evaluates the merchant's rules for the shipment in its new state and grants what is due
/// and not yet granted. Returns the awards granted now (empty most of the time).
pub async fn evaluate(
    storage: &dyn Storage,
    forecasts: &Forecasts,
    shipment: ShipmentId,
    state: &ShipmentState,
) -> Result<Vec<Award>, StorageError> {
    let Some(context) = storage.reward_context(shipment).await? else { return Ok(Vec::new()) };
    let mut facts = route_facts(&context, state);
    // The on-time check reads the lane's history: only when it could still grant something.
    let on_time_open = context
        .rules
        .rules()
        .iter()
        .any(|r| matches!(r.trigger, Trigger::DeliveredWithinWindow) && !context.granted.contains(&r.id));
    if on_time_open {
        facts.delivered_within_window = forecasts.delivered_within_window(shipment, state).await?.unwrap_or(false);
    }
    let due: Vec<&Rule> = due_rules(&context.rules, &facts, context.order_number)
        .into_iter()
        .filter(|rule| !context.granted.contains(&rule.id))
        .collect();
    if due.is_empty() {
        return Ok(Vec::new());
    }
    storage.grant(&context, shipment, &due, Utc::now()).await
}

/// The facts that come from the fold and the route (all but the on-time check). The route's
/// borders and distance count once the parcel has travelled them (delivered); the greener
/// option was the shopper's choice at checkout, so it counts from the start.
pub fn route_facts(context: &RewardContext, state: &ShipmentState) -> ShipmentFacts {
    let travelled = state.milestones.contains_key(&Milestone::Delivered);
    let footprint = journey_co2_grams(context.route.iter().map(|leg| (leg.mode, &leg.waypoints[..])), 1.0);
    // Without legs there is no mode to judge: the straight line still counts for distance.
    let km = if context.route.is_empty() {
        context.origin.point.distance_km(&context.destination.point)
    } else {
        footprint.km
    };
    let countries = std::iter::once(context.origin.country_code.as_str())
        .chain(context.route.iter().filter_map(|leg| leg.handoff.as_ref().map(|h| h.country_code.as_str())))
        .chain([context.destination.country_code.as_str()]);
    ShipmentFacts {
        milestones: state.milestones.keys().copied().collect(),
        delivered_within_window: false,
        eco_choice: context.eco_option || (!context.route.is_empty() && footprint.is_greener_choice()),
        borders_crossed: if travelled { borders_crossed(countries) } else { 0 },
        distance_km: if travelled { km.round() as u32 } else { 0 },
        shared: context.shared,
        rated: context.rated,
    }
}

/// The shopper's side (rating, leaderboards, their own page), behind their journey token.
pub struct ShopperRewardsService {
    pub storage: SharedStorage,
    pub live: Arc<LiveFeed>,
    /// The shop `/leaderboard` shows when it is opened without a shop or a token.
    pub default_shop: Option<String>,
}

/// How many rows a leaderboard shows above the shopper's own.
const TOP: i64 = 10;

fn repository_error(error: StorageError) -> RepositoryError {
    RepositoryError(Box::new(error))
}

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
    async fn rate_delivery(&self, token: &ShopperToken, stars: u8) -> Result<Rating, RepositoryError> {
        let run = async {
            let Some(owner) = self.storage.shopper_of_token(token).await? else { return Ok(Rating::UnknownJourney) };
            let state = self.storage.shipment_state(owner.shipment).await?;
            if !state.milestones.contains_key(&Milestone::Delivered) {
                return Ok(Rating::NotDelivered);
            }
            if !self.storage.rate_delivery(owner.shipment, stars.clamp(1, 5), Utc::now()).await? {
                return Ok(Rating::AlreadyRated);
            }
            let granted = evaluate(self.storage.as_ref(), &self.live.forecasts, owner.shipment, &state).await?;
            if !granted.is_empty() {
                crate::ingest::publish_rewards(self.storage.as_ref(), &self.live, owner.shipment).await;
            }
            Ok(Rating::Recorded(self.storage.journey_rewards(owner.shipment).await?))
        };
        run.await.map_err(repository_error)
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
            Ok(Some(LeaderboardView {
                shop_name,
                board,
                season,
                top: page.top,
                ranked: page.ranked,
                me: page.me,
                missions,
            }))
        };
        run.await.map_err(repository_error)
    }

    async fn my_rewards(&self, token: &ShopperToken) -> Result<Option<ShopperRewardsView>, RepositoryError> {
        let run = async {
            let Some(owner) = self.storage.shopper_of_token(token).await? else { return Ok(None) };
            let season = Season::of(Utc::now());
            let mut view = self.storage.shopper_rewards(owner.shopper, season, owner.shop_name.clone()).await?;
            view.missions = self.missions(owner.shopper, season).await?;
            let rank = |board| self.storage.board(owner.merchant, board, season, Some(owner.shopper), 0);
            view.season_rank = rank(Board::Season).await?.me.and_then(|s| s.rank);
            view.all_time_rank = rank(Board::AllTime).await?.me.and_then(|s| s.rank);
            Ok(Some(view))
        };
        run.await.map_err(repository_error)
    }

    async fn set_display_name(&self, token: &ShopperToken, name: Option<DisplayName>) -> Result<bool, RepositoryError> {
        let run = async {
            let Some(owner) = self.storage.shopper_of_token(token).await? else { return Ok(false) };
            self.storage.set_display_name(owner.shopper, name.as_ref()).await?;
            Ok(true)
        };
        run.await.map_err(repository_error)
    }
}
