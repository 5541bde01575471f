//! `POST /api/v1/webhooks/{merchant}/{aftership|17track|easypost}`: the aggregators sellers
//! already use. Each request is checked against the aggregator's own signature over the raw
//! body (401 if missing or wrong, before anything is parsed or kept), normalised by the pure
//! adapters in `app::domain::normalise`, and committed through the same path as native events.

pub mod signature;

use super::dead_letters::{dead_letter, Rejection};
use crate::http::json::JsonBody;
use crate::http::problem::Problem;
use crate::ingest;
use crate::state::AppState;
use crate::storage::{AppendReport, AppendRequest, EventToAppend, MerchantId};
use app::domain::event::{EventSource, EventWindow};
use app::domain::normalise::{self, Webhook};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use chrono::Utc;
use serde::Serialize;

/// One aggregator: where its signature travels, how to check it, how to read its body.
pub struct Aggregator {
    pub source: EventSource,
    pub path: &'static str,
    pub signature_header: &'static str,
    verify: fn(&str, &[u8], &str) -> bool,
    normalise: fn(&[u8], EventWindow) -> normalise::NormaliseResult,
}

pub const AGGREGATORS: [Aggregator; 3] = [
    Aggregator {
        source: EventSource::Aftership,
        path: "aftership",
        signature_header: "aftership-hmac-sha256",
        verify: signature::aftership,
        normalise: normalise::aftership::parse,
    },
    Aggregator {
        source: EventSource::SeventeenTrack,
        path: "17track",
        signature_header: "sign",
        verify: signature::seventeen_track,
        normalise: normalise::seventeen_track::parse,
    },
    Aggregator {
        source: EventSource::Easypost,
        path: "easypost",
        signature_header: "x-hmac-signature",
        verify: signature::easypost,
        normalise: normalise::easypost::parse,
    },
];

#[derive(Debug, Default, Serialize)]
pub struct WebhookReceipt {
    pub accepted: usize,
    pub duplicates: usize,
    /// This delivery id was processed before; nothing was done again.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub redelivery: bool,
    /// A kind of notification Trekpost does not use, acknowledged so it is not retried.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<String>,
    /// Checkpoints that could not be read, each named by its field; the payload is kept as a
    /// dead letter and the other checkpoints were accepted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<String>,
    /// Why each was refused (kept with the dead letter, not sent back).
    #[serde(skip)]
    pub refusal_reasons: Vec<String>,
}

pub async fn receive(
    State(state): State<AppState>,
    Path((merchant_slug, aggregator)): Path<(String, String)>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Json<WebhookReceipt>, Problem> {
    let aggregator = AGGREGATORS
        .iter()
        .find(|a| a.path == aggregator)
        .ok_or_else(|| Problem::not_found(format!("no webhook adapter {aggregator:?}")))?;
    // Unknown merchant, no secret and a bad signature all look the same from outside.
    let refused = || Problem::unauthorized(format!("missing or invalid {} signature", aggregator.signature_header));
    let merchant = state.storage.merchant_by_slug(&merchant_slug).await?.ok_or_else(refused)?;
    let secret = state.storage.webhook_secret(merchant, aggregator.source).await?.ok_or_else(refused)?;
    let signature = headers.get(aggregator.signature_header).and_then(|v| v.to_str().ok()).ok_or_else(refused)?;
    if !(aggregator.verify)(&secret, &body, signature) {
        tracing::warn!(merchant = merchant.0, source = aggregator.source.code(), "webhook signature rejected");
        return Err(refused());
    }

    let endpoint = format!("/api/v1/webhooks/{merchant_slug}/{}", aggregator.path);
    match accept(&state, merchant, aggregator, &body).await {
        Ok(receipt) => {
            if let (Some(problem), false) = (refusals(&receipt), receipt.redelivery) {
                // The events are committed either way; a failure to keep the letter is logged.
                let _ = dead_letter(&state, merchant, aggregator.source, &endpoint, &body, problem).await;
            }
            Ok(Json(receipt))
        }
        Err(rejection) => Err(rejection.kept(&state, merchant, aggregator.source, &endpoint, &body).await),
    }
}

/// The checkpoints a delivery carried that could not be read, as one problem naming the first.
pub fn refusals(receipt: &WebhookReceipt) -> Option<Problem> {
    let first = receipt.refused.first()?;
    Some(Problem::invalid_field(first.clone(), receipt.refusal_reasons.join("; ")))
}

/// A verified delivery, normalised and taken in: the request's work after its signature
/// checks out, and a replayed dead letter's (kept only after its signature checked out).
pub async fn accept(
    state: &AppState,
    merchant: MerchantId,
    aggregator: &Aggregator,
    body: &[u8],
) -> Result<WebhookReceipt, Rejection> {
    let parsed = match (aggregator.normalise)(body, state.limits.event_window(Utc::now())) {
        Ok(Webhook::Ignored { kind }) => {
            return Ok(WebhookReceipt { ignored: Some(kind), ..WebhookReceipt::default() });
        }
        Ok(Webhook::Events(parsed)) => parsed,
        Err(error) => return Err(Rejection::Refused(error.into())),
    };
    let number = parsed.parcel.tracking_number.as_str();
    let Some(shipment) = state.storage.shipment_by_carrier_number(merchant, number).await.map_err(Rejection::failed)?
    else {
        let problem = Problem::invalid_field("tracking_number", format!("no shipment has a leg with number {number}"));
        return Err(Rejection::Refused(problem));
    };
    let items: Vec<EventToAppend> = parsed.events.into_iter().map(|event| EventToAppend { shipment, event }).collect();
    let request = AppendRequest {
        merchant,
        delivery: parsed.delivery_id.as_deref().map(|id| (aggregator.source, id)),
        events: &items,
    };
    let report = ingest::append(state.storage.as_ref(), &state.live, request).await.map_err(Rejection::failed)?;
    let refused: Vec<String> = parsed.refused.iter().map(|e| e.field.clone()).collect();
    let refusal_reasons = parsed.refused.iter().map(ToString::to_string).collect();
    Ok(match report {
        AppendReport::DeliverySeenBefore => WebhookReceipt {
            duplicates: items.len(),
            redelivery: true,
            refused,
            refusal_reasons,
            ..WebhookReceipt::default()
        },
        AppendReport::Appended { ids, .. } => {
            let accepted = ids.iter().flatten().count();
            WebhookReceipt {
                accepted,
                duplicates: ids.len() - accepted,
                refused,
                refusal_reasons,
                ..WebhookReceipt::default()
            }
        }
    })
}
