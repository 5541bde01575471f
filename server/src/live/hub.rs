//! Fan-out of live updates to the journey pages of one shipment. Each update is serialised
//! once into a shared [`Frame`]; subscribers receive the same `Arc`. A broadcast channel never
//! waits for its slowest receiver: one that falls behind is told it lagged and catches up from
//! storage instead (see `sse.rs`), so a slow phone cannot hold up anyone else.

use crate::storage::ShipmentId;
use app::model::journey::LiveUpdate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// One serialised update, ready to write to any number of streams.
#[derive(Debug)]
pub struct Frame {
    /// The stored event's id; `None` for an outlook, which a reconnect need not resume after.
    pub id: Option<i64>,
    pub json: String,
}

impl Frame {
    pub fn new(update: &LiveUpdate) -> Self {
        Self { id: update.event_id(), json: serde_json::to_string(update).expect("live updates always serialise") }
    }
}

pub struct LiveHub {
    capacity: usize,
    channels: Mutex<HashMap<ShipmentId, broadcast::Sender<Arc<Frame>>>>,
}

impl LiveHub {
    pub fn new(capacity: usize) -> Self {
        Self { capacity: capacity.max(1), channels: Mutex::new(HashMap::new()) }
    }

    pub fn subscribe(&self, shipment: ShipmentId) -> broadcast::Receiver<Arc<Frame>> {
        let mut channels = self.channels.lock().expect("live hub lock");
        channels.entry(shipment).or_insert_with(|| broadcast::channel(self.capacity).0).subscribe()
    }

    /// Sends the update to every current subscriber of the shipment; returns how many.
    pub fn publish(&self, shipment: ShipmentId, update: &LiveUpdate) -> usize {
        let mut channels = self.channels.lock().expect("live hub lock");
        let Some(sender) = channels.get(&shipment) else { return 0 };
        match sender.send(Arc::new(Frame::new(update))) {
            Ok(receivers) => receivers,
            Err(_) => {
                // Nobody is watching any more: forget the channel.
                channels.remove(&shipment);
                0
            }
        }
    }

    /// Whether any page is listening to the shipment (so work only they need can be skipped).
    pub fn has_subscribers(&self, shipment: ShipmentId) -> bool {
        self.channels.lock().expect("live hub lock").get(&shipment).is_some_and(|s| s.receiver_count() > 0)
    }

    /// Shipments with an open channel (for tests and metrics).
    pub fn open_channels(&self) -> usize {
        self.channels.lock().expect("live hub lock").len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::GeoPoint;
    use app::model::journey::PositionFix;

    fn update(id: i64) -> LiveUpdate {
        LiveUpdate::Position(PositionFix {
            id,
            point: GeoPoint::new(10.0, 20.0).unwrap(),
            recorded_at: chrono::Utc::now(),
        })
    }

    #[tokio::test]
    async fn every_subscriber_gets_the_same_serialised_frame() {
        let hub = LiveHub::new(8);
        let (mut a, mut b) = (hub.subscribe(ShipmentId(1)), hub.subscribe(ShipmentId(1)));
        let mut other = hub.subscribe(ShipmentId(2));
        assert_eq!(hub.publish(ShipmentId(1), &update(5)), 2);
        let (fa, fb) = (a.recv().await.unwrap(), b.recv().await.unwrap());
        assert!(Arc::ptr_eq(&fa, &fb), "serialised once, shared");
        assert_eq!(fa.id, Some(5));
        assert!(other.try_recv().is_err(), "other shipments hear nothing");
    }

    #[tokio::test]
    async fn a_slow_subscriber_lags_without_blocking_the_publisher_or_others() {
        let hub = LiveHub::new(2);
        let mut slow = hub.subscribe(ShipmentId(1));
        let mut fast = hub.subscribe(ShipmentId(1));
        for id in 1..=5 {
            hub.publish(ShipmentId(1), &update(id));
            assert_eq!(fast.recv().await.unwrap().id, Some(id));
        }
        assert!(matches!(slow.recv().await, Err(broadcast::error::RecvError::Lagged(3))));
        assert_eq!(slow.recv().await.unwrap().id, Some(4));
    }

    #[test]
    fn channels_without_subscribers_are_dropped_on_publish() {
        let hub = LiveHub::new(4);
        drop(hub.subscribe(ShipmentId(9)));
        assert_eq!(hub.open_channels(), 1);
        assert_eq!(hub.publish(ShipmentId(9), &update(1)), 0);
        assert_eq!(hub.open_channels(), 0);
    }
}
