//! The forecast part of a journey's outlook: the delivery window and the next key scan, from
//! the lane's finished journeys (pure rules in `app::domain::eta`). A lane's history is read
//! once and kept a few minutes, so a burst of events or page views costs one query per lane.

use crate::storage::{LaneFacts, MerchantId, SharedStorage, ShipmentId, StorageError};
use app::domain::attention::LaneOutlook;
use app::domain::eta::{self, HistoryJourney, Lane, LaneEnd};
use app::domain::{Milestone, ShipmentState, ShopperToken};
use app::model::journey::{JourneyView, Outlook};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How far back finished journeys count, and how many of the newest are read.
const HISTORY_DAYS: i64 = 400;
const HISTORY_LIMIT: i64 = 2_000;
/// A lane's history is reread after this; sooner while it is too thin for a window, so a
/// history still being written shows up quickly.
const FRESH_FOR: Duration = Duration::from_secs(600);
const THIN_FRESH_FOR: Duration = Duration::from_secs(15);

/// A lane of one merchant: history is never shared between shops.
type LaneKey = (MerchantId, String, String);
/// A lane's finished journeys and when they were read.
type CachedHistory = (Instant, Arc<Vec<HistoryJourney>>);

pub struct Forecasts {
    storage: SharedStorage,
    cache: Mutex<HashMap<LaneKey, CachedHistory>>,
}

fn journey<'a>(lane: &'a LaneFacts, milestones: &'a [(Milestone, DateTime<Utc>)]) -> eta::Journey<'a> {
    eta::Journey {
        lane: Lane {
            origin: LaneEnd { country: lane.origin, lon: lane.origin_lon },
            destination: LaneEnd { country: lane.destination, lon: lane.destination_lon },
        },
        carrier: lane.carrier.as_deref(),
        service: lane.service.code(),
        milestones,
    }
}

impl Forecasts {
    pub fn new(storage: SharedStorage) -> Self {
        Self { storage, cache: Mutex::new(HashMap::new()) }
    }

    /// The outlook of a shipment after events changed its state.
    pub async fn outlook(&self, shipment: ShipmentId, state: &ShipmentState) -> Result<Outlook, StorageError> {
        let mut outlook = Outlook::from_state(state);
        if let Some(lane) = self.storage.lane_of(shipment).await? {
            let milestones: Vec<_> = state.milestones.iter().map(|(m, at)| (*m, *at)).collect();
            self.fill(&mut outlook, &lane, &milestones, Utc::now()).await?;
        }
        Ok(outlook)
    }

    /// The current outlook read from storage (after a replay, for a page that reconnects).
    pub async fn current_outlook(&self, shipment: ShipmentId) -> Result<Outlook, StorageError> {
        let state = self.storage.shipment_state(shipment).await?;
        self.outlook(shipment, &state).await
    }

    /// Adds the forecast to the journey page behind `token`, about to be rendered.
    pub async fn fill_view(&self, token: &ShopperToken, view: &mut JourneyView) -> Result<(), StorageError> {
        let Some(lane) = self.storage.lane_of_token(token).await? else { return Ok(()) };
        let milestones: Vec<_> = view.milestones.iter().map(|m| (m.milestone, m.reached_at)).collect();
        let mut outlook = view.outlook.clone();
        self.fill(&mut outlook, &lane, &milestones, Utc::now()).await?;
        view.outlook = outlook;
        Ok(())
    }

    /// Whether the delivered shipment kept the window it was shown at departure: worked out
    /// once from the lane's history and recorded in its facts (the seller's on-time share, the
    /// on-time badge). `None` before delivery or while the lane has too little history.
    pub async fn promise_kept(
        &self,
        shipment: ShipmentId,
        state: &ShipmentState,
    ) -> Result<Option<bool>, StorageError> {
        if !state.milestones.contains_key(&Milestone::Delivered) {
            return Ok(None);
        }
        if let Some(kept) = self.storage.delivered_on_time(shipment).await? {
            return Ok(Some(kept));
        }
        let kept = self.delivered_within_window(shipment, state).await?;
        if let Some(kept) = kept {
            self.storage.record_delivered_on_time(shipment, kept).await?;
        }
        Ok(kept)
    }

    /// Whether the delivered shipment arrived inside the window it was shown at departure.
    async fn delivered_within_window(
        &self,
        shipment: ShipmentId,
        state: &ShipmentState,
    ) -> Result<Option<bool>, StorageError> {
        let Some(lane) = self.storage.lane_of(shipment).await? else { return Ok(None) };
        let milestones: Vec<_> = state.milestones.iter().map(|(m, at)| (*m, *at)).collect();
        let history = self.history(&lane).await?;
        Ok(eta::delivered_within_window(&journey(&lane, &milestones), &history))
    }

    /// What the lane's history says about a parcel under way now: how long it may normally
    /// stay quiet, and the window it was promised at departure (the console's attention rules).
    pub async fn lane_outlook(
        &self,
        lane: &LaneFacts,
        state: &ShipmentState,
        now: DateTime<Utc>,
    ) -> Result<LaneOutlook, StorageError> {
        let history = self.history(lane).await?;
        let milestones: Vec<_> = state.milestones.iter().map(|(m, at)| (*m, *at)).collect();
        let journey = journey(lane, &milestones);
        Ok(LaneOutlook {
            next_scan: eta::next_scan(&journey, &history),
            promised_by: eta::promised_window(&journey, &history).map(|window| window.latest),
            destination_today: Some(eta::destination_today(&journey, now)),
        })
    }

    async fn fill(
        &self,
        outlook: &mut Outlook,
        lane: &LaneFacts,
        milestones: &[(Milestone, DateTime<Utc>)],
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let history = self.history(lane).await?;
        let journey = journey(lane, milestones);
        outlook.eta = eta::delivery_window(&journey, &history, now);
        outlook.next_scan = eta::next_scan(&journey, &history);
        Ok(())
    }

    async fn history(&self, lane: &LaneFacts) -> Result<Arc<Vec<HistoryJourney>>, StorageError> {
        let key = (lane.merchant, lane.origin.as_str().to_owned(), lane.destination.as_str().to_owned());
        if let Some((read_at, history)) = self.cache.lock().expect("forecast cache lock").get(&key) {
            let fresh_for = if history.len() < eta::MIN_SAMPLES { THIN_FRESH_FOR } else { FRESH_FOR };
            if read_at.elapsed() < fresh_for {
                return Ok(history.clone());
            }
        }
        let since = Utc::now() - chrono::Duration::days(HISTORY_DAYS);
        let history = Arc::new(self.storage.lane_history(key.0, &key.1, &key.2, since, HISTORY_LIMIT).await?);
        self.cache.lock().expect("forecast cache lock").insert(key, (Instant::now(), history.clone()));
        Ok(history)
    }
}
