//! Carrier and lane performance on a small hand-made set with known answers, on both
//! databases: transit p50/p90, the promised window kept, first attempts and problems per lane
//! and carrier (worst first), problems by first cause, customs holds and dwell per destination
//! country; the on-time record surviving later events, and facts of an older version derived
//! again.

use crate::support::fixtures::{event, milestone};
use crate::support::{fresh_database, Backend};
use app::domain::event::ReasonCode;
use app::domain::performance::{ProblemCause, Share};
use app::domain::wismo::{LaneCode, Week};
use app::domain::{EventCode, TrackingEvent};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use server::config::Settings;
use server::storage::{
    self, AppendReport, AppendRequest, EventToAppend, MeasureScope, MerchantId, NewShipment, SharedStorage, ShipmentId,
};
use sqlx::{Connection, PgConnection, SqliteConnection};

fn shipment(n: u32, destination: &str, carrier: &str) -> NewShipment {
    NewShipment::issue(crate::support::fixtures::spec(json!({
        "order_ref": format!("PERF-{n}"),
        "shopper": {"reference": format!("perf-{n}")},
        "origin": {"city": "Shenzhen", "country": "CN", "lat": 22.5, "lon": 114.0},
        "destination": {"city": "Destination", "country": destination, "lat": 40.4, "lon": -3.7},
        "service": "standard",
        "legs": [{"carrier": carrier, "tracking_number": format!("PERF{n:08}X"), "mode": "air"}]
    })))
}

fn problem(code: &str, reason: Option<&str>, at: DateTime<Utc>) -> TrackingEvent {
    let mut raw = json!({"code": code, "occurred_at": at.to_rfc3339()});
    if let Some(reason) = reason {
        raw["reason"] = json!(reason);
    }
    event(raw)
}

async fn append(storage: &SharedStorage, merchant: MerchantId, shipment: ShipmentId, events: Vec<TrackingEvent>) {
    let events: Vec<_> = events.into_iter().map(|event| EventToAppend { shipment, event }).collect();
    match storage.append_events(AppendRequest { merchant, delivery: None, events: &events }).await.unwrap() {
        AppendReport::Appended { .. } => {}
        other => panic!("unexpected {other:?}"),
    }
}

pub(crate) struct Set {
    pub storage: SharedStorage,
    url: String,
    _db: crate::support::DatabaseGuard,
    pub merchant: MerchantId,
    pub week: Week,
    /// A and B (CN-US, yunexpress, delivered), C (CN-ES, cainiao, an exception), D (CN-US, not
    /// scanned).
    pub shipments: [ShipmentId; 4],
    /// Their journey links.
    pub tokens: Vec<app::domain::ShopperToken>,
}

/// Two weeks back: A in transit 95 h, through customs in 10 h, on time; B held at customs for
/// duties (30 h), one failed attempt, 80 h in transit, late; C hit an exception with no reason
/// given; D never scanned.
pub(crate) async fn hand_made_set(backend: Backend) -> Set {
    let (url, db) = fresh_database(backend).await;
    let mut settings = Settings::defaults();
    settings.database.url = url.clone();
    settings.database.max_connections = 4;
    let storage = storage::connect(&settings.database).await.expect("connect and migrate");
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let week = Week(Week::of(Utc::now()).0 - 2);
    let h = |hours: i64| week.starts_at() + Duration::hours(hours);
    let mut ids = Vec::new();
    let mut tokens = Vec::new();
    for new in [
        shipment(1, "US", "yunexpress"),
        shipment(2, "US", "yunexpress"),
        shipment(3, "ES", "cainiao"),
        shipment(4, "US", "yunexpress"),
    ] {
        ids.push(storage.create_shipment(merchant, &new).await.unwrap());
        tokens.push(new.shopper_token.clone());
    }
    let [a, b, c, d]: [ShipmentId; 4] = ids.try_into().unwrap();
    append(
        &storage,
        merchant,
        a,
        vec![
            milestone("order_confirmed", h(1)),
            milestone("carrier_received", h(25)),
            milestone("arrived_destination", h(100)),
            milestone("customs_cleared", h(110)),
            milestone("delivered", h(120)),
        ],
    )
    .await;
    append(
        &storage,
        merchant,
        b,
        vec![
            milestone("order_confirmed", h(2)),
            milestone("carrier_received", h(50)),
            milestone("arrived_destination", h(80)),
            problem("customs_held", Some("duties_assessment"), h(82)),
            milestone("customs_cleared", h(110)),
            problem("delivery_attempt_failed", Some("recipient_unavailable"), h(125)),
            milestone("delivered", h(130)),
        ],
    )
    .await;
    append(
        &storage,
        merchant,
        c,
        vec![
            milestone("order_confirmed", h(3)),
            milestone("carrier_received", h(75)),
            problem("exception", None, h(90)),
        ],
    )
    .await;
    append(&storage, merchant, d, vec![milestone("order_confirmed", h(4))]).await;
    storage.record_delivered_on_time(a, true).await.unwrap();
    storage.record_delivered_on_time(b, false).await.unwrap();
    Set { storage, url, _db: db, merchant, week, shipments: [a, b, c, d], tokens }
}

pub(crate) fn scope(set: &Set) -> MeasureScope {
    MeasureScope { merchant: set.merchant, from: set.week, to: set.week, lane: None, carrier: None, service: None }
}

async fn assert_known_performance(set: &Set) {
    let lanes = set.storage.lane_performance(&scope(set)).await.unwrap();
    assert_eq!(lanes.len(), 2, "{lanes:?}");
    let (us, es) = (&lanes[0], &lanes[1]);
    assert_eq!(
        (us.lane.to_string(), us.carrier.as_str()),
        ("CN-US".to_owned(), "yunexpress"),
        "the lane with a window first"
    );
    assert_eq!((us.orders, us.delivered), (3, 2));
    assert_eq!((us.transit_p50_hours, us.transit_p90_hours), (Some(80), Some(95)), "transits of 95 and 80 hours");
    assert_eq!(us.on_time, Share { counted: 1, of: 2 });
    assert_eq!(us.first_attempt, Share { counted: 1, of: 2 }, "B needed a second attempt");
    assert_eq!(us.with_problem, Share { counted: 1, of: 3 });
    assert_eq!((es.lane.to_string(), es.carrier.as_str()), ("CN-ES".to_owned(), "cainiao"));
    assert_eq!((es.orders, es.delivered, es.transit_p50_hours), (1, 0, None));
    assert_eq!((es.on_time.percent(), es.with_problem), (None, Share { counted: 1, of: 1 }));

    let causes = set.storage.problems_by_cause(&scope(set)).await.unwrap();
    let causes: Vec<(ProblemCause, i64)> = causes.iter().map(|c| (c.cause, c.orders)).collect();
    assert_eq!(
        causes,
        [(ProblemCause::Reason(ReasonCode::DutiesAssessment), 1), (ProblemCause::Unstated(EventCode::Exception), 1)],
        "B counts under its first problem only"
    );

    let customs = set.storage.customs_by_country(&scope(set)).await.unwrap();
    assert_eq!(customs.len(), 2);
    let (us, es) = (&customs[0], &customs[1]);
    assert_eq!(us.country, "US");
    assert_eq!(us.held, Share { counted: 1, of: 2 }, "of the two scanned, B was held; D was never scanned");
    assert_eq!((us.cleared, us.dwell_p50_hours, us.dwell_p90_hours), (2, Some(10), Some(30)));
    assert_eq!(
        (es.country.as_str(), es.held, es.cleared, es.dwell_p50_hours),
        ("ES", Share { counted: 0, of: 1 }, 0, None)
    );
}

async fn lanes_and_carriers_are_measured_on_a_hand_made_set(backend: Backend) {
    let set = hand_made_set(backend).await;
    assert_known_performance(&set).await;

    // The filters narrow it; another merchant sees nothing.
    let cainiao = MeasureScope { carrier: Some("cainiao".into()), ..scope(&set) };
    let lanes = set.storage.lane_performance(&cainiao).await.unwrap();
    assert_eq!(lanes.iter().map(|l| l.lane.clone()).collect::<Vec<_>>(), [LaneCode::parse("CN-ES").unwrap()]);
    let us = MeasureScope { lane: Some(LaneCode::parse("CN-US").unwrap()), ..scope(&set) };
    assert_eq!(set.storage.customs_by_country(&us).await.unwrap().len(), 1);
    let other = set.storage.ensure_merchant("globex", "Globex").await.unwrap();
    let theirs = MeasureScope { merchant: other, ..scope(&set) };
    assert!(set.storage.lane_performance(&theirs).await.unwrap().is_empty());
    assert!(set.storage.problems_by_cause(&theirs).await.unwrap().is_empty());
    assert!(set.storage.customs_by_country(&theirs).await.unwrap().is_empty());
}

async fn the_on_time_record_outlives_later_events_and_old_facts_are_derived_again(backend: Backend) {
    let set = hand_made_set(backend).await;
    let [a, ..] = set.shipments;
    // A late scan rewrites A's facts in the fold; the window kept stays recorded.
    let h = |hours: i64| set.week.starts_at() + Duration::hours(hours);
    append(&set.storage, set.merchant, a, vec![milestone("in_transit", h(60))]).await;
    assert_eq!(set.storage.delivered_on_time(a).await.unwrap(), Some(true));

    // Facts written before this version lack what performance counts: the backfill takes them.
    let outdated = "UPDATE shipment_facts SET facts_version = 1, first_problem = NULL, transit_seconds = NULL, \
                    failed_attempts = 0, customs_held = FALSE";
    match backend {
        Backend::Sqlite => {
            let mut db = SqliteConnection::connect(&set.url).await.unwrap();
            sqlx::query(outdated).execute(&mut db).await.unwrap();
        }
        Backend::Postgres => {
            let mut db = PgConnection::connect(&set.url).await.unwrap();
            sqlx::query(outdated).execute(&mut db).await.unwrap();
            db.close().await.unwrap();
        }
    }
    assert!(set.storage.problems_by_cause(&scope(&set)).await.unwrap().is_empty());
    assert_eq!(set.storage.backfill_facts(10).await.unwrap(), 4);
    assert_eq!(set.storage.backfill_facts(10).await.unwrap(), 0, "each shipment once");
    assert_known_performance(&set).await;
}

on_both_backends!(
    lanes_and_carriers_are_measured_on_a_hand_made_set,
    the_on_time_record_outlives_later_events_and_old_facts_are_derived_again,
);
