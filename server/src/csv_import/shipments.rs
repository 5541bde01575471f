//! Shipment rows: their columns, a row as a [`ShipmentSpec`], and the shipments written one
//! by one, each with its legs in its own transaction.

use super::report::{CreatedShipment, Reject};
use super::rows::{col, number, number_value, parse_wire, plain_reason, reject, text, Column, Row, RowError};
use super::Importer;
use crate::storage::{MerchantId, NewShipment, Storage, StorageError};
use app::domain::shipment::{ShipmentInput, ShipmentSpec};
use app::domain::values::CarrierTrackingNumber;
use app::domain::TrackingNumber;
use serde_json::{Map, Value};
use std::collections::HashMap;

pub(super) const SHIPMENT_COLUMNS: &[Column] = &[
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

/// A field path of [`ShipmentInput`] as the column it came from: `origin.lat` is `origin_lat`,
/// anything inside `legs[i]` is `legs`, with the leg named in the reason.
fn shipment_column(path: &str, reason: &str) -> RowError {
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
        _ => (path.to_owned(), reason),
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

fn shipment_spec(row: &Row) -> Result<ShipmentSpec, RowError> {
    let body = shipment_value(row)?;
    let input: ShipmentInput = parse_wire(&body).map_err(|(path, reason)| shipment_column(&path, &reason))?;
    ShipmentSpec::from_input(input).map_err(|e| shipment_column(&e.field, &e.reason))
}

/// Checks shipment rows against storage and the rows before them, and creates the valid ones.
pub(super) struct Shipments<'a> {
    storage: &'a dyn Storage,
    merchant: MerchantId,
    /// Numbers seen earlier in this file: a second use would fail at write time anyway.
    tracking_numbers: HashMap<TrackingNumber, u64>,
    carrier_numbers: HashMap<CarrierTrackingNumber, u64>,
    /// In file order.
    pub(super) created: Vec<CreatedShipment>,
}

impl Shipments<'_> {
    pub(super) fn new(storage: &dyn Storage, merchant: MerchantId) -> Shipments<'_> {
        Shipments {
            storage,
            merchant,
            tracking_numbers: HashMap::new(),
            carrier_numbers: HashMap::new(),
            created: Vec::new(),
        }
    }
}

impl Importer for Shipments<'_> {
    type Valid = ShipmentSpec;
    /// Each shipment in its own transaction.
    const BATCH: usize = 1;

    async fn check(&mut self, row: &Row) -> Result<Result<ShipmentSpec, RowError>, StorageError> {
        let spec = match shipment_spec(row) {
            Ok(spec) => spec,
            Err(error) => return Ok(Err(error)),
        };
        let storage = self.storage;
        if let Some(problem) =
            already_used(storage, self.merchant, &spec, &self.tracking_numbers, &self.carrier_numbers).await?
        {
            return Ok(Err(problem));
        }
        if let Some(number) = &spec.tracking_number {
            self.tracking_numbers.insert(number.clone(), row.line);
        }
        for leg in &spec.legs {
            self.carrier_numbers.insert(leg.tracking_number.clone(), row.line);
        }
        Ok(Ok(spec))
    }

    /// A number taken in the meantime refuses its row; any other error stops the pass.
    async fn write(&mut self, batch: Vec<(u64, ShipmentSpec)>) -> Result<Vec<Reject>, StorageError> {
        let mut refused = Vec::new();
        for (line, spec) in batch {
            let shipment = NewShipment::issue(spec);
            match self.storage.create_shipment(self.merchant, &shipment).await {
                Ok(_) => self.created.push(CreatedShipment {
                    line,
                    order_ref: shipment.spec.order_ref.as_ref().map(|r| r.as_str().to_owned()),
                    journey_path: shipment.shopper_token.journey_path(),
                    tracking_number: shipment.tracking_number,
                }),
                Err(StorageError::Conflict { field, reason }) => {
                    refused.push(reject(line, shipment_column(&field, &reason)));
                }
                Err(error) => return Err(error),
            }
        }
        Ok(refused)
    }
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
            return Ok(Some(("tracking_number".into(), "is already on another of your shipments".into())));
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
            shipment_column("origin.city", "missing field `city`"),
            ("origin_city".into(), "is required but empty".into())
        );
        assert_eq!(
            shipment_column("legs[2].handoff.lat", "too far"),
            ("legs".into(), "leg 3 handoff.lat: too far".into())
        );
        assert_eq!(shipment_column("shopper", "missing field `shopper`").0, "shopper");
        assert_eq!(shipment_column("order_ref", "too long").0, "order_ref");
    }
}
