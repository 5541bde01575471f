//! Native event ingest: `POST /api/v1/shipments/{reference}/events` (one event) and
//! `POST /api/v1/events` (a batch of up to `limits.max_batch_events`, all or nothing). The
//! reference is the Trekpost tracking number or any leg's carrier number. Events are committed
//! before the answer; a repeat is acknowledged as a duplicate and stored once.

use super::auth::AuthenticatedMerchant;
use super::dead_letters::Rejection;
use crate::http::json::{self, JsonBody};
use crate::http::problem::Problem;
use crate::ingest;
use crate::state::AppState;
use crate::storage::{AppendReport, AppendRequest, EventToAppend, MerchantId, ShipmentId};
use app::domain::event::{EventInput, EventSource, EventWindow};
use app::domain::{ShipmentStatus, TrackingEvent};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};

/// What happened to one event.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct EventReceipt {
    /// The stored event's id; for a duplicate, absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub duplicate: bool,
}

#[derive(Debug, Serialize)]
pub struct SingleReceipt {
    #[serde(flatten)]
    pub receipt: EventReceipt,
    /// The shipment's status after this event.
    pub status: ShipmentStatus,
    pub progress_percent: u8,
}

#[derive(Debug, Serialize)]
pub struct BatchReceipt {
    pub accepted: usize,
    pub duplicates: usize,
    /// One per event, in the order sent.
    pub events: Vec<EventReceipt>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    events: Vec<BatchItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchItem {
    /// Trekpost tracking number or a leg's carrier number.
    shipment: String,
    event: serde_json::Value,
}

/// Parses one event, keeping exactly what was sent as its raw payload.
fn parse_event(raw: serde_json::Value, window: EventWindow) -> Result<TrackingEvent, Problem> {
    let input: EventInput = json::parse_value(&raw)?;
    Ok(TrackingEvent::from_input(input, EventSource::Native, raw, window)?)
}

async fn resolve(state: &AppState, merchant: MerchantId, reference: &str) -> Result<ShipmentId, Problem> {
    ingest::resolve_parcel(state.storage.as_ref(), merchant, reference)
        .await?
        .ok_or_else(|| Problem::not_found(format!("you have no shipment or carrier leg {reference:?}")))
}

pub async fn add_event(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    Path(reference): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<(StatusCode, Json<SingleReceipt>), Problem> {
    let endpoint = format!("/api/v1/shipments/{reference}/events");
    match accept_event(&state, merchant, &reference, &body).await {
        Ok(receipt) => {
            let status = if receipt.receipt.duplicate { StatusCode::OK } else { StatusCode::CREATED };
            Ok((status, Json(receipt)))
        }
        Err(rejection) => Err(rejection.kept(&state, merchant, EventSource::Native, &endpoint, &body).await),
    }
}

/// One event for the shipment `reference` names, parsed and taken in (committed before this
/// returns): the request's work, and a replayed dead letter's.
pub async fn accept_event(
    state: &AppState,
    merchant: MerchantId,
    reference: &str,
    body: &[u8],
) -> Result<SingleReceipt, Rejection> {
    let parsed = async {
        let event = json::parse::<serde_json::Value>(body)
            .and_then(|raw| parse_event(raw, state.limits.event_window(Utc::now())))?;
        let shipment = resolve(state, merchant, reference).await.map_err(|p| p.inside("shipment"))?;
        Ok::<_, Problem>(EventToAppend { shipment, event })
    }
    .await;
    let item = parsed.map_err(Rejection::Refused)?;
    let request = AppendRequest { merchant, delivery: None, events: std::slice::from_ref(&item) };
    let AppendReport::Appended { ids, states, .. } =
        ingest::append(state.storage.as_ref(), &state.live, request).await.map_err(Rejection::failed)?
    else {
        unreachable!("no delivery id was given")
    };
    let id = ids[0];
    let shipment_state = &states[&item.shipment];
    Ok(SingleReceipt {
        receipt: EventReceipt { id, duplicate: id.is_none() },
        status: shipment_state.status,
        progress_percent: shipment_state.progress().percent(),
    })
}

pub async fn add_batch(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    JsonBody(body): JsonBody,
) -> Result<Json<BatchReceipt>, Problem> {
    match accept_batch(&state, merchant, &body).await {
        Ok(receipt) => Ok(Json(receipt)),
        Err(rejection) => Err(rejection.kept(&state, merchant, EventSource::Native, BATCH_ENDPOINT, &body).await),
    }
}

pub const BATCH_ENDPOINT: &str = "/api/v1/events";

/// A batch, all or nothing: the request's work, and a replayed dead letter's.
pub async fn accept_batch(state: &AppState, merchant: MerchantId, body: &[u8]) -> Result<BatchReceipt, Rejection> {
    let parsed = async {
        let batch: Batch = json::parse(body)?;
        let max = state.limits.max_batch_events;
        if batch.events.is_empty() || batch.events.len() > max {
            return Err(Problem::invalid_field("events", format!("send 1 to {max} events per batch")));
        }
        let window = state.limits.event_window(Utc::now());
        let mut items = Vec::with_capacity(batch.events.len());
        // A batch usually names a few parcels many times: look each one up once.
        let mut shipments = std::collections::HashMap::new();
        for (i, item) in batch.events.into_iter().enumerate() {
            let event = parse_event(item.event, window).map_err(|p| p.inside(&format!("events[{i}].event")))?;
            let shipment = match shipments.get(&item.shipment) {
                Some(found) => *found,
                None => {
                    let found = resolve(state, merchant, &item.shipment)
                        .await
                        .map_err(|p| p.inside(&format!("events[{i}].shipment")))?;
                    *shipments.entry(item.shipment).or_insert(found)
                }
            };
            items.push(EventToAppend { shipment, event });
        }
        Ok(items)
    }
    .await;
    let items = parsed.map_err(Rejection::Refused)?;
    let request = AppendRequest { merchant, delivery: None, events: &items };
    let AppendReport::Appended { ids, .. } =
        ingest::append(state.storage.as_ref(), &state.live, request).await.map_err(Rejection::failed)?
    else {
        unreachable!("no delivery id was given")
    };
    let events: Vec<EventReceipt> = ids.into_iter().map(|id| EventReceipt { id, duplicate: id.is_none() }).collect();
    let accepted = events.iter().filter(|e| !e.duplicate).count();
    tracing::info!(merchant = merchant.0, accepted, sent = events.len(), "event batch stored");
    Ok(BatchReceipt { accepted, duplicates: events.len() - accepted, events })
}
