//! Normalisers for the aggregators' webhook payloads: raw JSON in, canonical events out. Pure
//! (no I/O, no signatures: the server checks those before a payload gets here). Not compiled
//! for the browser, which never sees a webhook.

use super::event::{CarrierRef, TrackingEvent};
use super::FieldError;

pub mod aftership;
mod common;
pub mod easypost;
pub mod seventeen_track;

/// What one webhook delivery said about one parcel.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookEvents {
    /// The aggregator's id for this delivery, when it gives one (AfterShip `event_id`, EasyPost
    /// `evt_…`): a redelivery with the same id is acknowledged and not processed again.
    pub delivery_id: Option<String>,
    /// The parcel the events are about: the carrier and its tracking number, which the server
    /// resolves to one of the merchant's shipment legs.
    pub parcel: CarrierRef,
    /// Every checkpoint in the payload, oldest first; repeats of earlier deliveries are dropped
    /// later by the events' dedupe keys.
    pub events: Vec<TrackingEvent>,
    /// Checkpoints that could not become events (e.g. a time in the future, or a time that is
    /// not a time). The others are still accepted; these go to the dead-letter table.
    pub refused: Vec<FieldError>,
}

/// A parsed webhook body.
#[derive(Debug, Clone, PartialEq)]
pub enum Webhook {
    Events(WebhookEvents),
    /// A kind of notification the adapter does not handle (e.g. EasyPost `batch.created`):
    /// acknowledged and ignored.
    Ignored {
        kind: String,
    },
}

pub type NormaliseResult = Result<Webhook, FieldError>;

/// What the adapters' tests share: a fixed clock and the two ways to look at a result.
#[cfg(test)]
mod test_support {
    use super::{FieldError, NormaliseResult, Webhook, WebhookEvents};
    use crate::domain::event::EventWindow;
    use chrono::{DateTime, Utc};

    pub type Parse = fn(&[u8], EventWindow) -> NormaliseResult;

    pub fn now() -> DateTime<Utc> {
        "2025-12-01T00:00:00Z".parse().unwrap()
    }

    pub fn events(parse: Parse, body: &str) -> WebhookEvents {
        match parse(body.as_bytes(), EventWindow::around(now())).unwrap() {
            Webhook::Events(events) => events,
            other => panic!("expected events, got {other:?}"),
        }
    }

    /// The first refusal: of the whole payload, or of one checkpoint (the others still accepted).
    pub fn refusal(parse: Parse, body: &[u8]) -> FieldError {
        match parse(body, EventWindow::around(now())) {
            Err(error) => error,
            Ok(Webhook::Events(webhook)) => webhook.refused.into_iter().next().expect("a refused checkpoint"),
            Ok(other) => panic!("expected a refusal, got {other:?}"),
        }
    }
}
