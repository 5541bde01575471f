//! The five WISMO measures on a small hand-made week with known answers, on both databases:
//! contacts per 1,000 orders, time to first scan, silences of 72 h or more, customs dwell and
//! the dispute rate; the lane filter, the orders behind a figure, and the facts backfilled
//! for shipments stored before facts were kept.

use crate::support::fixtures::{milestone, spec};
use crate::support::{fresh_database, Backend};
use app::domain::wismo::{Channel, ContactCategory, DisputeReason, LaneCode, Measure, Week, WeekFigures};
use app::domain::{Milestone, TrackingEvent};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use server::config::Settings;
use server::storage::{
    self, AppendReport, AppendRequest, EventToAppend, MeasureScope, MerchantId, NewContact, NewDispute, NewShipment,
    SharedStorage, ShipmentId,
};
use sqlx::{Connection, PgConnection, SqliteConnection};

/// A shipment on `origin → destination` with one leg of `carrier`, numbered `n` within the test.
fn lane_shipment(n: u32, origin: &str, destination: &str, carrier: &str) -> NewShipment {
    NewShipment::issue(spec(json!({
        "order_ref": format!("ORDER-{n}"),
        "shopper": {"reference": format!("cust-{n}")},
        "origin": {"city": "Origin", "country": origin, "lat": 22.5, "lon": 114.0},
        "destination": {"city": "Destination", "country": destination, "lat": 40.4, "lon": -3.7},
        "service": "standard",
        "legs": [{"carrier": carrier, "tracking_number": format!("LEG{n:08}X"), "mode": "air"}]
    })))
}

async fn append(storage: &SharedStorage, merchant: MerchantId, shipment: ShipmentId, events: Vec<TrackingEvent>) {
    let events: Vec<_> = events.into_iter().map(|event| EventToAppend { shipment, event }).collect();
    match storage.append_events(AppendRequest { merchant, delivery: None, events: &events }).await.unwrap() {
        AppendReport::Appended { .. } => {}
        other => panic!("unexpected {other:?}"),
    }
}

struct Week0 {
    storage: SharedStorage,
    merchant: MerchantId,
    week: Week,
    /// A (CN-US, silent 80 h mid-way), B (CN-US, held at customs), C (CN-ES, silent since its
    /// first scan), D (CN-US, not scanned yet).
    shipments: [ShipmentId; 4],
    numbers: [String; 4],
}

/// The hand-made week, two weeks back: four orders, three scanned after 24, 48 and 72 hours,
/// A silent for 80 hours and C silent ever since its scan, A 10 and B 30 hours at customs,
/// A and B delivered; three contacts (one about no known order) and one dispute.
async fn hand_made_week(storage: SharedStorage) -> Week0 {
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let week = Week(Week::of(Utc::now()).0 - 2);
    let start = week.starts_at();
    let h = |hours: i64| start + Duration::hours(hours);
    let specs = [
        lane_shipment(1, "CN", "US", "yunexpress"),
        lane_shipment(2, "CN", "US", "yunexpress"),
        lane_shipment(3, "CN", "ES", "cainiao"),
        lane_shipment(4, "CN", "US", "yunexpress"),
    ];
    let numbers = specs.clone().map(|s| s.tracking_number.to_string());
    let mut shipments = Vec::new();
    for new in &specs {
        shipments.push(storage.create_shipment(merchant, new).await.unwrap());
    }
    let [a, b, c, d]: [ShipmentId; 4] = shipments.try_into().unwrap();
    append(
        &storage,
        merchant,
        a,
        vec![
            milestone("order_confirmed", h(1)),
            milestone("carrier_received", h(25)),
            milestone("in_transit", h(26)),
            milestone("arrived_destination", h(106)),
            milestone("customs_cleared", h(116)),
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
            milestone("in_transit", h(60)),
            milestone("arrived_destination", h(80)),
            milestone("customs_held", h(82)),
            milestone("customs_cleared", h(110)),
            milestone("delivered", h(130)),
        ],
    )
    .await;
    append(&storage, merchant, c, vec![milestone("order_confirmed", h(3)), milestone("carrier_received", h(75))]).await;
    append(&storage, merchant, d, vec![milestone("order_confirmed", h(4))]).await;

    let contact =
        |shipment: Option<ShipmentId>, channel: Channel, at: DateTime<Utc>, external: Option<&str>| NewContact {
            merchant,
            shipment,
            order_ref: None,
            channel,
            category: ContactCategory::WhereIsIt,
            stage: shipment.map(|_| Milestone::CarrierReceived),
            silence_seconds: Some(3600),
            at,
            external_id: external.map(str::to_owned),
        };
    assert!(storage.record_contact(&contact(Some(c), Channel::JourneyPage, h(140), None)).await.unwrap().is_some());
    assert!(storage.record_contact(&contact(Some(a), Channel::Email, h(90), Some("zd-1"))).await.unwrap().is_some());
    assert!(storage.record_contact(&contact(None, Channel::Phone, h(100), Some("call-9"))).await.unwrap().is_some());
    assert_eq!(
        storage.record_contact(&contact(Some(a), Channel::Email, h(91), Some("zd-1"))).await.unwrap(),
        None,
        "a helpdesk contact sent twice counts once"
    );
    let dispute = NewDispute {
        merchant,
        shipment: Some(b),
        order_ref: None,
        channel: Channel::JourneyPage,
        reason: DisputeReason::NotReceived,
        comment: Some("Nothing at my door".into()),
        at: h(150),
        external_id: None,
    };
    assert!(storage.file_dispute(&dispute).await.unwrap().is_some());
    assert_eq!(storage.file_dispute(&dispute).await.unwrap(), None, "one journey page dispute per journey");
    Week0 { storage, merchant, week, shipments: [a, b, c, d], numbers }
}

fn scope(merchant: MerchantId, week: Week) -> MeasureScope {
    MeasureScope { merchant, from: week, to: week.next(), lane: None, carrier: None, service: None }
}

async fn connect(backend: Backend) -> (SharedStorage, String, crate::support::DatabaseGuard) {
    let (url, guard) = fresh_database(backend).await;
    let mut settings = Settings::defaults();
    settings.database.url = url.clone();
    settings.database.max_connections = 4;
    (storage::connect(&settings.database).await.expect("connect and migrate"), url, guard)
}

fn assert_known_week(figures: &[WeekFigures]) {
    let (week, after) = (&figures[0], &figures[1]);
    assert_eq!((week.orders, week.scanned, week.gapped), (4, 3, 2));
    assert_eq!((week.first_scan_p50_hours, week.first_scan_p90_hours), (Some(48), Some(72)));
    assert_eq!(week.cleared_customs, 2);
    assert_eq!((week.customs_dwell_p50_hours, week.customs_dwell_p90_hours), (Some(10), Some(30)));
    assert_eq!((week.contacts, week.delivered, week.disputes), (3, 2, 1));
    // The five measures.
    assert_eq!(week.value(Measure::ContactRate), Some(750.0), "3 contacts of 4 orders");
    assert_eq!(week.value(Measure::FirstScan), Some(48.0), "median of 24, 48, 72 hours");
    let gaps = week.value(Measure::ScanGaps).unwrap();
    assert!((gaps - 200.0 / 3.0).abs() < 1e-9, "2 of 3 scanned went 72 h silent: {gaps}");
    assert_eq!(week.value(Measure::CustomsDwell), Some(10.0), "median of 10 and 30 hours (nearest rank)");
    assert_eq!(week.value(Measure::DisputeRate), Some(50.0), "1 dispute of 2 delivered");
    // The week after has no orders: nothing to measure, not zero.
    assert_eq!(after.orders, 0);
    assert!(Measure::ALL.iter().all(|m| after.value(*m).is_none()), "{after:?}");
}

async fn the_five_measures_count_a_hand_made_week(backend: Backend) {
    let (storage, _url, _db) = connect(backend).await;
    let w = hand_made_week(storage).await;
    let figures = w.storage.week_figures(&scope(w.merchant, w.week), Utc::now()).await.unwrap();
    assert_eq!(figures.len(), 2, "one entry per week, empty weeks included");
    assert_eq!(figures[0].week(), w.week);
    assert_known_week(&figures);

    // Another merchant's scope sees none of it.
    let other = w.storage.ensure_merchant("globex", "Globex").await.unwrap();
    let theirs = w.storage.week_figures(&scope(other, w.week), Utc::now()).await.unwrap();
    assert!(theirs.iter().all(|f| f.orders == 0 && f.contacts == 0 && f.disputes == 0));
}

async fn a_lane_filter_counts_only_that_lanes_orders_and_contacts(backend: Backend) {
    let (storage, _url, _db) = connect(backend).await;
    let w = hand_made_week(storage).await;
    let lane = MeasureScope { lane: Some(LaneCode::parse("CN-US").unwrap()), ..scope(w.merchant, w.week) };
    let figures = w.storage.week_figures(&lane, Utc::now()).await.unwrap();
    let week = &figures[0];
    assert_eq!((week.orders, week.scanned, week.gapped), (3, 2, 1), "A, B, D; A went silent");
    assert_eq!(week.contacts, 1, "only A's contact: C is on another lane, the call names no order");
    assert_eq!(week.value(Measure::DisputeRate), Some(50.0));
    let carrier = MeasureScope { carrier: Some("cainiao".into()), ..scope(w.merchant, w.week) };
    assert_eq!(w.storage.week_figures(&carrier, Utc::now()).await.unwrap()[0].orders, 1);

    let dwell = w.storage.customs_dwell_by_lane(&scope(w.merchant, w.week)).await.unwrap();
    assert_eq!(dwell.len(), 1, "only CN-US cleared customs");
    assert_eq!(
        (dwell[0].lane.to_string(), dwell[0].cleared, dwell[0].p50_hours, dwell[0].p90_hours),
        ("CN-US".into(), 2, 10, 30)
    );

    let stages = w.storage.contacts_by_stage(&scope(w.merchant, w.week)).await.unwrap();
    assert_eq!(stages.len(), 1, "{stages:?}");
    assert_eq!((stages[0].stage, stages[0].contacts, stages[0].silence_p50_hours), (Milestone::CarrierReceived, 2, 1));
    assert!(
        w.storage
            .contacts_by_stage(&MeasureScope { carrier: Some("cainiao".into()), ..scope(w.merchant, w.week) })
            .await
            .unwrap()
            .iter()
            .all(|s| s.contacts == 1),
        "C's contact only"
    );

    let options = w.storage.scope_options(&lane).await.unwrap();
    let lanes: Vec<String> = options.lanes.iter().map(ToString::to_string).collect();
    assert_eq!(lanes, ["CN-ES", "CN-US"], "the choices ignore the filter set");
    assert_eq!(options.carriers, ["cainiao", "yunexpress"]);
}

async fn the_orders_behind_a_figure_are_listed_worst_first(backend: Backend) {
    let (storage, _url, _db) = connect(backend).await;
    let w = hand_made_week(storage).await;
    let one_week = MeasureScope { to: w.week, ..scope(w.merchant, w.week) };
    let now = Utc::now();
    let listed = |measure| {
        let storage = w.storage.clone();
        let one_week = one_week.clone();
        async move { storage.orders_behind(&one_week, measure, now, 100).await.unwrap() }
    };
    let numbers =
        |rows: &[server::storage::OrderBehind]| rows.iter().map(|r| r.tracking_number.clone()).collect::<Vec<_>>();
    let [a, b, c, _d] = w.numbers.clone();

    let gaps = listed(Measure::ScanGaps).await;
    assert_eq!(numbers(&gaps), [c.clone(), a.clone()], "C's silence still runs, longer than A's 80 h");
    assert_eq!(gaps[1].hours, Some(80));
    let first_scan = listed(Measure::FirstScan).await;
    assert_eq!(numbers(&first_scan), [c.clone(), b.clone(), a.clone()]);
    assert_eq!(first_scan.iter().map(|r| r.hours).collect::<Vec<_>>(), [Some(72), Some(48), Some(24)]);
    let dwell = listed(Measure::CustomsDwell).await;
    assert_eq!(numbers(&dwell), [b.clone(), a.clone()]);
    let contacts = listed(Measure::ContactRate).await;
    assert_eq!(numbers(&contacts), [c, a], "newest contact first; the call about no order has no row");
    assert_eq!(contacts[0].about.as_deref(), Some("where_is_it"));
    let disputes = listed(Measure::DisputeRate).await;
    assert_eq!(numbers(&disputes), [b]);
    assert_eq!(
        (disputes[0].about.as_deref(), disputes[0].order_ref.as_deref()),
        (Some("not_received"), Some("ORDER-2"))
    );
    assert_eq!(disputes[0].lane.to_string(), "CN-US");
    let _ = w.shipments;
}

async fn facts_are_backfilled_for_shipments_stored_before_they_were_kept(backend: Backend) {
    let (storage, url, _db) = connect(backend).await;
    let w = hand_made_week(storage).await;
    match backend {
        Backend::Sqlite => {
            let mut db = SqliteConnection::connect(&url).await.unwrap();
            sqlx::query("DELETE FROM shipment_facts").execute(&mut db).await.unwrap();
        }
        Backend::Postgres => {
            let mut db = PgConnection::connect(&url).await.unwrap();
            sqlx::query("DELETE FROM shipment_facts").execute(&mut db).await.unwrap();
            db.close().await.unwrap();
        }
    }
    assert_eq!(w.storage.week_figures(&scope(w.merchant, w.week), Utc::now()).await.unwrap()[0].orders, 0);
    assert_eq!(w.storage.backfill_facts(3).await.unwrap(), 3, "at most the batch");
    assert_eq!(w.storage.backfill_facts(3).await.unwrap(), 1, "then the rest");
    assert_eq!(w.storage.backfill_facts(3).await.unwrap(), 0, "then nothing");
    assert_known_week(&w.storage.week_figures(&scope(w.merchant, w.week), Utc::now()).await.unwrap());
}

/// A helpdesk's contacts and disputes through the API: recorded once per external id, bad
/// fields named, and counted in the week's figures with the journey page's.
async fn a_helpdesk_reports_contacts_and_disputes_through_the_api(backend: Backend) {
    let app = crate::support::spawn_app(backend).await;
    let merchant = app.storage.ensure_merchant(server::storage::DEMO_MERCHANT_SLUG, "Demo").await.unwrap();
    let demo = app.demo_journey(0).await;
    let post = |path: &'static str, body: serde_json::Value| {
        let request = app.http.post(app.url(path)).bearer_auth(&app.demo_key).json(&body);
        async move { request.send().await.unwrap() }
    };
    let at = (Utc::now() - Duration::hours(2)).to_rfc3339();
    let before = app.storage.week_figures(&scope(merchant, Week::of(Utc::now())), Utc::now()).await.unwrap()[0].clone();

    let contact = json!({"tracking_number": demo.tracking_number.to_string(), "occurred_at": at, "channel": "email",
        "category": "where_is_it", "external_id": "zd-100"});
    let first = post("/api/v1/contacts", contact.clone()).await;
    assert_eq!(first.status(), 201);
    assert_eq!(first.json::<serde_json::Value>().await.unwrap(), json!({"recorded": true, "order_found": true}));
    let again = post("/api/v1/contacts", contact).await;
    assert_eq!(again.status(), 200, "the same ticket again");
    assert_eq!(again.json::<serde_json::Value>().await.unwrap()["recorded"], false);
    let unknown = post(
        "/api/v1/contacts",
        json!({"order_ref": "NOT-OURS", "occurred_at": at, "channel": "phone",
        "category": "customs"}),
    )
    .await;
    assert_eq!(unknown.json::<serde_json::Value>().await.unwrap(), json!({"recorded": true, "order_found": false}));
    let dispute = post(
        "/api/v1/disputes",
        json!({"tracking_number": demo.tracking_number.to_string(), "occurred_at": at,
        "channel": "marketplace", "reason": "not_received", "comment": "Nothing arrived", "external_id": "case-7"}),
    )
    .await;
    assert_eq!(dispute.status(), 201);

    for (path, body, field) in [
        (
            "/api/v1/contacts",
            json!({"order_ref": "A", "occurred_at": at, "channel": "journey_page", "category": "customs"}),
            "channel",
        ),
        (
            "/api/v1/contacts",
            json!({"order_ref": "A", "occurred_at": at, "channel": "email", "category": "lost"}),
            "category",
        ),
        ("/api/v1/contacts", json!({"occurred_at": at, "channel": "email", "category": "customs"}), "order_ref"),
        (
            "/api/v1/contacts",
            json!({"order_ref": "A", "occurred_at": "2020-01-01T00:00:00Z", "channel": "email", "category": "customs"}),
            "occurred_at",
        ),
        ("/api/v1/disputes", json!({"order_ref": "A", "occurred_at": at, "channel": "email"}), "reason"),
        (
            "/api/v1/disputes",
            json!({"order_ref": "A", "occurred_at": at, "channel": "email", "reason": "damaged", "stars": 2}),
            "stars",
        ),
    ] {
        let refused = post(path, body).await;
        assert_eq!(refused.status(), 422, "{path} {field}");
        let problem: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(problem["field"], field, "{problem}");
    }
    let unauthenticated = app.http.post(app.url("/api/v1/contacts")).json(&json!({})).send().await.unwrap();
    assert_eq!(unauthenticated.status(), 401);

    let after = app.storage.week_figures(&scope(merchant, Week::of(Utc::now())), Utc::now()).await.unwrap()[0].clone();
    assert_eq!(after.contacts - before.contacts, 2, "the ticket once, and the call about an unknown order");
    assert_eq!(after.disputes - before.disputes, 1);
}

on_both_backends!(
    a_helpdesk_reports_contacts_and_disputes_through_the_api,
    the_five_measures_count_a_hand_made_week,
    a_lane_filter_counts_only_that_lanes_orders_and_contacts,
    the_orders_behind_a_figure_are_listed_worst_first,
    facts_are_backfilled_for_shipments_stored_before_they_were_kept,
);
