//! Property: whatever the order, duplication, batching or lateness of the same events, each
//! award is granted at most once and the shopper ends with the same badges, points and
//! rewards as when the events arrive in journey order. Runs on SQLite through the real ingest
//! path (each case on its own fresh database).

use crate::support::{fixtures, fresh_storage, Backend};
use app::model::rewards::Reward;
use proptest::prelude::*;
use server::ingest;
use server::live::LiveFeed;
use server::storage::{AppendRequest, EventToAppend, NewShipment, SharedStorage, ShipmentId};

/// What a shopper ends up with: the rule ids granted (sorted, repeats kept so a double grant
/// shows), the kinds of reward, the badges and the points balance.
#[derive(Debug, PartialEq)]
struct Outcome {
    rules: Vec<String>,
    kinds: Vec<&'static str>,
    badges: Vec<app::domain::gamification::Badge>,
    points: i64,
}

/// Plays `deliveries` (indexes into JOURNEY, in arrival order) in batches of `batch` events.
async fn play(deliveries: &[usize], batch: usize) -> Outcome {
    let (storage, _guard): (SharedStorage, _) = fresh_storage(Backend::Sqlite).await;
    let merchant = storage.ensure_merchant("shop", "Shop").await.unwrap();
    let spec = fixtures::spec(fixtures::two_leg_shipment());
    let shipment: ShipmentId = storage.create_shipment(merchant, &NewShipment::issue(spec)).await.unwrap();
    let live = LiveFeed::quiet(storage.clone());
    let events: Vec<EventToAppend> = deliveries
        .iter()
        .map(|&i| {
            let (code, at) = fixtures::JOURNEY[i];
            EventToAppend { shipment, event: fixtures::event(serde_json::json!({"code": code, "occurred_at": at})) }
        })
        .collect();
    for chunk in events.chunks(batch.max(1)) {
        ingest::append(storage.as_ref(), &live, AppendRequest { merchant, delivery: None, events: chunk })
            .await
            .unwrap();
    }
    let rewards = storage.journey_rewards(shipment).await.unwrap();
    let mut rules: Vec<String> = rewards.awards.iter().map(|a| a.rule_id.clone()).collect();
    rules.sort();
    let mut kinds: Vec<&'static str> = rewards
        .awards
        .iter()
        .map(|a| match a.reward {
            Reward::Badge { .. } => "badge",
            Reward::Points { .. } => "points",
            Reward::Coupon { .. } => "coupon",
            Reward::VipInvite { .. } => "vip_invite",
        })
        .collect();
    kinds.sort();
    Outcome { rules, kinds, badges: rewards.badges, points: rewards.points }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn any_order_duplication_or_lateness_of_the_same_events_grants_the_same_rewards_once(
        order in Just((0..8).collect::<Vec<usize>>()).prop_shuffle(),
        repeats in proptest::collection::vec(0usize..8, 0..6),
        batch in 1usize..5,
    ) {
        let runtime = runtime();
        let in_order = runtime.block_on(play(&(0..8).collect::<Vec<_>>(), 8));
        // The same events shuffled (late arrivals), with some sent again (duplicates and re-scans).
        let mut arrivals = order.clone();
        arrivals.extend(repeats.iter().copied());
        let shuffled = runtime.block_on(play(&arrivals, batch));
        prop_assert_eq!(&shuffled, &in_order);
        let mut unique = shuffled.rules.clone();
        unique.dedup();
        prop_assert_eq!(unique.len(), shuffled.rules.len(), "each rule at most once");
        prop_assert_eq!(in_order.points, 150, "50 out for delivery + 100 delivered, a first order");
    }
}
