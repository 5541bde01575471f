//! Event rows: their columns, a row as a [`TrackingEvent`] of a shipment found by its number,
//! and the events appended through [`ingest::append`] like every other event.

use super::report::Reject;
use super::rows::{col, number, parse_wire, plain_reason, text, Column, Row, RowError};
use super::Importer;
use crate::ingest;
use crate::live::LiveFeed;
use crate::storage::{AppendReport, AppendRequest, EventToAppend, MerchantId, SharedStorage, ShipmentId, StorageError};
use app::domain::event::{EventInput, EventSource, EventWindow, TrackingEvent};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Events per [`AppendRequest`]: one transaction each.
pub const EVENT_CHUNK: usize = 1000;

pub(super) const EVENT_COLUMNS: &[Column] = &[
    col("shipment", true, "Trekpost tracking number or a leg's carrier tracking number"),
    col("code", true, "position, in_transit, delivered, ... (as in the API)"),
    col("occurred_at", true, "RFC 3339 with the local offset, e.g. 2026-11-20T09:30:00+08:00"),
    col("city", false, ""),
    col("region", false, ""),
    col("country", false, "ISO 3166-1 alpha-2"),
    col("lat", false, "with lon; a position event needs both"),
    col("lon", false, ""),
    col("time_zone", false, "IANA, e.g. Asia/Shanghai"),
    col("carrier", false, "carrier slug, with carrier_tracking_number"),
    col("carrier_tracking_number", false, ""),
    col("description", false, "as the carrier wrote it"),
    col("next_step", false, ""),
    col("reason", false, "exceptions only, e.g. missing_invoice_data"),
    col("customer_action", false, ""),
    col("external_id", false, "your id for the event: a re-import with the same id is a duplicate"),
];

/// A field path of [`EventInput`] as the column it came from.
fn event_column(path: &str, reason: &str, row: &Row) -> RowError {
    let reason = plain_reason(reason);
    let column = match path {
        "carrier.carrier" => "carrier".to_owned(),
        "carrier.tracking_number" => "carrier_tracking_number".to_owned(),
        // The rule that lat and lon come as a pair: blame the one that is missing.
        "location" if row.get("lat").is_none() => "lat".to_owned(),
        "location" => "lon".to_owned(),
        other => other.strip_prefix("location.").unwrap_or(other).to_owned(),
    };
    // Spreadsheets reformat dates; chrono's own message ("premature end of input") does not
    // say what is wanted.
    if column == "occurred_at" && !reason.contains("future") {
        return (column, format!("{reason}: write RFC 3339 with the offset, e.g. 2026-11-20T09:30:00+08:00"));
    }
    (column, reason)
}

/// A row as the API's event body.
fn event_value(row: &Row) -> Result<Value, RowError> {
    let mut body = Map::new();
    for key in ["code", "occurred_at", "description", "next_step", "reason", "customer_action", "external_id"] {
        text(row, &mut body, key, key);
    }
    let mut location = Map::new();
    for key in ["city", "region", "country", "time_zone"] {
        text(row, &mut location, key, key);
    }
    for key in ["lat", "lon"] {
        number(row, &mut location, key, key)?;
    }
    if !location.is_empty() {
        body.insert("location".into(), Value::Object(location));
    }
    let mut carrier = Map::new();
    text(row, &mut carrier, "carrier", "carrier");
    text(row, &mut carrier, "tracking_number", "carrier_tracking_number");
    if !carrier.is_empty() {
        body.insert("carrier".into(), Value::Object(carrier));
    }
    Ok(Value::Object(body))
}

fn tracking_event(row: &Row, window: EventWindow) -> Result<TrackingEvent, RowError> {
    let body = event_value(row)?;
    let input: EventInput = parse_wire(&body).map_err(|(path, reason)| event_column(&path, &reason, row))?;
    TrackingEvent::from_input(input, EventSource::Csv, Value::Object(row.raw.clone()), window)
        .map_err(|e| event_column(&e.field, &e.reason, row))
}

/// Finds each row's shipment and checks its event, then appends the valid ones.
pub(super) struct Events<'a> {
    storage: &'a SharedStorage,
    /// No live hub: this process serves no journey pages.
    live: LiveFeed,
    merchant: MerchantId,
    /// The times a row's event may carry, from the time the import started.
    window: EventWindow,
    /// Files repeat the same shipment on many rows: look each reference up once.
    shipments: HashMap<String, Option<ShipmentId>>,
    /// Newly stored.
    pub(super) stored: usize,
    /// Acknowledged but already stored.
    pub(super) duplicates: usize,
}

impl Events<'_> {
    pub(super) fn new(storage: &SharedStorage, merchant: MerchantId, window: EventWindow) -> Events<'_> {
        Events {
            storage,
            live: LiveFeed::quiet(storage.clone()),
            merchant,
            window,
            shipments: HashMap::new(),
            stored: 0,
            duplicates: 0,
        }
    }
}

impl Importer for Events<'_> {
    type Valid = EventToAppend;
    const BATCH: usize = EVENT_CHUNK;

    async fn check(&mut self, row: &Row) -> Result<Result<EventToAppend, RowError>, StorageError> {
        let reference = row.get("shipment").unwrap_or_default();
        let shipment = match self.shipments.get(reference) {
            Some(found) => *found,
            None => {
                let found = ingest::resolve_parcel(self.storage.as_ref(), self.merchant, reference).await?;
                self.shipments.insert(reference.to_owned(), found);
                found
            }
        };
        let Some(shipment) = shipment else {
            let reason = if reference.is_empty() {
                "is required but empty".to_owned()
            } else {
                format!("you have no shipment or carrier leg {reference:?}")
            };
            return Ok(Err(("shipment".into(), reason)));
        };
        Ok(tracking_event(row, self.window).map(|event| EventToAppend { shipment, event }))
    }

    /// One transaction for the batch; any error stops the pass.
    async fn write(&mut self, batch: Vec<(u64, EventToAppend)>) -> Result<Vec<Reject>, StorageError> {
        let events: Vec<EventToAppend> = batch.into_iter().map(|(_, event)| event).collect();
        let request = AppendRequest { merchant: self.merchant, delivery: None, events: &events };
        match ingest::append(self.storage.as_ref(), &self.live, request).await? {
            AppendReport::Appended { ids, .. } => {
                let stored = ids.iter().filter(|id| id.is_some()).count();
                self.stored += stored;
                self.duplicates += ids.len() - stored;
            }
            AppendReport::DeliverySeenBefore => unreachable!("no delivery id was given"),
        }
        Ok(Vec::new())
    }
}
