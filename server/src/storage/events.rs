//! What storage keeps of tracking events: appended in batches (duplicates skipped, webhook
//! deliveries once), each touched shipment's state refolded in the same transaction.

use super::{MerchantId, ShipmentId, StorageError};
use app::domain::event::{EventSource, TrackingEvent};
use app::domain::ShipmentState;
use app::model::journey::LiveUpdate;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// One event for one shipment, as part of an [`AppendRequest`].
#[derive(Debug, Clone)]
pub struct EventToAppend {
    pub shipment: ShipmentId,
    pub event: TrackingEvent,
}

/// Events committed together: all or none.
#[derive(Debug, Clone, Copy)]
pub struct AppendRequest<'a> {
    pub merchant: MerchantId,
    /// A webhook delivery's id: recorded in the same transaction, so a redelivery after a
    /// crash is processed again and a redelivery after success is not.
    pub delivery: Option<(EventSource, &'a str)>,
    pub events: &'a [EventToAppend],
}

#[derive(Debug, Clone, PartialEq)]
pub enum AppendReport {
    /// This webhook delivery was processed before; nothing was written.
    DeliverySeenBefore,
    Appended {
        /// Per event, in request order: the new row id, or `None` for a duplicate.
        ids: Vec<Option<i64>>,
        /// The state of every shipment touched, after the append.
        states: BTreeMap<ShipmentId, ShipmentState>,
        /// Shipments with a new scan, marked for reward evaluation in the same transaction,
        /// with the mark's generation (see [`EventStore::reward_evaluation_done`]).
        pending_rewards: BTreeMap<ShipmentId, i64>,
    },
}

/// A stored event with its row id (the live stream's event id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    pub id: i64,
    #[serde(flatten)]
    pub event: TrackingEvent,
    pub received_at: DateTime<Utc>,
}

#[async_trait::async_trait]
pub trait EventStore: Send + Sync {
    /// Commits the events (duplicates skipped) and refolds each touched shipment's state, in one
    /// transaction: when this returns, everything is durable.
    async fn append_events(&self, request: AppendRequest<'_>) -> Result<AppendReport, StorageError>;

    /// Shipments marked for reward evaluation longer ago than `marked_before`, with each
    /// mark's generation, oldest first.
    async fn pending_reward_evaluations(
        &self,
        marked_before: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<(ShipmentId, i64)>, StorageError>;

    /// Drops the payload an event came in (its `raw`) from up to `batch` events received
    /// before `before`, oldest first; the normalised event stays. How many were changed:
    /// fewer than `batch` means none is left.
    async fn drop_raw_payloads_before(&self, before: DateTime<Utc>, batch: i64) -> Result<u64, StorageError>;

    /// The evaluation that read the shipment marked `generation` ran: the mark is cleared,
    /// unless a newer append marked it again since.
    async fn reward_evaluation_done(&self, shipment: ShipmentId, generation: i64) -> Result<(), StorageError>;

    /// The id of the newest update the live stream would send, counting back `skip` updates
    /// (0: the newest); `None` if there are not that many.
    async fn live_update_id_from_end(&self, shipment: ShipmentId, skip: i64) -> Result<Option<i64>, StorageError>;

    /// The shipment's state folded from its stored events.
    async fn shipment_state(&self, shipment: ShipmentId) -> Result<ShipmentState, StorageError>;

    /// What the live stream sends for events with an id above `after` (milestones and
    /// events with coordinates), oldest first, at most `limit`.
    async fn live_updates_after(
        &self,
        shipment: ShipmentId,
        after: i64,
        limit: i64,
    ) -> Result<Vec<LiveUpdate>, StorageError>;
}
