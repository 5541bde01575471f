//! The storage suite, run against SQLite and PostgreSQL alike.

mod support;

use app::domain::{GeoPoint, Milestone, ShopperToken};
use app::journey::model::Place;
use chrono::{Duration, Utc};
use server::storage::NewShipment;
use support::{fresh_storage, Backend};

fn shipment() -> NewShipment {
    NewShipment::fresh(
        Place { city: "Yiwu".into(), country_code: "CN".into(), point: GeoPoint::new(29.31, 120.07).unwrap() },
        Place { city: "Madrid".into(), country_code: "ES".into(), point: GeoPoint::new(40.42, -3.70).unwrap() },
    )
}

async fn merchants_are_created_once_per_slug(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let a = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let again = storage.ensure_merchant("acme", "Acme Renamed").await.unwrap();
    let other = storage.ensure_merchant("globex", "Globex").await.unwrap();
    assert_eq!(a, again);
    assert_ne!(a, other);
}

async fn api_keys_are_found_by_prefix_and_keep_only_the_hash(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    storage.insert_api_key(merchant, "0123456789ab", "hash-of-key").await.unwrap();
    let stored = storage.api_key_by_prefix("0123456789ab").await.unwrap().unwrap();
    assert_eq!((stored.merchant, stored.key_hash.as_str()), (merchant, "hash-of-key"));
    assert!(storage.api_key_by_prefix("ffffffffffff").await.unwrap().is_none());
    assert!(storage.insert_api_key(merchant, "0123456789ab", "other").await.is_err(), "prefixes are unique");
}

async fn a_journey_is_assembled_from_shipment_milestones_and_last_position(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let new = shipment();
    let id = storage.create_shipment(merchant, &new).await.unwrap();
    let t0 = Utc::now() - Duration::hours(30);
    storage.record_milestone(id, Milestone::Packed, t0 + Duration::hours(2)).await.unwrap();
    storage.record_milestone(id, Milestone::OrderConfirmed, t0).await.unwrap();
    // A duplicate keeps the first time.
    storage.record_milestone(id, Milestone::OrderConfirmed, t0 + Duration::hours(9)).await.unwrap();
    let first = storage.record_position(id, GeoPoint::new(29.3, 120.1).unwrap(), t0).await.unwrap();
    let last = storage.record_position(id, GeoPoint::new(30.2, 121.3).unwrap(), t0 + Duration::hours(1)).await.unwrap();
    assert!(last.id > first.id);

    let journey = storage.journey_by_token(&new.shopper_token).await.unwrap().expect("found by token");
    assert_eq!(journey.tracking_number, new.tracking_number);
    assert_eq!(journey.origin, new.origin);
    assert_eq!(journey.destination.city, "Madrid");
    let reached: Vec<_> = journey.milestones.iter().map(|m| m.milestone).collect();
    assert_eq!(reached, [Milestone::OrderConfirmed, Milestone::Packed]);
    assert_eq!(journey.milestones[0].reached_at.timestamp(), t0.timestamp());
    assert_eq!(journey.last_position.as_ref().map(|p| p.id), Some(last.id));
    assert_eq!(journey.progress().percent(), 25);
}

async fn unknown_tokens_and_other_merchants_find_nothing(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let acme = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let globex = storage.ensure_merchant("globex", "Globex").await.unwrap();
    let new = shipment();
    let id = storage.create_shipment(acme, &new).await.unwrap();
    assert_eq!(storage.shipment_of_merchant(acme, &new.tracking_number).await.unwrap(), Some(id));
    assert_eq!(storage.shipment_of_merchant(globex, &new.tracking_number).await.unwrap(), None);
    assert_eq!(storage.shipment_by_token(&new.shopper_token).await.unwrap(), Some(id));
    let stranger = ShopperToken::parse("AAAAAAAAAAAAAAAAAAAAAA").unwrap();
    assert_eq!(storage.shipment_by_token(&stranger).await.unwrap(), None);
    assert!(storage.journey_by_token(&stranger).await.unwrap().is_none());
}

async fn positions_after_an_id_come_oldest_first_and_per_shipment(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let (a, b) = (
        storage.create_shipment(merchant, &shipment()).await.unwrap(),
        storage.create_shipment(merchant, &shipment()).await.unwrap(),
    );
    let mut ids = Vec::new();
    for i in 0..5 {
        let p = GeoPoint::new(10.0 + i as f64, 20.0).unwrap();
        ids.push(storage.record_position(a, p, Utc::now()).await.unwrap().id);
        storage.record_position(b, p, Utc::now()).await.unwrap();
    }
    let after: Vec<_> = storage.positions_after(a, ids[1], 100).await.unwrap().iter().map(|p| p.id).collect();
    assert_eq!(after, ids[2..]);
    let limited = storage.positions_after(a, 0, 2).await.unwrap();
    assert_eq!(limited.iter().map(|p| p.id).collect::<Vec<_>>(), ids[..2]);
    assert_eq!(limited[1].point.lat(), 11.0);
}

async fn the_demo_seed_fills_an_empty_database_once(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    assert_eq!(server::demo::seed_if_empty(storage.as_ref()).await.unwrap(), 4);
    assert_eq!(server::demo::seed_if_empty(storage.as_ref()).await.unwrap(), 0);
    let demos = storage.demo_journeys().await.unwrap();
    assert_eq!(demos.len(), 4);
    assert_eq!(demos[0].origin_city, "Shenzhen");
    assert!(demos.iter().any(|d| d.progress.percent() == 100));
    let percents: Vec<u8> = demos.iter().map(|d| d.progress.percent()).collect();
    assert_eq!(percents, [50, 75, 25, 100], "each journey's furthest milestone");
    for demo in &demos {
        let token = ShopperToken::parse(&demo.token).unwrap();
        assert!(storage.journey_by_token(&token).await.unwrap().unwrap().last_position.is_some());
    }
}

on_both_backends!(
    merchants_are_created_once_per_slug,
    api_keys_are_found_by_prefix_and_keep_only_the_hash,
    a_journey_is_assembled_from_shipment_milestones_and_last_position,
    unknown_tokens_and_other_merchants_find_nothing,
    positions_after_an_id_come_oldest_first_and_per_shipment,
    the_demo_seed_fills_an_empty_database_once,
);
