//! What the simulator keeps: the journeys it plays forward, enough to resume them after a
//! restart.

use super::{ShipmentId, StorageError};
use chrono::{DateTime, Utc};

/// A journey the simulator is playing forward: enough to replan it after a restart.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedJourney {
    pub shipment: ShipmentId,
    pub lane: String,
    pub option_index: i32,
    pub seed: u64,
    /// Simulated time of the order, played at real time `wall_anchor`...
    pub ordered_at: DateTime<Utc>,
    pub wall_anchor: DateTime<Utc>,
    /// ...and this many times faster than real time from there (1 = real time).
    pub acceleration: f64,
}

#[async_trait::async_trait]
pub trait SimulatorStore: Send + Sync {
    /// Records a journey the simulator plays forward.
    async fn add_simulated_journey(&self, journey: &SimulatedJourney) -> Result<(), StorageError>;

    /// The simulator's journeys not yet finished, to resume after a restart.
    async fn running_simulated_journeys(&self) -> Result<Vec<SimulatedJourney>, StorageError>;

    async fn finish_simulated_journey(&self, shipment: ShipmentId) -> Result<(), StorageError>;
}
