//! CSV import: `server import shipments|events --merchant <slug> FILE.csv`.
//!
//! Every row becomes the same wire form the native API takes ([`ShipmentInput`], [`EventInput`])
//! and goes through the same checks, so a row the API would refuse is refused here with the
//! same reason; events then take [`ingest::append`] like every other event.
//!
//! A header row is required; columns are matched by name, in any order; an unknown column is
//! an error (a misspelt column would otherwise be dropped silently). Cells are trimmed and an
//! empty cell means "absent".
//!
//! Shipment columns (`*` = required): `order_ref`, `tracking_number` (issued when empty),
//! `shopper_reference*`, `shopper_name`, `shopper_email`, `shopper_locale`, `origin_city*`,
//! `origin_region`, `origin_country*`, `origin_lat*`, `origin_lon*`, `destination_city*`,
//! `destination_region`, `destination_country*`, `destination_postal_code`, `destination_lat*`,
//! `destination_lon*`, `service` (economy, standard, express), `eco` (true/false), `legs`:
//! `carrier:tracking_number:mode[@handoff_city/handoff_country/lat/lon]` joined by `|`, e.g.
//! `yunexpress:YT2412345678901234:air@Los Angeles/US/33.94/-118.41|usps:9400110898825022579493:courier`.
//!
//! Event columns: `shipment*` (Trekpost tracking number or a leg's carrier number), `code*`,
//! `occurred_at*` (RFC 3339 with offset), `city`, `region`, `country`, `lat`, `lon`, `time_zone`,
//! `carrier`, `carrier_tracking_number`, `description`, `next_step`, `reason`,
//! `customer_action`, `external_id`.
//!
//! Two passes: the first parses and checks every row (and looks up every shipment) without
//! writing; if any row is rejected nothing is written unless `skip_invalid` is set. The second
//! writes: each shipment (with its legs) in its own transaction, events in transactions of up
//! to [`EVENT_CHUNK`]. Re-importing an events file stores nothing twice (duplicates are
//! acknowledged); re-importing a shipments file is refused row by row in the first pass when
//! the rows carry tracking numbers or legs, which then already exist.
//! The whole file is held in memory between the passes.

use crate::config::Settings;
use crate::http::json;
use crate::ingest;
use crate::live::LiveFeed;
use crate::storage::{self, AppendReport, AppendRequest, EventToAppend, MerchantId, NewShipment, ShipmentId};
use crate::storage::{SharedStorage, Storage, StorageError};
use anyhow::{bail, Context};
use app::domain::event::{EventInput, EventSource, TrackingEvent};
use app::domain::shipment::{ShipmentInput, ShipmentSpec};
use app::domain::values::CarrierTrackingNumber;
use app::domain::TrackingNumber;
use chrono::Utc;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::PathBuf;

/// Events per [`AppendRequest`]: one transaction each.
pub const EVENT_CHUNK: usize = 1000;

/// How many rejects the command lists before summing up the rest.
const MAX_LISTED_REJECTS: usize = 50;

/// One CSV column: its header name, whether the header must have it, and its `--help` line.
struct Column {
    name: &'static str,
    required: bool,
    help: &'static str,
}

const fn col(name: &'static str, required: bool, help: &'static str) -> Column {
    Column { name, required, help }
}

const SHIPMENT_COLUMNS: &[Column] = &[
    col("order_ref", false, "your order number"),
    col("tracking_number", false, "Trekpost tracking number; issued when empty"),
    col("shopper_reference", true, "your id for the customer; repeat orders share it"),
    col("shopper_name", false, ""),
    col("shopper_email", false, ""),
    col("shopper_locale", false, "BCP 47, e.g. zh-CN: the journey page's language"),
    col("origin_city", true, ""),
    col("origin_region", false, ""),
    col("origin_country", true, "ISO 3166-1 alpha-2, e.g. CN"),
    col("origin_lat", true, "decimal degrees"),
    col("origin_lon", true, "decimal degrees"),
    col("destination_city", true, ""),
    col("destination_region", false, ""),
    col("destination_country", true, "ISO 3166-1 alpha-2"),
    col("destination_postal_code", false, "kept private"),
    col("destination_lat", true, ""),
    col("destination_lon", true, ""),
    col("service", false, "economy, standard (default) or express"),
    col("eco", false, "true or false (default)"),
    col(
        "legs",
        false,
        "carrier:tracking_number:mode[@handoff_city/handoff_country/lat/lon] joined by |; mode is air, ocean, \
         road, rail or courier; the last leg has no handoff. e.g. yunexpress:YT2412345678901234:air@Los \
         Angeles/US/33.94/-118.41|usps:9400110898825022579493:courier",
    ),
];

const EVENT_COLUMNS: &[Column] = &[
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

/// The `--help` text listing a file's columns, from the same table the header is checked with.
fn columns_help(columns: &[Column]) -> String {
    let mut text =
        String::from("CSV columns (header row required, any order, * = required; an empty cell is absent):\n");
    for c in columns {
        let star = if c.required { "*" } else { "" };
        let sep = if c.help.is_empty() { "" } else { ": " };
        text.push_str(&format!("  {}{star}{sep}{}\n", c.name, c.help));
    }
    text.push_str(
        "\nEvery row is checked before anything is written: if any row is rejected nothing is imported \
         (unless --skip-invalid). Rejects and the summary go to stderr.",
    );
    text
}

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Create shipments (with their legs) from a CSV file; prints order_ref,tracking_number,
    /// journey_path for each created shipment to stdout.
    #[command(after_help = columns_help(SHIPMENT_COLUMNS))]
    Shipments(ImportArgs),
    /// Add tracking events from a CSV file; a re-imported event is counted as a duplicate and
    /// stored once.
    #[command(after_help = columns_help(EVENT_COLUMNS))]
    Events(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The merchant's slug; the merchant must exist.
    #[arg(long)]
    pub merchant: String,
    /// Import the valid rows even if some are rejected.
    #[arg(long)]
    pub skip_invalid: bool,
    /// The CSV file (UTF-8, comma-separated, header row first).
    pub file: PathBuf,
}

/// A row that was not imported: `line N: field: reason`, N as in the file (header = line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub line: u64,
    /// The CSV column to blame (`row` when it is the row's shape).
    pub field: String,
    pub reason: String,
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.field, self.reason)
    }
}

/// A database error that stopped the writing pass: the valid rows from `line` on were not
/// written.
#[derive(Debug)]
pub struct Stopped {
    pub line: u64,
    pub error: StorageError,
    /// How many valid rows that leaves out.
    pub not_attempted: usize,
}

/// What [`import_shipments`] did.
#[derive(Debug, Default)]
pub struct ShipmentImport {
    pub rows: usize,
    /// Rows that passed the checks.
    pub valid: usize,
    /// In file order.
    pub created: Vec<CreatedShipment>,
    /// Rows refused by the checks or, when writing, by the database (e.g. a carrier number
    /// taken in the meantime); in file order.
    pub rejected: Vec<Reject>,
    /// How many of `rejected` passed the checks but were refused when written.
    pub refused_when_writing: usize,
    /// Whether the writing pass ran.
    pub written: bool,
    pub stopped: Option<Stopped>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreatedShipment {
    pub line: u64,
    pub order_ref: Option<String>,
    pub tracking_number: TrackingNumber,
    /// The shopper's journey page, as the API returns it.
    pub journey_path: String,
}

/// What [`import_events`] did.
#[derive(Debug, Default)]
pub struct EventImport {
    pub rows: usize,
    pub valid: usize,
    /// Newly stored.
    pub stored: usize,
    /// Acknowledged but already stored (by an earlier import, another source, or this file).
    pub duplicates: usize,
    pub rejected: Vec<Reject>,
    pub written: bool,
    /// Events before `line` were committed; the chunk starting there and the rest were not.
    pub stopped: Option<Stopped>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("no merchant {0:?}: create it with `server api-key create --merchant {0}`")]
    UnknownMerchant(String),
    #[error("line 1: {0}")]
    Header(String),
    #[error("cannot read the CSV")]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Progress of the two passes, for a progress bar; [`Quiet`] for none.
pub trait Progress: Send + Sync {
    fn start(&self, phase: &'static str, rows: u64);
    fn advance(&self, rows: u64);
    fn finish(&self);
}

pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: &'static str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

#[derive(Clone, Copy)]
pub struct ImportOptions<'a> {
    pub skip_invalid: bool,
    pub progress: &'a dyn Progress,
}

/// One data row: its line in the file and its non-empty cells by column.
struct Row {
    line: u64,
    cells: HashMap<&'static str, String>,
    /// Every column as sent, empty cells included: kept as an event's raw payload.
    raw: Map<String, Value>,
}

impl Row {
    fn get(&self, column: &str) -> Option<&str> {
        self.cells.get(column).map(String::as_str)
    }
}

/// Reads the header and every row; a row whose shape is wrong is rejected, not fatal.
fn read_rows(input: impl Read, columns: &[Column]) -> Result<(Vec<Row>, Vec<Reject>), ImportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(input);
    let header = reader.headers()?.clone();
    let mut names: Vec<&'static str> = Vec::with_capacity(header.len());
    for name in header.iter() {
        let Some(column) = columns.iter().find(|c| c.name.eq_ignore_ascii_case(name)) else {
            let known: Vec<_> = columns.iter().map(|c| c.name).collect();
            return Err(ImportError::Header(format!("unknown column {name:?}; the columns are {}", known.join(", "))));
        };
        if names.contains(&column.name) {
            return Err(ImportError::Header(format!("column {:?} appears twice", column.name)));
        }
        names.push(column.name);
    }
    let missing: Vec<_> = columns.iter().filter(|c| c.required && !names.contains(&c.name)).map(|c| c.name).collect();
    if !missing.is_empty() {
        return Err(ImportError::Header(format!("missing required column(s) {}", missing.join(", "))));
    }
    let (mut rows, mut rejects) = (Vec::new(), Vec::new());
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => match error.kind() {
                csv::ErrorKind::Utf8 { pos, .. } => {
                    let line = pos.as_ref().map_or(line, |p| p.line());
                    rejects.push(Reject { line, field: "row".into(), reason: "is not valid UTF-8".into() });
                    continue;
                }
                _ => return Err(error.into()),
            },
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.len() != names.len() {
            let reason = format!("has {} cells, the header has {}", record.len(), names.len());
            rejects.push(Reject { line, field: "row".into(), reason });
            continue;
        }
        let mut cells = HashMap::new();
        let mut raw = Map::new();
        for (name, cell) in names.iter().zip(record.iter()) {
            raw.insert((*name).to_owned(), Value::String(cell.to_owned()));
            if !cell.is_empty() {
                cells.insert(*name, cell.to_owned());
            }
        }
        rows.push(Row { line, cells, raw });
    }
    Ok((rows, rejects))
}

/// Why a row was refused: the column to blame and the reason.
type RowError = (String, String);

fn text(row: &Row, object: &mut Map<String, Value>, key: &str, column: &str) {
    if let Some(cell) = row.get(column) {
        object.insert(key.to_owned(), Value::String(cell.to_owned()));
    }
}

fn number_value(cell: &str, column: &str) -> Result<Value, RowError> {
    cell.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| (column.to_owned(), format!("{cell:?} is not a number")))
}

fn number(row: &Row, object: &mut Map<String, Value>, key: &str, column: &str) -> Result<(), RowError> {
    if let Some(cell) = row.get(column) {
        object.insert(key.to_owned(), number_value(cell, column)?);
    }
    Ok(())
}

/// The path serde blamed, completed with the field it said was missing.
fn full_path(path: &str, reason: &str) -> String {
    let missing = reason.strip_prefix("missing field `").and_then(|rest| rest.split_once('`')).map(|(name, _)| name);
    match missing {
        Some(name) if path.is_empty() || path == "." || path == "body" => name.to_owned(),
        Some(name) => format!("{path}.{name}"),
        None => path.to_owned(),
    }
}

fn plain_reason(reason: &str) -> String {
    if reason.starts_with("missing field `") {
        "is required but empty".to_owned()
    } else {
        reason.to_owned()
    }
}

/// A field path of [`ShipmentInput`] as the column it came from: `origin.lat` is `origin_lat`,
/// anything inside `legs[i]` is `legs`, with the leg named in the reason.
fn shipment_column(path: &str, reason: &str) -> RowError {
    let path = full_path(path, reason);
    let reason = plain_reason(reason);
    if let Some(rest) = path.strip_prefix("legs[") {
        let (index, inner) = rest.split_once(']').unwrap_or((rest, ""));
        let leg = index.parse::<usize>().map_or_else(|_| index.to_owned(), |i| (i + 1).to_string());
        let inner = inner.trim_start_matches('.');
        let which = if inner.is_empty() { format!("leg {leg}") } else { format!("leg {leg} {inner}") };
        return ("legs".into(), format!("{which}: {reason}"));
    }
    match path.split_once('.') {
        Some((parent @ ("shopper" | "origin" | "destination"), child)) => (format!("{parent}_{child}"), reason),
        _ => (path, reason),
    }
}

/// One `legs` entry: `carrier:tracking_number:mode[@city/country/lat/lon]`.
fn leg_value(text: &str, index: usize) -> Result<Value, RowError> {
    let bad = |what: String| ("legs".to_owned(), format!("leg {}: {what}", index + 1));
    let (main, handoff) = match text.split_once('@') {
        Some((main, handoff)) => (main, Some(handoff)),
        None => (text, None),
    };
    let parts: Vec<&str> = main.split(':').map(str::trim).collect();
    let [carrier, number, mode] = parts[..] else {
        return Err(bad(format!(
            "{text:?} is not carrier:tracking_number:mode[@handoff_city/handoff_country/lat/lon]"
        )));
    };
    let mut leg = Map::new();
    leg.insert("carrier".into(), carrier.into());
    leg.insert("tracking_number".into(), number.into());
    leg.insert("mode".into(), mode.into());
    if let Some(handoff) = handoff {
        // From the right: a city name may itself hold a slash.
        let parts: Vec<&str> = handoff.rsplitn(4, '/').map(str::trim).collect();
        let [lon, lat, country, city] = parts[..] else {
            return Err(bad(format!("handoff {handoff:?} is not city/country/lat/lon")));
        };
        let coordinate =
            |cell: &str| number_value(cell, "legs").map_err(|(_, reason)| bad(format!("handoff {reason}")));
        let mut place = Map::new();
        place.insert("city".into(), city.into());
        place.insert("country".into(), country.into());
        place.insert("lat".into(), coordinate(lat)?);
        place.insert("lon".into(), coordinate(lon)?);
        leg.insert("handoff".into(), Value::Object(place));
    }
    Ok(Value::Object(leg))
}

/// A row as the API's shipment body.
fn shipment_value(row: &Row) -> Result<Value, RowError> {
    let mut body = Map::new();
    text(row, &mut body, "tracking_number", "tracking_number");
    text(row, &mut body, "order_ref", "order_ref");
    let mut shopper = Map::new();
    for key in ["reference", "name", "email", "locale"] {
        text(row, &mut shopper, key, &format!("shopper_{key}"));
    }
    body.insert("shopper".into(), Value::Object(shopper));
    for (place, keys) in [
        ("origin", &["city", "region", "country"][..]),
        ("destination", &["city", "region", "country", "postal_code"][..]),
    ] {
        let mut object = Map::new();
        for key in keys {
            text(row, &mut object, key, &format!("{place}_{key}"));
        }
        for key in ["lat", "lon"] {
            number(row, &mut object, key, &format!("{place}_{key}"))?;
        }
        body.insert(place.into(), Value::Object(object));
    }
    text(row, &mut body, "service", "service");
    if let Some(cell) = row.get("eco") {
        let eco = match cell.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => true,
            "false" | "no" | "0" => false,
            _ => return Err(("eco".into(), format!("{cell:?} is not true or false"))),
        };
        body.insert("eco".into(), Value::Bool(eco));
    }
    if let Some(cell) = row.get("legs") {
        let legs = cell.split('|').enumerate().map(|(i, leg)| leg_value(leg.trim(), i)).collect::<Result<_, _>>()?;
        body.insert("legs".into(), Value::Array(legs));
    }
    Ok(Value::Object(body))
}

/// Parses a wire body exactly as the API does, blaming a field path.
fn parse_wire<T: serde::de::DeserializeOwned>(body: &Value) -> Result<T, (String, String)> {
    json::parse_value(body)
        .map_err(|problem| (problem.field().unwrap_or("row").to_owned(), problem.detail().to_owned()))
}

fn shipment_spec(row: &Row) -> Result<ShipmentSpec, RowError> {
    let body = shipment_value(row)?;
    let input: ShipmentInput = parse_wire(&body).map_err(|(path, reason)| shipment_column(&path, &reason))?;
    ShipmentSpec::from_input(input).map_err(|e| shipment_column(&e.field, &e.reason))
}

async fn merchant_id(storage: &dyn Storage, slug: &str) -> Result<MerchantId, ImportError> {
    storage.merchant_by_slug(slug).await?.ok_or_else(|| ImportError::UnknownMerchant(slug.to_owned()))
}

fn reject(line: u64, (field, reason): RowError) -> Reject {
    Reject { line, field, reason }
}

/// Checks every row, then (unless a row was rejected and `skip_invalid` is off) creates each
/// valid shipment with its legs in its own transaction.
pub async fn import_shipments(
    storage: &dyn Storage,
    merchant: &str,
    input: impl Read,
    options: ImportOptions<'_>,
) -> Result<ShipmentImport, ImportError> {
    let merchant = merchant_id(storage, merchant).await?;
    let (rows, mut rejected) = read_rows(input, SHIPMENT_COLUMNS)?;
    let mut report = ShipmentImport { rows: rows.len() + rejected.len(), ..Default::default() };

    options.progress.start("checking", rows.len() as u64);
    // Numbers seen earlier in this file: a second use would fail at write time anyway.
    let mut tracking_numbers: HashMap<TrackingNumber, u64> = HashMap::new();
    let mut carrier_numbers: HashMap<CarrierTrackingNumber, u64> = HashMap::new();
    let mut valid = Vec::with_capacity(rows.len());
    for row in &rows {
        options.progress.advance(1);
        let spec = match shipment_spec(row) {
            Ok(spec) => spec,
            Err(error) => {
                rejected.push(reject(row.line, error));
                continue;
            }
        };
        if let Some(problem) = already_used(storage, merchant, &spec, &tracking_numbers, &carrier_numbers).await? {
            rejected.push(reject(row.line, problem));
            continue;
        }
        if let Some(number) = &spec.tracking_number {
            tracking_numbers.insert(number.clone(), row.line);
        }
        for leg in &spec.legs {
            carrier_numbers.insert(leg.tracking_number.clone(), row.line);
        }
        valid.push((row.line, spec));
    }
    options.progress.finish();
    rejected.sort_by_key(|r| r.line);
    report.valid = valid.len();
    report.rejected = rejected;
    if valid.is_empty() || (!report.rejected.is_empty() && !options.skip_invalid) {
        return Ok(report);
    }

    report.written = true;
    options.progress.start("importing", valid.len() as u64);
    let total = valid.len();
    for (index, (line, spec)) in valid.into_iter().enumerate() {
        let shipment = NewShipment::issue(spec);
        match storage.create_shipment(merchant, &shipment).await {
            Ok(_) => report.created.push(CreatedShipment {
                line,
                order_ref: shipment.spec.order_ref.as_ref().map(|r| r.as_str().to_owned()),
                journey_path: shipment.shopper_token.journey_path(),
                tracking_number: shipment.tracking_number,
            }),
            Err(StorageError::Conflict { field, reason }) => {
                report.refused_when_writing += 1;
                report.rejected.push(reject(line, shipment_column(&field, &reason)));
            }
            Err(error) => {
                report.stopped = Some(Stopped { line, error, not_attempted: total - index });
                break;
            }
        }
        options.progress.advance(1);
    }
    options.progress.finish();
    report.rejected.sort_by_key(|r| r.line);
    Ok(report)
}

/// A tracking number or carrier number this merchant already has, in storage or earlier in
/// the file.
async fn already_used(
    storage: &dyn Storage,
    merchant: MerchantId,
    spec: &ShipmentSpec,
    tracking_numbers: &HashMap<TrackingNumber, u64>,
    carrier_numbers: &HashMap<CarrierTrackingNumber, u64>,
) -> Result<Option<RowError>, StorageError> {
    if let Some(number) = &spec.tracking_number {
        if let Some(line) = tracking_numbers.get(number) {
            return Ok(Some(("tracking_number".into(), format!("is already used on line {line}"))));
        }
        if storage.shipment_of_merchant(merchant, number).await?.is_some() {
            return Ok(Some(("tracking_number".into(), "is already in use".into())));
        }
    }
    for (i, leg) in spec.legs.iter().enumerate() {
        let which = format!("leg {} tracking_number {}", i + 1, leg.tracking_number);
        if let Some(line) = carrier_numbers.get(&leg.tracking_number) {
            return Ok(Some(("legs".into(), format!("{which}: is already used on line {line}"))));
        }
        if storage.shipment_by_carrier_number(merchant, leg.tracking_number.as_str()).await?.is_some() {
            return Ok(Some(("legs".into(), format!("{which}: is already on another of your shipments"))));
        }
    }
    Ok(None)
}

/// A field path of [`EventInput`] as the column it came from.
fn event_column(path: &str, reason: &str, row: &Row) -> RowError {
    let path = full_path(path, reason);
    let reason = plain_reason(reason);
    let column = match path.as_str() {
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

fn tracking_event(row: &Row, now: chrono::DateTime<Utc>) -> Result<TrackingEvent, RowError> {
    let body = event_value(row)?;
    let input: EventInput = parse_wire(&body).map_err(|(path, reason)| event_column(&path, &reason, row))?;
    TrackingEvent::from_input(input, EventSource::Csv, Value::Object(row.raw.clone()), now)
        .map_err(|e| event_column(&e.field, &e.reason, row))
}

/// Checks every row and finds its shipment, then (unless a row was rejected and
/// `skip_invalid` is off) appends the valid events through [`ingest::append`], up to
/// [`EVENT_CHUNK`] per transaction.
pub async fn import_events(
    shared: &SharedStorage,
    merchant: &str,
    input: impl Read,
    options: ImportOptions<'_>,
) -> Result<EventImport, ImportError> {
    let storage = shared.as_ref();
    let live = LiveFeed::quiet(shared.clone());
    let merchant = merchant_id(storage, merchant).await?;
    let (rows, mut rejected) = read_rows(input, EVENT_COLUMNS)?;
    let mut report = EventImport { rows: rows.len() + rejected.len(), ..Default::default() };
    let now = Utc::now();

    options.progress.start("checking", rows.len() as u64);
    // Files repeat the same shipment on many rows: look each reference up once.
    let mut shipments: HashMap<String, Option<ShipmentId>> = HashMap::new();
    let mut valid: Vec<(u64, EventToAppend)> = Vec::with_capacity(rows.len());
    for row in &rows {
        options.progress.advance(1);
        let reference = row.get("shipment").unwrap_or_default();
        let shipment = match shipments.get(reference) {
            Some(found) => *found,
            None => {
                let found = ingest::resolve_parcel(storage, merchant, reference).await?;
                shipments.insert(reference.to_owned(), found);
                found
            }
        };
        let Some(shipment) = shipment else {
            let reason = if reference.is_empty() {
                "is required but empty".to_owned()
            } else {
                format!("you have no shipment or carrier leg {reference:?}")
            };
            rejected.push(Reject { line: row.line, field: "shipment".into(), reason });
            continue;
        };
        match tracking_event(row, now) {
            Ok(event) => valid.push((row.line, EventToAppend { shipment, event })),
            Err(error) => rejected.push(reject(row.line, error)),
        }
    }
    options.progress.finish();
    rejected.sort_by_key(|r| r.line);
    report.valid = valid.len();
    report.rejected = rejected;
    if valid.is_empty() || (!report.rejected.is_empty() && !options.skip_invalid) {
        return Ok(report);
    }

    report.written = true;
    options.progress.start("importing", valid.len() as u64);
    for (n, chunk) in valid.chunks(EVENT_CHUNK).enumerate() {
        let events: Vec<EventToAppend> = chunk.iter().map(|(_, e)| e.clone()).collect();
        // No live hub: this process serves no journey pages.
        let request = AppendRequest { merchant, delivery: None, events: &events };
        match ingest::append(storage, &live, request).await {
            Ok(AppendReport::Appended { ids, .. }) => {
                let stored = ids.iter().filter(|id| id.is_some()).count();
                report.stored += stored;
                report.duplicates += ids.len() - stored;
            }
            Ok(AppendReport::DeliverySeenBefore) => unreachable!("no delivery id was given"),
            Err(error) => {
                let not_attempted = valid.len() - n * EVENT_CHUNK;
                report.stopped = Some(Stopped { line: chunk[0].0, error, not_attempted });
                break;
            }
        }
        options.progress.advance(chunk.len() as u64);
    }
    options.progress.finish();
    Ok(report)
}

impl ShipmentImport {
    /// The one-line summary, saying what was and was not imported.
    pub fn summary(&self) -> String {
        let mut text =
            format!("shipments: {} rows, {} created, {} rejected", self.rows, self.created.len(), self.rejected.len());
        if self.refused_when_writing > 0 {
            text.push_str(&format!(" ({} refused by the database while writing)", self.refused_when_writing));
        }
        if !self.written {
            text.push_str("; nothing imported");
            if !self.rejected.is_empty() && self.valid > 0 {
                text.push_str(&format!(
                    " (fix the rows above, or pass --skip-invalid to import the {} valid rows)",
                    self.valid
                ));
            }
        }
        if let Some(stopped) = &self.stopped {
            text.push_str(&format!(
                "; stopped at line {} ({}): that row and the valid rows after it ({} in all) were not imported",
                stopped.line,
                error_chain(&stopped.error),
                stopped.not_attempted
            ));
        }
        text
    }
}

impl EventImport {
    /// The one-line summary, saying what was and was not imported.
    pub fn summary(&self) -> String {
        if !self.written {
            let mut text = format!(
                "events: {} rows, {} valid, {} rejected; nothing imported",
                self.rows,
                self.valid,
                self.rejected.len()
            );
            if !self.rejected.is_empty() && self.valid > 0 {
                text.push_str(&format!(
                    " (fix the rows above, or pass --skip-invalid to import the {} valid rows)",
                    self.valid
                ));
            }
            return text;
        }
        let mut text = format!(
            "events: {} rows, {} accepted ({} duplicates), {} rejected",
            self.rows,
            self.stored + self.duplicates,
            self.duplicates,
            self.rejected.len()
        );
        if let Some(stopped) = &self.stopped {
            text.push_str(&format!(
                "; stopped at line {} ({}): the {} valid rows from there on were not imported; the rows before are \
                 stored, and importing the file again stores none of them twice",
                stopped.line,
                error_chain(&stopped.error),
                stopped.not_attempted
            ));
        }
        text
    }
}

/// An error with its causes: `database error: connection refused`.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

/// A progress bar on stderr (drawn only when stderr is a terminal).
struct Bar(std::sync::Mutex<Option<indicatif::ProgressBar>>);

impl Progress for Bar {
    fn start(&self, phase: &'static str, rows: u64) {
        let bar = indicatif::ProgressBar::with_draw_target(Some(rows), indicatif::ProgressDrawTarget::stderr());
        let style =
            indicatif::ProgressStyle::with_template("{msg:>9} [{bar:40}] {human_pos}/{human_len} rows ({eta} left)")
                .expect("a valid template")
                .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(phase);
        *self.0.lock().expect("not poisoned") = Some(bar);
    }

    fn advance(&self, rows: u64) {
        if let Some(bar) = &*self.0.lock().expect("not poisoned") {
            bar.inc(rows);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.0.lock().expect("not poisoned").take() {
            bar.finish_and_clear();
        }
    }
}

fn print_rejects(rejects: &[Reject]) {
    for r in rejects.iter().take(MAX_LISTED_REJECTS) {
        eprintln!("{r}");
    }
    if rejects.len() > MAX_LISTED_REJECTS {
        eprintln!("... and {} more", rejects.len() - MAX_LISTED_REJECTS);
    }
}

/// `server import …`: runs an import with progress bars and prints the outcome. Fails (a
/// non-zero exit) when a row was rejected and nothing or not everything was imported.
pub async fn run(command: ImportCommand, settings: &Settings) -> anyhow::Result<()> {
    let (ImportCommand::Shipments(args) | ImportCommand::Events(args)) = &command;
    let file = std::fs::File::open(&args.file).with_context(|| format!("cannot open {}", args.file.display()))?;
    let input = std::io::BufReader::new(file);
    let storage = storage::connect(&settings.database).await.context("cannot open the database")?;
    let bar = Bar(std::sync::Mutex::new(None));
    let options = ImportOptions { skip_invalid: args.skip_invalid, progress: &bar };
    let (rejected, written, stopped, imported_any) = match &command {
        ImportCommand::Shipments(_) => {
            let report = import_shipments(storage.as_ref(), &args.merchant, input, options).await?;
            // The links first, even after a stop: those shipments exist and need sending.
            if !report.created.is_empty() {
                let mut out = csv::Writer::from_writer(std::io::stdout().lock());
                out.write_record(["order_ref", "tracking_number", "journey_path"])?;
                for c in &report.created {
                    out.write_record([
                        c.order_ref.as_deref().unwrap_or(""),
                        c.tracking_number.as_str(),
                        &c.journey_path,
                    ])?;
                }
                out.flush()?;
            }
            print_rejects(&report.rejected);
            eprintln!("{}", report.summary());
            (report.rejected.len(), report.written, report.stopped.is_some(), !report.created.is_empty())
        }
        ImportCommand::Events(_) => {
            let report = import_events(&storage, &args.merchant, input, options).await?;
            print_rejects(&report.rejected);
            eprintln!("{}", report.summary());
            (report.rejected.len(), report.written, report.stopped.is_some(), report.stored + report.duplicates > 0)
        }
    };
    if stopped {
        bail!("the import stopped on a database error; see the summary above");
    }
    if !written && rejected > 0 {
        bail!("nothing imported: {rejected} row(s) rejected");
    }
    if rejected > 0 && !(args.skip_invalid && imported_any) {
        bail!("{rejected} row(s) not imported");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn legs_read_from_the_right_so_a_city_may_hold_a_slash() {
        let leg = leg_value("dhl:JD014:road@Bourg/Saint-Maurice/FR/45.61/6.77", 0).unwrap();
        assert_eq!(leg["handoff"], json!({"city": "Bourg/Saint-Maurice", "country": "FR", "lat": 45.61, "lon": 6.77}));
        let (field, reason) = leg_value("dhl:JD014", 1).unwrap_err();
        assert_eq!(field, "legs");
        assert!(reason.starts_with("leg 2: \"dhl:JD014\" is not carrier:tracking_number:mode"), "{reason}");
        let (_, reason) = leg_value("dhl:JD014:road@Lyon/FR/north/6.77", 0).unwrap_err();
        assert_eq!(reason, "leg 1: handoff \"north\" is not a number");
    }

    #[test]
    fn field_paths_become_columns() {
        assert_eq!(
            shipment_column("origin", "missing field `city`"),
            ("origin_city".into(), "is required but empty".into())
        );
        assert_eq!(
            shipment_column("legs[2].handoff.lat", "too far"),
            ("legs".into(), "leg 3 handoff.lat: too far".into())
        );
        assert_eq!(shipment_column("body", "missing field `shopper`").0, "shopper");
        assert_eq!(shipment_column("order_ref", "too long").0, "order_ref");
    }
}
