//! The simulator against a real database: it plays the demo shop's journeys to the end through
//! the ingest path, and a restarted simulator resumes them without storing anything twice.

use crate::support::{fresh_storage, Backend};
use app::domain::ShipmentStatus;
use chrono::{Duration, Utc};
use server::config::Settings;
use server::forecast::Forecasts;
use server::live::{LiveFeed, LiveHub};
use server::simulator::demo::seed_if_empty;
use server::simulator::Simulator;
use server::storage::{SharedStorage, DEMO_MERCHANT_SLUG};
use std::sync::Arc;

async fn stored_events(storage: &SharedStorage, numbers: &[app::domain::TrackingNumber]) -> usize {
    let merchant = storage.merchant_by_slug(DEMO_MERCHANT_SLUG).await.unwrap().unwrap();
    let mut total = 0;
    for number in numbers {
        total += storage.shipment_record(merchant, number).await.unwrap().unwrap().events.len();
    }
    total
}

async fn the_simulator_plays_journeys_to_the_end_and_resumes_after_a_restart(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let settings = Settings::defaults();
    let mut demo = settings.demo.clone();
    (demo.shoppers, demo.shipments) = (4, 4);
    let mut simulator_settings = settings.simulator.clone();
    simulator_settings.live_journeys = 0;
    let now = Utc::now();
    seed_if_empty(&storage, &demo, now).await.unwrap();
    let under_way: Vec<_> = storage.demo_journeys().await.unwrap().into_iter().map(|j| j.tracking_number).collect();
    assert_eq!(under_way.len(), 4);
    let seeded = stored_events(&storage, &under_way).await;

    let hub = Arc::new(LiveFeed { hub: LiveHub::new(64), forecasts: Arc::new(Forecasts::new(storage.clone())) });
    let resume = || Simulator::resume(storage.clone(), hub.clone(), simulator_settings.clone(), &demo);
    let mut simulator = resume().await.unwrap();
    assert_eq!(simulator.step(now).await.unwrap(), 0, "nothing new is due at the moment of seeding");
    let played = simulator.step(now + Duration::days(1)).await.unwrap();
    assert!(played > 0, "a day later the journeys have moved on");
    let after_a_day = stored_events(&storage, &under_way).await;
    assert_eq!(after_a_day, seeded + played);

    // A restart: the journeys are replanned from their seeds; what was stored stays stored once.
    let mut restarted = resume().await.unwrap();
    restarted.step(now + Duration::days(1)).await.unwrap();
    assert_eq!(stored_events(&storage, &under_way).await, after_a_day, "replayed events are duplicates");

    // Four months on, every journey has ended and nothing is left to resume.
    restarted.step(now + Duration::days(120)).await.unwrap();
    let merchant = storage.merchant_by_slug(DEMO_MERCHANT_SLUG).await.unwrap().unwrap();
    for number in &under_way {
        let record = storage.shipment_record(merchant, number).await.unwrap().unwrap();
        assert!(
            matches!(record.state.status, ShipmentStatus::Delivered | ShipmentStatus::ReturnedToSender),
            "{number}: {:?}",
            record.state.status
        );
    }
    assert!(storage.running_simulated_journeys().await.unwrap().is_empty());
    assert!(storage.demo_journeys().await.unwrap().is_empty(), "the landing page lists only journeys under way");
}

on_both_backends!(the_simulator_plays_journeys_to_the_end_and_resumes_after_a_restart);
