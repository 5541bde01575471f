//! The SQL behind [`SimulatorStore`], for both databases.

use super::*;
use crate::storage::simulator::*;

#[async_trait::async_trait]
impl<DB: Sql> SimulatorStore for SqlStore<DB>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> f64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<f64>: Encode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    async fn add_simulated_journey(&self, j: &SimulatedJourney) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO simulated_journeys \
                (shipment_id, lane, option_index, seed, ordered_at, wall_anchor, acceleration) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(j.shipment.0)
        .bind(&j.lane)
        .bind(j.option_index)
        // Stored bit for bit: the seed's full 64 bits in a signed column.
        .bind(j.seed as i64)
        .bind(j.ordered_at)
        .bind(j.wall_anchor)
        .bind(j.acceleration)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn running_simulated_journeys(&self) -> Result<Vec<SimulatedJourney>, StorageError> {
        let rows: Vec<(i64, String, i32, i64, DateTime<Utc>, DateTime<Utc>, f64)> = sqlx::query_as(
            "SELECT shipment_id, lane, option_index, seed, ordered_at, wall_anchor, acceleration \
             FROM simulated_journeys WHERE NOT finished ORDER BY shipment_id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(shipment, lane, option_index, seed, ordered_at, wall_anchor, acceleration)| SimulatedJourney {
                shipment: ShipmentId(shipment),
                lane,
                option_index,
                seed: seed as u64,
                ordered_at,
                wall_anchor,
                acceleration,
            })
            .collect())
    }

    async fn finish_simulated_journey(&self, shipment: ShipmentId) -> Result<(), StorageError> {
        sqlx::query("UPDATE simulated_journeys SET finished = TRUE WHERE shipment_id = $1")
            .bind(shipment.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
