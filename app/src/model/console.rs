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

/// Which kind of file a CSV import reads (the columns of `server import
/// shipments|events|contacts|disputes`): contacts and disputes come from a helpdesk's export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Shipments,
    Events,
    Contacts,
    Disputes,
}

impl ImportKind {
    pub const ALL: [Self; 4] = [Self::Shipments, Self::Events, Self::Contacts, Self::Disputes];

    pub fn code(self) -> &'static str {
        match self {
            Self::Shipments => "shipments",
            Self::Events => "events",
            Self::Contacts => "contacts",
            Self::Disputes => "disputes",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// Where an import is: reading every row, writing the valid ones, or finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportPhase {
    Checking,
    Writing,
    Done,
}

/// A row that was not imported: its line in the file (the header is line 1), the column to
/// blame and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRowError {
    pub line: u64,
    pub field: String,
    pub reason: String,
}

/// What a finished import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Data rows in the file.
    pub rows: usize,
    /// Rows that passed the checks.
    pub valid: usize,
    /// Shipments created, or events newly stored.
    pub imported: usize,
    /// Events that were already stored (acknowledged, not stored twice).
    pub duplicates: usize,
    /// In file order.
    pub rejected: Vec<ImportRowError>,
    /// Whether the writing pass ran (a rejected row stops it unless "skip invalid rows").
    pub written: bool,
    /// The line the database stopped the writing pass at: that row and the valid ones after it
    /// were not imported.
    pub stopped_at: Option<u64>,
    /// Why the import could not run at all (the file's header or encoding, the database):
    /// nothing was imported.
    pub failed: Option<String>,
}

/// An import as its page polls it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportProgress {
    pub kind: ImportKind,
    pub file_name: String,
    pub phase: ImportPhase,
    /// Rows done in this phase, of `total`.
    pub done: u64,
    pub total: u64,
    pub report: Option<ImportReport>,
}

/// A column an import file may have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportColumn {
    pub name: String,
    pub required: bool,
}

/// What the import page says about the files it takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportForm {
    pub max_bytes: usize,
    /// Each kind of file with its columns, in [`ImportKind::ALL`]'s order.
    pub columns: Vec<(ImportKind, Vec<ImportColumn>)>,
}

/// The shop's page design as the editor opens it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DesignDesk {
    /// The version the draft starts from (0: never saved); a save names it.
    pub version: i64,
    pub draft: crate::domain::design::DesignDraft,
    /// Newest first.
    pub history: Vec<DesignVersionRow>,
    /// For the logo's address (`/shops/{slug}/logo/{digest}`).
    pub shop_slug: String,
    /// The journey the preview shows; `None`: the shop has no shipment yet.
    pub preview_of: Option<String>,
    pub pools: Vec<CouponPoolRow>,
}

/// A pool of the shop's own coupon codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponPoolRow {
    pub name: String,
    pub left: i64,
    pub given: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesignVersionRow {
    pub version: i64,
    /// The console user's email, or "API".
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
}

/// What saving a design came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DesignSaved {
    Saved(DesignVersionRow),
    /// Every field that is wrong; nothing was saved.
    Invalid(Vec<crate::domain::FieldError>),
    /// Someone saved since the editor opened: nothing was saved.
    Conflict(DesignVersionRow),
}
