//! Plays simulated journeys forward: each event is appended through the ingest path when its
//! moment comes (real time for the demo shop's orders, fast-forwarded for showcase journeys),
//! so milestones, the live stream and everything downstream react as to a real carrier.

use super::dataset::Lane;
use super::demo::{self, DemoShopper, SimulatedClock};
use super::journey::{Detail, JourneyPlan};
use crate::config::{DemoSettings, SimulatorSettings};
use crate::ingest;
use crate::live::LiveFeed;
use crate::storage::{
    AppendReport, AppendRequest, EventToAppend, MerchantId, NewShipment, SharedStorage, ShipmentId, StorageError,
};
use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Events appended per transaction when many fall due at once (after a restart, say).
const MAX_EVENTS_PER_APPEND: usize = 1_000;

struct Running {
    shipment: ShipmentId,
    plan: JourneyPlan,
    clock: SimulatedClock,
    /// Index of the next event to play.
    next: usize,
}

impl Running {
    fn showcase(&self) -> bool {
        self.clock.acceleration > 1.0
    }

    fn finished(&self) -> bool {
        self.next >= self.plan.events.len()
    }
}

pub struct Simulator {
    storage: SharedStorage,
    live: Arc<LiveFeed>,
    settings: SimulatorSettings,
    seed: u64,
    merchant: MerchantId,
    shoppers: Vec<DemoShopper>,
    running: Vec<Running>,
    showcases_started: u64,
}

impl Simulator {
    /// Resumes every unfinished simulated journey in storage (replanned from its seed).
    pub async fn resume(
        storage: SharedStorage,
        live: Arc<LiveFeed>,
        settings: SimulatorSettings,
        demo: &DemoSettings,
    ) -> Result<Self, StorageError> {
        let merchant = demo::demo_merchant(storage.as_ref()).await?;
        let mut running = Vec::new();
        for record in storage.running_simulated_journeys().await? {
            let Some(lane) = Lane::by_id(&record.lane) else {
                tracing::warn!(lane = record.lane, "a simulated journey's lane is no longer bundled; leaving it");
                continue;
            };
            let Some(option) = lane.options.get(record.option_index as usize) else { continue };
            let plan = JourneyPlan::new(lane, option, record.seed, record.ordered_at, Detail::WithPositions);
            running.push(Running {
                shipment: record.shipment,
                plan,
                clock: SimulatedClock::from_record(&record),
                next: 0,
            });
        }
        let showcases_started = running.iter().filter(|r| r.showcase()).count() as u64;
        tracing::info!(journeys = running.len(), "simulator resumed");
        Ok(Self {
            storage,
            live,
            settings,
            seed: demo.seed,
            merchant,
            shoppers: demo::demo_shoppers(demo.shoppers.max(1)),
            running,
            showcases_started,
        })
    }

    /// Plays until `shutdown` is cancelled.
    pub async fn run(mut self, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(Duration::from_millis(self.settings.tick_millis.max(10)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tick.tick() => {}
            }
            if let Err(error) = self.step(Utc::now()).await {
                // Nothing is lost: the events stay due and are tried again on the next tick.
                tracing::warn!(error = %error, "simulator step failed");
            }
        }
    }

    /// Starts showcase journeys up to the configured number, plays every event due by `now`,
    /// and retires finished journeys. Returns how many events were new to storage (a resumed
    /// journey replays its past; storage recognises those events and keeps them once).
    pub async fn step(&mut self, now: DateTime<Utc>) -> Result<usize, StorageError> {
        while self.running.iter().filter(|r| r.showcase() && !r.finished()).count() < self.settings.live_journeys {
            self.start_showcase(now).await?;
        }
        let mut played = 0;
        loop {
            let mut batch: Vec<EventToAppend> = Vec::new();
            let mut advanced: Vec<(usize, usize)> = Vec::new();
            for (i, journey) in self.running.iter().enumerate() {
                let room = MAX_EVENTS_PER_APPEND - batch.len();
                let due = journey.plan.events[journey.next..]
                    .iter()
                    .take(room)
                    .take_while(|e| journey.clock.played_at(e.at) <= now)
                    .map(|e| EventToAppend { shipment: journey.shipment, event: journey.plan.tracking_event(e) });
                let before = batch.len();
                batch.extend(due);
                if batch.len() > before {
                    advanced.push((i, batch.len() - before));
                }
                if batch.len() >= MAX_EVENTS_PER_APPEND {
                    break;
                }
            }
            if batch.is_empty() {
                break;
            }
            let request = AppendRequest { merchant: self.merchant, delivery: None, events: &batch };
            if let AppendReport::Appended { ids, .. } =
                ingest::append(self.storage.as_ref(), &self.live, request).await?
            {
                played += ids.iter().flatten().count();
            }
            for (i, count) in advanced {
                self.running[i].next += count;
            }
        }
        for journey in self.running.iter().filter(|r| r.finished()) {
            self.storage.finish_simulated_journey(journey.shipment).await?;
        }
        self.running.retain(|r| !r.finished());
        Ok(played)
    }

    async fn start_showcase(&mut self, now: DateTime<Utc>) -> Result<(), StorageError> {
        let number = self.showcases_started;
        self.showcases_started += 1;
        let (plan, shopper, clock) = demo::showcase(number, self.seed, &self.shoppers, self.settings.acceleration, now);
        let customer = &self.shoppers[shopper];
        let order_ref = format!("LIVE-{:05}-{:x}", number + 1, now.timestamp());
        let eco = plan.option.mode == app::domain::shipment::TransportMode::Ocean;
        let spec = plan.spec(customer.shopper.clone(), Some(order_ref), eco).expect("showcase shipments are valid");
        let shipment = self.storage.create_shipment(self.merchant, &NewShipment::issue_demo(spec)).await?;
        self.storage.add_simulated_journey(&clock.record(shipment, plan.lane, plan.seed)).await?;
        tracing::info!(lane = plan.lane.id, shipment = shipment.0, "showcase journey started");
        self.running.push(Running { shipment, plan, clock, next: 0 });
        Ok(())
    }
}
