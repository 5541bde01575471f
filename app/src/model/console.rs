//! What the seller console's pages show, as the server sends it.

use crate::domain::attention::AttentionKind;
use crate::domain::event::EventCode;
use crate::domain::shipment::ShipmentSpec;
use crate::domain::shipment_state::{OpenProblem, ShipmentStatus};
use crate::domain::{Milestone, TrackingEvent};
use crate::model::rewards::JourneyRewards;
use crate::model::share::ShareLink;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One shipment that needs a look, with what its shopper's page says about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttentionItem {
    pub shipment_id: i64,
    pub tracking_number: String,
    pub order_ref: Option<String>,
    /// Every reason, most urgent first (never empty).
    pub kinds: Vec<AttentionKind>,
    /// When the oldest reason began: the problem, the last news, or the day after the promise.
    pub since: DateTime<Utc>,
    /// The latest milestone reached.
    pub stage: Option<Milestone>,
    pub status: ShipmentStatus,
    /// The carrier of the leg under way (its display name), if known.
    pub carrier: Option<String>,
    /// ISO countries.
    pub origin: String,
    pub destination: String,
    pub problem: Option<OpenProblem>,
    /// The latest news the shopper reads, when there is no problem.
    pub headline: Option<EventCode>,
    pub last_event_at: Option<DateTime<Utc>>,
    /// The longest silence that is normal at this stage of this lane (days).
    pub usual_silence_days: u32,
    /// The last day of the window promised at departure.
    pub promised_by: Option<NaiveDate>,
}

impl AttentionItem {
    /// `origin → destination`, for sorting and showing.
    pub fn lane(&self) -> String {
        format!("{} → {}", self.origin, self.destination)
    }
}

/// The console's home: what needs attention among the merchant's parcels under way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttentionList {
    pub items: Vec<AttentionItem>,
    /// Parcels under way that were checked.
    pub checked: usize,
    pub as_of: DateTime<Utc>,
}

impl AttentionList {
    /// How many parcels each reason applies to (a parcel may count under several).
    pub fn count(&self, kind: AttentionKind) -> usize {
        self.items.iter().filter(|item| item.kinds.contains(&kind)).count()
    }
}

/// An API key as the console lists it: never the key itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyRow {
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A key just made: the only time its whole value is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuedApiKey {
    pub key: String,
    pub prefix: String,
}

/// A shipment found by a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShipmentHit {
    pub tracking_number: String,
    pub order_ref: Option<String>,
}

/// A stored event as the console shows it: the normalised event (its source and what the
/// source sent included) and when Trekpost received it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsoleEvent {
    pub id: i64,
    pub event: TrackingEvent,
    pub received_at: DateTime<Utc>,
}

/// Everything the console knows of one shipment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShipmentDetail {
    pub tracking_number: String,
    pub spec: ShipmentSpec,
    pub created_at: DateTime<Utc>,
    pub status: ShipmentStatus,
    pub progress_percent: u8,
    pub stage: Option<Milestone>,
    /// Newest first.
    pub events: Vec<ConsoleEvent>,
    pub rewards: JourneyRewards,
    /// Public share links that open now, newest first.
    pub share_links: Vec<ShareLink>,
    pub page_views: i64,
    pub seconds_on_page: i64,
    /// The server's clock when this was read (the browser has none it may use in wasm).
    pub as_of: DateTime<Utc>,
}

/// What adding an event by hand came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EventAdded {
    Added,
    /// The shipment already had this event.
    Duplicate,
    /// Refused, as the API would refuse it: the field and the reason.
    Invalid {
        field: String,
        reason: String,
    },
}

/// A console user as the users page lists them: never their password or its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub email: String,
    pub role: crate::domain::account::Role,
    pub created_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
}

/// What adding a user came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum UserAdded {
    /// Their first password, shown this once for the owner to hand over.
    Added {
        email: String,
        password: String,
    },
    Invalid {
        field: String,
        reason: String,
    },
}

/// One aggregator's webhook as the console shows it: where to point it, never the secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookSetting {
    /// The aggregator as the address names it (`aftership`, `17track`, `easypost`).
    pub aggregator: String,
    /// The path to paste into the aggregator (the page makes it absolute).
    pub endpoint_path: String,
    /// The header the aggregator signs its deliveries in.
    pub signature_header: String,
    /// When its secret was last set; `None`: deliveries are refused until it is.
    pub secret_set_at: Option<DateTime<Utc>>,
}

/// A payload that could not be accepted, as the console lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadLetterRow {
    pub id: i64,
    pub source: String,
    pub endpoint: Option<String>,
    /// The field to blame, and why.
    pub field: String,
    pub reason: String,
    /// As it was sent.
    pub payload: String,
    pub received_at: DateTime<Utc>,
    pub replayed_at: Option<DateTime<Utc>>,
    /// Whether it names a door to replay it through.
    pub replayable: bool,
}

/// What replaying a dead letter came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReplayOutcome {
    Accepted,
    /// Refused again (the letter stays): the field and the reason.
    Refused {
        field: String,
        reason: String,
    },
    NotReplayable,
    /// Replayed before, or not this shop's.
    Unknown,
}
