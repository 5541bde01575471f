//! The storage suite, run against SQLite and PostgreSQL alike.

use crate::support::fixtures::{event, milestone, position, spec, two_leg_shipment};
use crate::support::{fresh_database, fresh_storage, Backend};
use app::domain::event::EventSource;
use app::domain::{Milestone, ShipmentStatus, ShopperToken};
use app::model::journey::LiveUpdate;
use chrono::{Duration, Utc};
use serde_json::json;
use server::config::Settings;
use server::simulator::demo::{seed_if_empty, write_history};
use server::storage::{self, StorageError, DEMO_MERCHANT_SLUG};
use server::storage::{AppendReport, AppendRequest, EventToAppend, MerchantId, NewShipment, SharedStorage, ShipmentId};
use sqlx::{Connection, PgConnection, SqliteConnection};
use std::collections::BTreeMap;

fn shipment() -> NewShipment {
    NewShipment::issue(spec(json!({
        "shopper": {"reference": "cust-7"},
        "origin": {"city": "Yiwu", "country": "CN", "lat": 29.31, "lon": 120.07},
        "destination": {"city": "Madrid", "country": "ES", "postal_code": "28013", "lat": 40.42, "lon": -3.70},
    })))
}

async fn append(
    storage: &SharedStorage,
    merchant: MerchantId,
    events: Vec<(ShipmentId, app::domain::TrackingEvent)>,
) -> Vec<Option<i64>> {
    let events: Vec<_> = events.into_iter().map(|(shipment, event)| EventToAppend { shipment, event }).collect();
    match storage.append_events(AppendRequest { merchant, delivery: None, events: &events }).await.unwrap() {
        AppendReport::Appended { ids, .. } => ids,
        other => panic!("unexpected {other:?}"),
    }
}

async fn merchants_are_created_once_per_slug(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let a = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let again = storage.ensure_merchant("acme", "Acme Renamed").await.unwrap();
    let other = storage.ensure_merchant("globex", "Globex").await.unwrap();
    assert_eq!(a, again);
    assert_ne!(a, other);
    assert_eq!(storage.merchant_by_slug("globex").await.unwrap(), Some(other));
    assert_eq!(storage.merchant_by_slug("nobody").await.unwrap(), None);
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

async fn a_journey_is_assembled_from_its_events(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let new = shipment();
    let id = storage.create_shipment(merchant, &new).await.unwrap();
    let t0 = Utc::now() - Duration::hours(30);
    let ids = append(
        &storage,
        merchant,
        vec![
            (id, milestone("packed", t0 + Duration::hours(2))),
            (id, milestone("order_confirmed", t0)),
            (id, position(29.3, 120.1, t0)),
            (id, position(30.2, 121.3, t0 + Duration::hours(3))),
        ],
    )
    .await;
    // Late: an older position and a later report of a milestone already reached.
    append(
        &storage,
        merchant,
        vec![
            (id, position(10.0, 100.0, t0 + Duration::hours(1))),
            (id, milestone("order_confirmed", t0 + Duration::hours(9))),
        ],
    )
    .await;

    let journey = storage.journey_by_token(&new.shopper_token).await.unwrap().expect("found by token");
    assert_eq!(journey.tracking_number, new.tracking_number);
    assert_eq!((journey.origin.city.as_str(), journey.destination.city.as_str()), ("Yiwu", "Madrid"));
    let reached: Vec<_> = journey.milestones.iter().map(|m| m.milestone).collect();
    assert_eq!(reached, [Milestone::OrderConfirmed, Milestone::Packed]);
    assert_eq!(journey.milestones[0].reached_at.timestamp(), t0.timestamp(), "the earliest report counts");
    let last = journey.last_position.clone().expect("a position");
    assert_eq!((last.id, last.point.lat()), (ids[3].unwrap(), 30.2), "the latest by time, not by arrival");
    assert_eq!(journey.progress().percent(), 25);
}

async fn shipments_keep_their_legs_and_any_carrier_number_finds_them(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let acme = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let globex = storage.ensure_merchant("globex", "Globex").await.unwrap();
    let new = NewShipment::issue(spec(two_leg_shipment()));
    let id = storage.create_shipment(acme, &new).await.unwrap();
    for number in ["YT2412345678901234", "9400110898825022579493"] {
        assert_eq!(storage.shipment_by_carrier_number(acme, number).await.unwrap(), Some(id), "{number}");
        assert_eq!(storage.shipment_by_carrier_number(globex, number).await.unwrap(), None);
    }
    let record = storage.shipment_record(acme, &new.tracking_number).await.unwrap().unwrap();
    assert_eq!(record.spec.legs, new.spec.legs);
    assert_eq!(record.spec.shopper, new.spec.shopper);
    assert_eq!(record.spec.destination, new.spec.destination);
    assert!(record.spec.eco);
    assert!(record.events.is_empty());
    assert_eq!(record.state.status, ShipmentStatus::Pending);

    // Another shipment may not reuse a leg's number; another merchant may.
    let clash = storage.create_shipment(acme, &NewShipment::issue(spec(two_leg_shipment()))).await.unwrap_err();
    assert!(matches!(&clash, StorageError::Conflict { field, .. } if field == "legs[0].tracking_number"), "{clash:?}");
    assert_eq!(storage.shipment_count().await.unwrap(), 1, "the refused shipment left nothing behind");
    storage.create_shipment(globex, &NewShipment::issue(spec(two_leg_shipment()))).await.unwrap();
    // The shopper is one person across orders: the reference ties them together.
    let mut second = two_leg_shipment();
    second["legs"] = json!([]);
    second["shopper"] = json!({"reference": "cust-42"});
    let again = NewShipment::issue(spec(second));
    storage.create_shipment(acme, &again).await.unwrap();
    let record = storage.shipment_record(acme, &again.tracking_number).await.unwrap().unwrap();
    assert_eq!(record.spec.shopper.name.map(String::from).as_deref(), Some("Ana Lima"), "details kept");
}

async fn duplicates_are_stored_once_by_external_id_or_by_content(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let new = shipment();
    let id = storage.create_shipment(merchant, &new).await.unwrap();
    let at = Utc::now() - Duration::hours(5);
    let scan = milestone("carrier_received", at);
    let with_id = event(json!({"code": "in_transit", "occurred_at": at.to_rfc3339(), "external_id": "scan-9"}));
    let mut corrected = with_id.clone();
    corrected.description = Some("Corrected text".try_into().unwrap());
    let ids = append(&storage, merchant, vec![(id, scan.clone()), (id, scan.clone()), (id, with_id)]).await;
    assert!(ids[0].is_some() && ids[1].is_none() && ids[2].is_some(), "{ids:?}");
    let ids = append(&storage, merchant, vec![(id, scan), (id, corrected)]).await;
    assert_eq!(ids, [None, None], "same content, then same source + external id");
    let record = storage.shipment_record(merchant, &new.tracking_number).await.unwrap().unwrap();
    assert_eq!(record.events.len(), 2);
    assert_eq!(record.state.status, ShipmentStatus::InTransit);
}

async fn a_webhook_delivery_is_processed_once(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let id = storage.create_shipment(merchant, &shipment()).await.unwrap();
    let events = [EventToAppend { shipment: id, event: milestone("packed", Utc::now()) }];
    let request = AppendRequest { merchant, delivery: Some((EventSource::Aftership, "delivery-1")), events: &events };
    assert!(matches!(storage.append_events(request).await.unwrap(), AppendReport::Appended { .. }));
    assert_eq!(storage.append_events(request).await.unwrap(), AppendReport::DeliverySeenBefore);
    // The same id from another aggregator is another delivery.
    let other = AppendRequest { delivery: Some((EventSource::Easypost, "delivery-1")), ..request };
    assert!(matches!(storage.append_events(other).await.unwrap(), AppendReport::Appended { .. }));
}

async fn concurrent_appends_to_one_shipment_all_count(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let new = shipment();
    let id = storage.create_shipment(merchant, &new).await.unwrap();
    let t0 = Utc::now() - Duration::days(3);
    let tasks: Vec<_> = Milestone::ALL
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let storage = storage.clone();
            tokio::spawn(async move {
                let event = milestone(m.code(), t0 + Duration::hours(i as i64));
                append(&storage, merchant, vec![(id, event)]).await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let record = storage.shipment_record(merchant, &new.tracking_number).await.unwrap().unwrap();
    assert_eq!(record.state.milestones.len(), 8);
    let journey = storage.journey_by_token(&new.shopper_token).await.unwrap().unwrap();
    assert_eq!(journey.milestones.len(), 8, "every append's fold saw the others' events");
    assert_eq!(journey.progress().percent(), 100);
}

async fn unknown_tokens_and_other_merchants_find_nothing(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let acme = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let globex = storage.ensure_merchant("globex", "Globex").await.unwrap();
    let new = shipment();
    let id = storage.create_shipment(acme, &new).await.unwrap();
    assert_eq!(storage.shipment_of_merchant(acme, &new.tracking_number).await.unwrap(), Some(id));
    assert_eq!(storage.shipment_of_merchant(globex, &new.tracking_number).await.unwrap(), None);
    assert!(storage.shipment_record(globex, &new.tracking_number).await.unwrap().is_none());
    assert_eq!(storage.shipment_by_token(&new.shopper_token).await.unwrap(), Some(id));
    let stranger = ShopperToken::parse("AAAAAAAAAAAAAAAAAAAAAA").unwrap();
    assert_eq!(storage.shipment_by_token(&stranger).await.unwrap(), None);
    assert!(storage.journey_by_token(&stranger).await.unwrap().is_none());
    // Another merchant cannot append to it, even holding its id.
    let events = [EventToAppend { shipment: id, event: milestone("delivered", Utc::now()) }];
    let refused = storage.append_events(AppendRequest { merchant: globex, delivery: None, events: &events }).await;
    assert!(matches!(refused, Err(StorageError::Conflict { .. })), "{refused:?}");
    assert!(storage.shipment_record(acme, &new.tracking_number).await.unwrap().unwrap().events.is_empty());
}

async fn live_updates_after_an_id_come_oldest_first_and_per_shipment(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let (a, b) = (
        storage.create_shipment(merchant, &shipment()).await.unwrap(),
        storage.create_shipment(merchant, &shipment()).await.unwrap(),
    );
    let mut ids = Vec::new();
    for i in 0..5 {
        let at = Utc::now() - Duration::minutes(10 - i);
        let got =
            append(&storage, merchant, vec![(a, position(10.0 + i as f64, 20.0, at)), (b, position(1.0, 2.0, at))])
                .await;
        ids.push(got[0].unwrap());
        // Every scan is a timeline entry, with coordinates or without.
        ids.push(append(&storage, merchant, vec![(a, milestone("in_transit", at))]).await[0].unwrap());
    }
    let packed = append(&storage, merchant, vec![(a, milestone("packed", Utc::now()))]).await[0].unwrap();
    let after: Vec<_> =
        storage.live_updates_after(a, ids[1], 100).await.unwrap().iter().map(|u| u.event_id().unwrap()).collect();
    assert_eq!(after, [&ids[2..], &[packed]].concat());
    match storage.live_updates_after(a, ids[9], 100).await.unwrap().as_slice() {
        [LiveUpdate::Scan(scan)] => {
            assert_eq!(scan.milestone(), Some(Milestone::Packed));
            assert_eq!(scan.entry.id, packed);
        }
        other => panic!("{other:?}"),
    }
    let limited = storage.live_updates_after(a, 0, 3).await.unwrap();
    assert_eq!(limited.iter().map(|u| u.event_id().unwrap()).collect::<Vec<_>>(), ids[..3]);
    match (&limited[1], &limited[2]) {
        (LiveUpdate::Scan(scan), LiveUpdate::Position(fix)) => {
            assert_eq!(scan.entry.code, app::domain::EventCode::InTransit);
            assert_eq!(fix.point.lat(), 11.0);
        }
        other => panic!("{other:?}"),
    }
}

async fn dead_letters_and_webhook_secrets_belong_to_their_merchant(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let acme = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let globex = storage.ensure_merchant("globex", "Globex").await.unwrap();
    let first =
        storage.add_dead_letter(acme, EventSource::Native, "/api/v1/events", "body", "not JSON", "{").await.unwrap();
    let second = storage
        .add_dead_letter(
            acme,
            EventSource::Easypost,
            "/api/v1/webhooks/acme/easypost",
            "result.status",
            "unknown",
            "{}",
        )
        .await
        .unwrap();
    storage.add_dead_letter(globex, EventSource::Native, "/api/v1/events", "code", "unknown", "{}").await.unwrap();
    let listed = storage.dead_letters(acme, None, 10).await.unwrap();
    assert_eq!(listed.iter().map(|d| d.id).collect::<Vec<_>>(), [second, first], "newest first, own only");
    assert_eq!((listed[0].source.as_str(), listed[0].field.as_str()), ("easypost", "result.status"));
    assert_eq!(storage.dead_letters(acme, Some(second), 10).await.unwrap().len(), 1, "paged below an id");

    assert_eq!(storage.webhook_secret(acme, EventSource::Aftership).await.unwrap(), None);
    storage.set_webhook_secret(acme, EventSource::Aftership, "first-secret").await.unwrap();
    storage.set_webhook_secret(acme, EventSource::Aftership, "rotated-secret").await.unwrap();
    assert_eq!(storage.webhook_secret(acme, EventSource::Aftership).await.unwrap().as_deref(), Some("rotated-secret"));
    assert_eq!(storage.webhook_secret(globex, EventSource::Aftership).await.unwrap(), None);

    // Retention: nothing received before a day ago, so nothing goes; then everything before now.
    assert_eq!(storage.delete_dead_letters_before(Utc::now() - chrono::Duration::days(1)).await.unwrap(), 0);
    assert_eq!(storage.dead_letters(acme, None, 10).await.unwrap().len(), 2);
    assert_eq!(storage.delete_dead_letters_before(Utc::now() + chrono::Duration::seconds(1)).await.unwrap(), 3);
    assert!(storage.dead_letters(acme, None, 10).await.unwrap().is_empty());
}

/// Runs `statement` on the database at `url` outside the store, and returns the first column
/// of its first row as text (or "" when it returns none).
async fn raw_sql(backend: Backend, url: &str, statement: &str) -> String {
    let text = |rows: Vec<(Option<String>,)>| rows.into_iter().next().and_then(|(v,)| v).unwrap_or_default();
    match backend {
        Backend::Sqlite => {
            let mut connection = SqliteConnection::connect(url).await.unwrap();
            text(sqlx::query_as(statement).fetch_all(&mut connection).await.unwrap())
        }
        Backend::Postgres => {
            let mut connection = PgConnection::connect(url).await.unwrap();
            let rows = sqlx::query_as(statement).fetch_all(&mut connection).await.unwrap();
            connection.close().await.unwrap();
            text(rows)
        }
    }
}

async fn journey_links_are_stored_only_as_hashes_and_plaintext_ones_are_converted(backend: Backend) {
    let (url, _db) = fresh_database(backend).await;
    let mut settings = Settings::defaults();
    settings.database.url = url.clone();
    let storage = storage::connect(&settings.database).await.unwrap();
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let new = shipment();
    let id = storage.create_shipment(merchant, &new).await.unwrap();
    let token = new.shopper_token.as_str();
    let stored = raw_sql(backend, &url, "SELECT token_hash FROM journey_tokens").await;
    assert_eq!(stored, server::storage::token_hash(&new.shopper_token));
    assert!(!stored.contains(token));
    let plaintext = "SELECT CAST(COUNT(*) AS TEXT) FROM shipments WHERE shopper_token IS NOT NULL";
    assert_eq!(raw_sql(backend, &url, plaintext).await, "0", "no link in plaintext");
    assert_eq!(storage.shipment_by_token(&new.shopper_token).await.unwrap(), Some(id));

    // A database an earlier version wrote: the link in plaintext, no hash. The next start
    // moves it to a hash, and the shopper's link still opens the journey.
    raw_sql(backend, &url, "DELETE FROM journey_tokens").await;
    raw_sql(backend, &url, &format!("UPDATE shipments SET shopper_token = '{token}'")).await;
    assert_eq!(storage.shipment_by_token(&new.shopper_token).await.unwrap(), None);
    drop(storage);
    let storage = storage::connect(&settings.database).await.unwrap();
    assert_eq!(storage.shipment_by_token(&new.shopper_token).await.unwrap(), Some(id));
    assert_eq!(raw_sql(backend, &url, plaintext).await, "0");

    // A link with an end (a /track lookup's) opens until the sweep after it deletes it.
    let lookup = ShopperToken::parse("AAAAAAAAAAAAAAAAAAAAAA").unwrap();
    storage.add_journey_token(id, &lookup, Some(Utc::now() - Duration::minutes(1))).await.unwrap();
    assert_eq!(storage.shipment_by_token(&lookup).await.unwrap(), Some(id));
    assert_eq!(storage.delete_journey_tokens_expired_before(Utc::now()).await.unwrap(), 1);
    assert_eq!(storage.shipment_by_token(&lookup).await.unwrap(), None);
    assert_eq!(storage.shipment_by_token(&new.shopper_token).await.unwrap(), Some(id), "the first never ends");
}

async fn old_events_lose_their_raw_payload_and_keep_the_rest(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let new = shipment();
    let id = storage.create_shipment(merchant, &new).await.unwrap();
    let t0 = Utc::now() - Duration::hours(30);
    append(&storage, merchant, vec![(id, milestone("order_confirmed", t0)), (id, milestone("packed", t0))]).await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let cutoff = Utc::now();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    append(&storage, merchant, vec![(id, milestone("carrier_received", t0 + Duration::hours(1)))]).await;
    let before = storage.shipment_record(merchant, &new.tracking_number).await.unwrap().unwrap();

    assert_eq!(server::startup::drop_raw_payloads(storage.as_ref(), cutoff).await.unwrap(), 2);
    assert_eq!(server::startup::drop_raw_payloads(storage.as_ref(), cutoff).await.unwrap(), 0, "done once");
    let after = storage.shipment_record(merchant, &new.tracking_number).await.unwrap().unwrap();
    let raws: Vec<_> = after.events.iter().map(|e| e.event.raw.clone()).collect();
    assert_eq!(raws[..2], [serde_json::Value::Null, serde_json::Value::Null], "received before the cutoff");
    assert_eq!(raws[2]["code"], "carrier_received", "received after it: kept");
    assert_eq!(after.state, before.state, "the journey is unchanged");
    assert_eq!(after.events.len(), 3);
    assert_eq!(after.events[0].event.code, before.events[0].event.code);
}

async fn the_demo_shop_is_seeded_once_with_journeys_at_every_stage(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let mut demo = Settings::defaults().demo;
    (demo.shoppers, demo.shipments) = (10, 40);
    let now = Utc::now();
    assert_eq!(seed_if_empty(&storage, &demo, now).await.unwrap(), 40);
    assert_eq!(seed_if_empty(&storage, &demo, now).await.unwrap(), 0, "only into an empty database");
    assert_eq!(storage.shipment_count().await.unwrap(), 40);
    // Ten under way (a quarter), taking the stages in turn; the landing page lists them.
    let listed = storage.demo_journeys().await.unwrap();
    assert_eq!(listed.len(), 10);
    let stages: std::collections::BTreeSet<u8> = listed.iter().map(|d| d.progress.percent()).collect();
    assert!(stages.len() >= 5, "journeys at many stages: {stages:?}");
    assert!(listed.iter().all(|d| d.progress.percent() < 100));
    assert_eq!(storage.running_simulated_journeys().await.unwrap().len(), 10, "each resumable");
    let merchant = storage.merchant_by_slug(DEMO_MERCHANT_SLUG).await.unwrap().unwrap();
    for demo in &listed {
        let token = ShopperToken::parse(&demo.token).unwrap();
        assert!(storage.journey_by_token(&token).await.unwrap().unwrap().last_position.is_some());
        let record = storage.shipment_record(merchant, &demo.tracking_number).await.unwrap().unwrap();
        assert_eq!(record.state.progress(), demo.progress, "the stored milestones are the fold's");
        assert_eq!(record.spec.legs.len(), 3, "consolidator, linehaul, last mile");
        assert!(record.events.iter().all(|e| e.event.source == EventSource::Simulator));
        assert!(record.events.iter().all(|e| e.event.occurred_at_utc() <= now), "nothing from the future");
    }
}

async fn a_history_of_completed_journeys_goes_through_ingest(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let report = write_history(&storage, merchant, 120, 5, Utc::now(), &|_| {}).await.unwrap();
    assert_eq!(report.journeys, 120);
    assert_eq!(report.delivered + report.returned, 120);
    assert_eq!(storage.shipment_count().await.unwrap(), 120);
    assert!(report.events > 120 * 15, "{} events", report.events);
    assert!(storage.demo_journeys().await.unwrap().is_empty(), "another merchant's history is not the demo");
    // The same seed again would repeat every carrier number: refused, nothing half-written.
    let again = write_history(&storage, merchant, 10, 5, Utc::now(), &|_| {}).await;
    assert!(matches!(again, Err(StorageError::Conflict { .. })), "{again:?}");
    assert_eq!(storage.shipment_count().await.unwrap(), 120);
}

async fn each_unique_index_names_its_own_field(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let first = NewShipment::issue(spec(two_leg_shipment()));
    storage.create_shipment(merchant, &first).await.unwrap();
    // The same tracking number (a merchant may choose their own), with no legs to clash.
    let mut same_number = shipment();
    same_number.tracking_number = first.tracking_number.clone();
    let clash = storage.create_shipment(merchant, &same_number).await.unwrap_err();
    assert!(
        matches!(&clash, StorageError::Conflict { field, reason } if field == "tracking_number" && reason == "is already on another of your shipments"),
        "{clash:?}"
    );
    // A new first leg, and a second leg whose carrier number is already on the first shipment.
    let mut second_leg = two_leg_shipment();
    second_leg["legs"][0]["tracking_number"] = json!("YT2499999999999999");
    let clash = storage.create_shipment(merchant, &NewShipment::issue(spec(second_leg))).await.unwrap_err();
    assert!(
        matches!(&clash, StorageError::Conflict { field, reason }
            if field == "legs[1].tracking_number" && reason == "is already on another of your shipments"),
        "{clash:?}"
    );
    // A unique index the caller cannot do anything about is no conflict of theirs.
    let mut same_token = shipment();
    same_token.shopper_token = first.shopper_token.clone();
    let clash = storage.create_shipment(merchant, &same_token).await.unwrap_err();
    assert!(matches!(clash, StorageError::Database(_)), "{clash:?}");
    assert_eq!(storage.shipment_count().await.unwrap(), 1, "the refused shipments left nothing behind");
}

on_both_backends!(
    merchants_are_created_once_per_slug,
    old_events_lose_their_raw_payload_and_keep_the_rest,
    journey_links_are_stored_only_as_hashes_and_plaintext_ones_are_converted,
    api_keys_are_found_by_prefix_and_keep_only_the_hash,
    a_journey_is_assembled_from_its_events,
    shipments_keep_their_legs_and_any_carrier_number_finds_them,
    duplicates_are_stored_once_by_external_id_or_by_content,
    a_webhook_delivery_is_processed_once,
    concurrent_appends_to_one_shipment_all_count,
    unknown_tokens_and_other_merchants_find_nothing,
    live_updates_after_an_id_come_oldest_first_and_per_shipment,
    dead_letters_and_webhook_secrets_belong_to_their_merchant,
    the_demo_shop_is_seeded_once_with_journeys_at_every_stage,
    a_history_of_completed_journeys_goes_through_ingest,
    each_unique_index_names_its_own_field,
);

/// Each table's columns and whether they may be null, as the migrations left them.
type Schema = BTreeMap<String, BTreeMap<String, bool>>;

async fn migrated_schema(backend: Backend) -> Schema {
    let (url, _db) = fresh_database(backend).await;
    let mut settings = Settings::defaults();
    settings.database.url = url.clone();
    storage::connect(&settings.database).await.expect("connect and migrate");
    // A primary key is never null, whether or not SQLite's table says so.
    let rows: Vec<(String, String, bool)> = match backend {
        Backend::Sqlite => {
            let mut connection = SqliteConnection::connect(&url).await.unwrap();
            sqlx::query_as(
                "SELECT m.name, c.name, c.\"notnull\" = 0 AND c.pk = 0 FROM sqlite_master m \
                 JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(&mut connection)
            .await
            .unwrap()
        }
        Backend::Postgres => {
            let mut connection = PgConnection::connect(&url).await.unwrap();
            let rows = sqlx::query_as(
                "SELECT table_name::TEXT, column_name::TEXT, is_nullable = 'YES' FROM information_schema.columns \
                 WHERE table_schema = 'public'",
            )
            .fetch_all(&mut connection)
            .await
            .unwrap();
            connection.close().await.unwrap();
            rows
        }
    };
    let mut schema = Schema::new();
    for (table, column, nullable) in rows.into_iter().filter(|(table, _, _)| table != "_sqlx_migrations") {
        schema.entry(table).or_default().insert(column, nullable);
    }
    schema
}

#[tokio::test]
async fn both_migrations_make_the_same_tables_and_columns() {
    let (sqlite, postgres) = (migrated_schema(Backend::Sqlite).await, migrated_schema(Backend::Postgres).await);
    assert!(sqlite.len() > 10, "{:?}", sqlite.keys());
    assert_eq!(sqlite.keys().collect::<Vec<_>>(), postgres.keys().collect::<Vec<_>>(), "the same tables");
    for (table, columns) in &sqlite {
        assert_eq!(columns, &postgres[table], "{table}: the same columns, nullable alike");
    }
}
