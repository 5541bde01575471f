//! CSV import, against SQLite and PostgreSQL alike, and the `server import` command itself.

use crate::support::{fresh_storage, Backend};
use app::domain::event::{EventSource, EventWindow, ReasonCode};
use app::domain::shipment::{ServiceLevel, TransportMode};
use app::domain::{Milestone, TrackingNumber};
use server::csv_import::{import_events, import_helpdesk, import_shipments, ImportError, ImportOptions, Quiet};
use server::storage::{SharedStorage, ShipmentRecord};
use std::process::Command;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn strict() -> ImportOptions<'static> {
    ImportOptions { skip_invalid: false, progress: &Quiet, event_window: EventWindow::around(chrono::Utc::now()) }
}

fn skip_invalid() -> ImportOptions<'static> {
    ImportOptions { skip_invalid: true, progress: &Quiet, event_window: EventWindow::around(chrono::Utc::now()) }
}

fn lines_and_fields(rejects: &[server::csv_import::Reject]) -> Vec<(u64, &str)> {
    rejects.iter().map(|r| (r.line, r.field.as_str())).collect()
}

async fn record(storage: &SharedStorage, number: &str) -> ShipmentRecord {
    let merchant = storage.merchant_by_slug("acme").await.unwrap().unwrap();
    let number = TrackingNumber::parse(number).unwrap();
    storage.shipment_record(merchant, &number).await.unwrap().expect("the shipment exists")
}

/// A store with merchant `acme` and the three shipments of `shipments_good.csv`, and their
/// tracking numbers.
async fn with_good_shipments(backend: Backend) -> (SharedStorage, crate::support::DatabaseGuard, Vec<String>) {
    let (storage, db) = fresh_storage(backend).await;
    storage.ensure_merchant("acme", "Acme").await.unwrap();
    let report =
        import_shipments(storage.as_ref(), "acme", fixture("shipments_good.csv").as_bytes(), strict()).await.unwrap();
    assert_eq!(report.created.len(), 3, "{:?}", report.rejected);
    (storage, db, report.created.iter().map(|c| c.tracking_number.as_str().to_owned()).collect())
}

async fn a_good_shipments_file_imports_with_its_legs(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    let merchant = storage.ensure_merchant("acme", "Acme").await.unwrap();
    let report =
        import_shipments(storage.as_ref(), "acme", fixture("shipments_good.csv").as_bytes(), strict()).await.unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert!(report.written && report.stopped.is_none());
    assert_eq!((report.rows, report.created.len()), (3, 3));
    assert_eq!(report.summary(), "shipments: 3 rows, 3 created, 0 rejected");
    assert_eq!(storage.shipment_count().await.unwrap(), 3);

    let first = &report.created[0];
    assert_eq!((first.line, first.order_ref.as_deref()), (2, Some("ORD-1001")));
    assert_eq!(first.tracking_number.as_str(), "TP7K3M9QW2XD5", "the merchant's own number is kept");
    let ana = record(&storage, "TP7K3M9QW2XD5").await;
    let link = app::domain::ShopperToken::parse(first.journey_path.trim_start_matches("/t/")).unwrap();
    assert_eq!(storage.shipment_by_token(&link).await.unwrap(), Some(ana.id), "the reported link opens it");
    assert_eq!((ana.spec.service, ana.spec.eco), (ServiceLevel::Express, true));
    assert_eq!(ana.spec.shopper.email.as_ref().unwrap().as_str(), "ana@example.com");
    assert_eq!(ana.spec.destination.postal_code.as_ref().unwrap().as_str(), "90012");
    assert_eq!(ana.spec.legs.len(), 2);
    let (air, courier) = (&ana.spec.legs[0], &ana.spec.legs[1]);
    assert_eq!(
        (air.carrier.as_str(), air.tracking_number.as_str(), air.mode),
        ("yunexpress", "YT2412345678901234", TransportMode::Air)
    );
    let handoff = air.handoff.as_ref().expect("the first leg hands off");
    assert_eq!((handoff.city.as_str(), handoff.country.as_str(), f64::from(handoff.lat)), ("Los Angeles", "US", 33.94));
    assert_eq!(
        (courier.carrier.as_str(), courier.mode, courier.handoff.is_none()),
        ("usps", TransportMode::Courier, true)
    );

    // An empty tracking_number cell: Trekpost issues one. A quoted cell keeps its comma.
    let li = record(&storage, report.created[1].tracking_number.as_str()).await;
    assert_eq!(li.spec.shopper.name.as_ref().unwrap().as_str(), "Li, Wei");
    assert_eq!(li.spec.service, ServiceLevel::Standard, "an empty service is the default");
    assert_eq!(li.spec.legs[1].tracking_number.as_str(), "PQ4F8N2RT6YC6ES");
    let by_leg = server::ingest::resolve_parcel(storage.as_ref(), merchant, "LP00123456789012").await.unwrap();
    assert_eq!(by_leg, Some(li.id));
    let toronto = record(&storage, report.created[2].tracking_number.as_str()).await;
    assert!(toronto.spec.legs.is_empty());
    assert!(!toronto.spec.eco);
}

const BAD_SHIPMENT_REJECTS: [(u64, &str); 7] = [
    (3, "shopper_email"),
    (4, "origin_lat"),
    (5, "legs"),
    (6, "destination_city"),
    (8, "legs"),
    (9, "service"),
    (10, "legs"),
];

async fn a_shipments_file_with_bad_rows_imports_nothing_and_names_each_line_and_field(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    storage.ensure_merchant("acme", "Acme").await.unwrap();
    let report =
        import_shipments(storage.as_ref(), "acme", fixture("shipments_bad.csv").as_bytes(), strict()).await.unwrap();
    assert_eq!(lines_and_fields(&report.rejected), BAD_SHIPMENT_REJECTS);
    assert!(!report.written);
    assert!(report.created.is_empty());
    assert_eq!(storage.shipment_count().await.unwrap(), 0, "nothing is imported");
    let messages: Vec<String> = report.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(messages[1], r#"line 4: origin_lat: "abc" is not a number"#);
    assert!(messages[2].starts_with("line 5: legs: leg 1 mode: unknown variant `teleport`"), "{}", messages[2]);
    assert_eq!(messages[3], "line 6: destination_city: is required but empty");
    assert!(messages[4].starts_with("line 8: legs: leg 1 handoff: the last leg"), "{}", messages[4]);
    assert!(messages[6].contains("is already used on line 7"), "{}", messages[6]);
    assert_eq!(
        report.summary(),
        "shipments: 9 rows, 0 created, 7 rejected; nothing imported (fix the rows above, or pass --skip-invalid \
         to import the 2 valid rows)"
    );
}

async fn skip_invalid_imports_the_valid_shipments_and_reports_the_rest(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    storage.ensure_merchant("acme", "Acme").await.unwrap();
    let report = import_shipments(storage.as_ref(), "acme", fixture("shipments_bad.csv").as_bytes(), skip_invalid())
        .await
        .unwrap();
    assert_eq!(lines_and_fields(&report.rejected), BAD_SHIPMENT_REJECTS);
    assert_eq!(report.created.iter().map(|c| c.line).collect::<Vec<_>>(), [2, 7]);
    assert_eq!(storage.shipment_count().await.unwrap(), 2);
    assert_eq!(report.summary(), "shipments: 9 rows, 2 created, 7 rejected");
}

async fn a_shipments_file_imported_again_is_refused_where_its_numbers_exist(backend: Backend) {
    let (storage, _db, _) = with_good_shipments(backend).await;
    let again =
        import_shipments(storage.as_ref(), "acme", fixture("shipments_good.csv").as_bytes(), strict()).await.unwrap();
    assert_eq!(lines_and_fields(&again.rejected), [(2, "tracking_number"), (3, "legs")]);
    assert_eq!(
        again.rejected[1].reason,
        "leg 1 tracking_number LP00123456789012: is already on another of your shipments"
    );
    assert!(!again.written);
    assert_eq!(storage.shipment_count().await.unwrap(), 3);
}

async fn another_shop_using_the_same_tracking_number_is_no_obstacle_and_learns_nothing(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    storage.ensure_merchant("acme", "Acme").await.unwrap();
    storage.ensure_merchant("globex", "Globex").await.unwrap();
    let taken = "order_ref,tracking_number,shopper_reference,origin_city,origin_country,origin_lat,origin_lon,\
                 destination_city,destination_country,destination_lat,destination_lon\n\
                 G-1,TP7K3M9QW2XD5,g-1,Lyon,FR,45.76,4.84,Oslo,NO,59.91,10.75\n";
    let globex = import_shipments(storage.as_ref(), "globex", taken.as_bytes(), strict()).await.unwrap();
    assert_eq!(globex.created.len(), 1);

    let report =
        import_shipments(storage.as_ref(), "acme", fixture("shipments_good.csv").as_bytes(), strict()).await.unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(report.created.len(), 3);
    assert_eq!(storage.shipment_count().await.unwrap(), 4);
    // Each shop finds its own parcel under the number.
    assert_eq!(record(&storage, "TP7K3M9QW2XD5").await.spec.destination.city.as_str(), "Los Angeles");
    let globex = storage.merchant_by_slug("globex").await.unwrap().unwrap();
    let number = TrackingNumber::parse("TP7K3M9QW2XD5").unwrap();
    let theirs = storage.shipment_record(globex, &number).await.unwrap().unwrap();
    assert_eq!(theirs.spec.destination.city.as_str(), "Oslo");
}

async fn two_imports_of_one_file_at_once_create_each_shipment_once(backend: Backend) {
    let (storage, _db) = fresh_storage(backend).await;
    storage.ensure_merchant("acme", "Acme").await.unwrap();
    let file = fixture("shipments_good.csv");
    let (a, b) = tokio::join!(
        import_shipments(storage.as_ref(), "acme", file.as_bytes(), skip_invalid()),
        import_shipments(storage.as_ref(), "acme", file.as_bytes(), skip_invalid()),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    // Whichever import checks a numbered row second finds it taken, before writing or while
    // writing. Line 4 names no number and no leg, so nothing tells its two copies apart.
    let mut created: Vec<u64> = a.created.iter().chain(&b.created).map(|c| c.line).collect();
    let mut rejected: Vec<u64> = a.rejected.iter().chain(&b.rejected).map(|r| r.line).collect();
    created.sort();
    rejected.sort();
    assert_eq!(created, [2, 3, 4, 4], "{:?} {:?}", a.rejected, b.rejected);
    assert_eq!(rejected, [2, 3]);
    assert_eq!(storage.shipment_count().await.unwrap(), 4);
}

async fn events_import_lands_milestones_through_the_ingest_path(backend: Backend) {
    let (storage, _db, numbers) = with_good_shipments(backend).await;
    let report = import_events(&storage, "acme", fixture("events_good.csv").as_bytes(), strict()).await.unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    // Row 8 repeats row 7 exactly: acknowledged, stored once.
    assert_eq!((report.rows, report.stored, report.duplicates), (10, 9, 1));
    assert_eq!(report.summary(), "events: 10 rows, 10 accepted (1 duplicates), 0 rejected");

    let ana = record(&storage, "TP7K3M9QW2XD5").await;
    let reached: Vec<Milestone> = ana.state.milestones.keys().copied().collect();
    assert_eq!(
        reached,
        [
            Milestone::OrderConfirmed,
            Milestone::Packed,
            Milestone::CarrierReceived,
            Milestone::DepartedOrigin,
            Milestone::ArrivedDestination
        ]
    );
    assert_eq!(ana.events.len(), 7, "events by tracking number and by a leg's carrier number");
    assert!(ana.events.iter().all(|e| e.event.source == EventSource::Csv));
    let received = &ana.events[2].event;
    assert_eq!(received.description.as_ref().unwrap().as_str(), "Received by carrier, first scan");
    assert_eq!(received.raw["shipment"], "YT2412345678901234", "the row is kept as the raw payload");
    assert_eq!(received.raw["reason"], "");
    assert_eq!(ana.events[0].event.occurred_at.offset().local_minus_utc(), 8 * 3600);

    let li = record(&storage, &numbers[1]).await;
    assert_eq!(li.events.len(), 2);
    let problem = li.state.open_problem.as_ref().expect("customs holds it");
    assert_eq!(problem.reason, Some(ReasonCode::MissingInvoiceData));
}

async fn events_imported_again_are_counted_as_duplicates_and_stored_once(backend: Backend) {
    let (storage, _db, _) = with_good_shipments(backend).await;
    let file = fixture("events_good.csv");
    import_events(&storage, "acme", file.as_bytes(), strict()).await.unwrap();
    let before = record(&storage, "TP7K3M9QW2XD5").await;
    let again = import_events(&storage, "acme", file.as_bytes(), strict()).await.unwrap();
    assert_eq!((again.stored, again.duplicates), (0, 10));
    assert_eq!(again.summary(), "events: 10 rows, 10 accepted (10 duplicates), 0 rejected");
    let after = record(&storage, "TP7K3M9QW2XD5").await;
    assert_eq!(after.events, before.events);
    assert_eq!(after.state, before.state);
}

const BAD_EVENT_REJECTS: [(u64, &str); 9] = [
    (3, "shipment"),
    (4, "lat"),
    (5, "code"),
    (6, "occurred_at"),
    (7, "country"),
    (8, "carrier_tracking_number"),
    (9, "occurred_at"),
    (10, "reason"),
    (11, "lat"),
];

async fn an_events_file_with_bad_rows_imports_nothing_unless_told_to_skip_them(backend: Backend) {
    let (storage, _db, _) = with_good_shipments(backend).await;
    let file = fixture("events_bad.csv");
    let report = import_events(&storage, "acme", file.as_bytes(), strict()).await.unwrap();
    assert_eq!(lines_and_fields(&report.rejected), BAD_EVENT_REJECTS);
    assert_eq!(
        report.rejected[0].to_string(),
        r#"line 3: shipment: you have no shipment or carrier leg "TP2C7T6VJ9NA8""#
    );
    assert_eq!(report.rejected[3].to_string(), "line 6: occurred_at: lies in the future");
    assert!(!report.written);
    assert!(record(&storage, "TP7K3M9QW2XD5").await.events.is_empty(), "nothing is imported");
    assert!(report.summary().starts_with("events: 11 rows, 2 valid, 9 rejected; nothing imported"));

    let skipped = import_events(&storage, "acme", file.as_bytes(), skip_invalid()).await.unwrap();
    assert_eq!(lines_and_fields(&skipped.rejected), BAD_EVENT_REJECTS);
    assert_eq!((skipped.stored, skipped.duplicates), (2, 0));
    assert_eq!(skipped.summary(), "events: 11 rows, 2 accepted (0 duplicates), 9 rejected");
    let ana = record(&storage, "TP7K3M9QW2XD5").await;
    assert_eq!(
        ana.state.milestones.keys().copied().collect::<Vec<_>>(),
        [Milestone::OrderConfirmed, Milestone::Packed]
    );
}

async fn large_event_files_are_committed_in_chunks(backend: Backend) {
    let (storage, _db, _) = with_good_shipments(backend).await;
    let mut file = String::from("shipment,code,occurred_at,lat,lon,external_id\n");
    let start = chrono::Utc::now() - chrono::Duration::days(3);
    for i in 0..2500 {
        let at = (start + chrono::Duration::seconds(60 * i)).to_rfc3339();
        let (lat, lon) = (22.0 + i as f64 * 0.004, 114.0 - i as f64 * 0.09);
        file.push_str(&format!("YT2412345678901234,position,{at},{lat:.4},{lon:.4},ping-{i}\n"));
    }
    let report = import_events(&storage, "acme", file.as_bytes(), strict()).await.unwrap();
    assert_eq!((report.rows, report.stored, report.duplicates), (2500, 2500, 0), "{:?}", report.rejected.first());
    let ana = record(&storage, "TP7K3M9QW2XD5").await;
    assert_eq!(ana.events.len(), 2500);
    let (point, _) = ana.state.last_point.expect("a last point");
    assert!((point.lat() - (22.0 + 2499.0 * 0.004)).abs() < 1e-6);
}

async fn bad_headers_and_unknown_merchants_are_refused_before_any_row(backend: Backend) {
    let (storage, _db, _) = with_good_shipments(backend).await;
    let unknown = "shipment,code,occurred_at,colour\nTP7K3M9QW2XD5,packed,2026-11-10T18:30:00+08:00,red\n";
    let error = import_events(&storage, "acme", unknown.as_bytes(), strict()).await.unwrap_err();
    assert!(matches!(&error, ImportError::Header(_)), "{error}");
    assert!(error.to_string().starts_with(r#"line 1: unknown column "colour""#), "{error}");
    let missing = "shipment,code\nTP7K3M9QW2XD5,packed\n";
    let error = import_events(&storage, "acme", missing.as_bytes(), strict()).await.unwrap_err();
    assert_eq!(error.to_string(), "line 1: missing required column(s) occurred_at");
    let error = import_events(&storage, "globex", fixture("events_good.csv").as_bytes(), strict()).await.unwrap_err();
    assert!(matches!(error, ImportError::UnknownMerchant(_)));
    // A short row is that row's problem, not the file's.
    let short = "shipment,code,occurred_at\nTP7K3M9QW2XD5,packed\n";
    let report = import_events(&storage, "acme", short.as_bytes(), strict()).await.unwrap();
    assert_eq!(report.rejected[0].to_string(), "line 2: row: has 2 cells, the header has 3");
}

/// A helpdesk's export of contacts: rows naming an order by reference or by number, one about
/// an order Trekpost does not know, and bad rows named by line and column; imported again, each
/// ticket counts once. Disputes the same way, with their reason and comment.
async fn a_helpdesks_contacts_and_disputes_import_once_per_ticket(backend: Backend) {
    let (storage, _db, numbers) = with_good_shipments(backend).await;
    let merchant = storage.merchant_by_slug("acme").await.unwrap().unwrap();
    let when = (chrono::Utc::now() - chrono::Duration::hours(3)).to_rfc3339();
    let contacts = format!(
        "order_ref,tracking_number,occurred_at,channel,category,external_id\n\
         ORD-1001,,{when},email,where_is_it,zd-1\n\
         ,{number},{when},phone,customs,zd-2\n\
         ORD-9999,,{when},chat,where_is_it,zd-3\n\
         ORD-1001,,yesterday,email,where_is_it,zd-4\n\
         ORD-1001,,{when},journey_page,where_is_it,zd-5\n",
        number = numbers[1]
    );
    let bad = import_helpdesk(storage.as_ref(), "acme", false, contacts.as_bytes(), strict()).await.unwrap();
    assert!(!bad.written, "a bad row stops a strict import");
    assert_eq!(lines_and_fields(&bad.rejected), [(5, "occurred_at"), (6, "channel")]);
    let done = import_helpdesk(storage.as_ref(), "acme", false, contacts.as_bytes(), skip_invalid()).await.unwrap();
    assert_eq!((done.rows, done.stored, done.duplicates, done.rejected.len()), (5, 3, 0, 2), "{}", done.summary());
    let again = import_helpdesk(storage.as_ref(), "acme", false, contacts.as_bytes(), skip_invalid()).await.unwrap();
    assert_eq!((again.stored, again.duplicates), (0, 3), "each ticket counts once");
    assert!(
        again.summary().starts_with("contacts: 5 rows, 3 accepted (3 duplicates), 2 rejected"),
        "{}",
        again.summary()
    );

    let week = app::domain::wismo::Week::of(chrono::Utc::now() - chrono::Duration::hours(3));
    let scope =
        server::storage::MeasureScope { merchant, from: week, to: week, lane: None, carrier: None, service: None };
    let figures = storage.week_figures(&scope, chrono::Utc::now()).await.unwrap();
    assert_eq!(figures[0].contacts, 3, "the unknown order counts too while no filter is set");

    let disputes = format!(
        "order_ref,occurred_at,channel,reason,comment,external_id\n\
         ORD-1002,{when},email,not_received,\"Nothing came, not even a card\",t-1\n\
         ORD-1002,{when},email,where_is_it,,t-2\n"
    );
    let filed = import_helpdesk(storage.as_ref(), "acme", true, disputes.as_bytes(), skip_invalid()).await.unwrap();
    assert_eq!((filed.stored, lines_and_fields(&filed.rejected)), (1, vec![(3, "reason")]));
    let figures = storage.week_figures(&scope, chrono::Utc::now()).await.unwrap();
    assert_eq!(figures[0].disputes, 1);
    // A contacts file is not a disputes file: its columns are refused before any row.
    let wrong = import_helpdesk(storage.as_ref(), "acme", true, contacts.as_bytes(), strict()).await;
    assert!(matches!(wrong, Err(ImportError::Header(_))), "{wrong:?}");
}

on_both_backends!(
    a_helpdesks_contacts_and_disputes_import_once_per_ticket,
    a_good_shipments_file_imports_with_its_legs,
    a_shipments_file_with_bad_rows_imports_nothing_and_names_each_line_and_field,
    skip_invalid_imports_the_valid_shipments_and_reports_the_rest,
    a_shipments_file_imported_again_is_refused_where_its_numbers_exist,
    another_shop_using_the_same_tracking_number_is_no_obstacle_and_learns_nothing,
    two_imports_of_one_file_at_once_create_each_shipment_once,
    events_import_lands_milestones_through_the_ingest_path,
    events_imported_again_are_counted_as_duplicates_and_stored_once,
    an_events_file_with_bad_rows_imports_nothing_unless_told_to_skip_them,
    large_event_files_are_committed_in_chunks,
    bad_headers_and_unknown_merchants_are_refused_before_any_row,
);

/// `server …` with its own SQLite file and no config file, in `dir`.
fn server(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .current_dir(dir)
        .env("TREKPOST__DATABASE__URL", format!("sqlite://{}", dir.join("x.db").display()))
        .env("TREKPOST_CONFIG", dir.join("absent.toml"))
        .output()
        .expect("the server binary runs")
}

#[test]
fn the_import_command_exits_non_zero_and_lists_the_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = format!("{}/tests/fixtures/csv", env!("CARGO_MANIFEST_DIR"));
    let bad = format!("{fixtures}/shipments_bad.csv");
    let good = format!("{fixtures}/shipments_good.csv");

    let unknown = server(dir.path(), &["import", "shipments", "--merchant", "acme", &bad]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains(r#"no merchant "acme""#));

    assert!(server(dir.path(), &["api-key", "create", "--merchant", "acme"]).status.success());
    let rejected = server(dir.path(), &["import", "shipments", "--merchant", "acme", &bad]);
    let stderr = String::from_utf8_lossy(&rejected.stderr);
    assert_eq!(rejected.status.code(), Some(1), "{stderr}");
    assert!(rejected.stdout.is_empty(), "no shipment, no links");
    for (line, field) in BAD_SHIPMENT_REJECTS {
        assert!(stderr.contains(&format!("line {line}: {field}: ")), "line {line} missing in:\n{stderr}");
    }
    assert!(stderr.contains("shipments: 9 rows, 0 created, 7 rejected; nothing imported"), "{stderr}");
    assert!(stderr.contains("error: nothing imported: 7 row(s) rejected"), "{stderr}");

    let imported = server(dir.path(), &["import", "shipments", "--merchant", "acme", &good]);
    let stdout = String::from_utf8_lossy(&imported.stdout);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "order_ref,tracking_number,journey_path");
    assert!(lines[1].starts_with("ORD-1001,TP7K3M9QW2XD5,/t/"), "{stdout}");
    assert_eq!(lines.len(), 4);

    let help = server(dir.path(), &["import", "shipments", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("shopper_reference*") && help.contains("--skip-invalid"), "{help}");
}
