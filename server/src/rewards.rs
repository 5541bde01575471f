//! Rule evaluation around the pure engine (`app::domain::gamification`): after events are
//! committed, what is true of the shipment — its folded milestones, its route, its shopper's
//! order count, the window it was shown at departure — goes through the merchant's rules, and
//! the rules due are granted, each at most once (the database refuses a second).

use crate::forecast::Forecasts;
use crate::storage::{RewardContext, ShipmentId, Storage, StorageError};
use app::domain::gamification::{borders_crossed, due_rules, journey_co2_grams, Rule, ShipmentFacts};
use app::domain::{Milestone, ShipmentState};
use app::model::rewards::Award;
use chrono::Utc;

/// Evaluates the merchant's rules for the shipment in its new state and grants what is due
/// and not yet granted. Returns the awards granted now (empty most of the time).
pub async fn evaluate(
    storage: &dyn Storage,
    forecasts: &Forecasts,
    shipment: ShipmentId,
    state: &ShipmentState,
) -> Result<Vec<Award>, StorageError> {
    // Recorded for the seller's on-time share whether or not a rule reads it.
    let on_time = forecasts.promise_kept(shipment, state).await?;
    let Some(context) = storage.reward_context(shipment).await? else { return Ok(Vec::new()) };
    let mut facts = route_facts(&context, state);
    facts.delivered_within_window = on_time.unwrap_or(false);
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
