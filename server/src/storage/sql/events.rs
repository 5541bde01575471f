//! The SQL behind [`EventStore`], for both databases: appends, and the refold that keeps each
//! shipment's status, milestones and measured facts in step with its events.

use super::*;
use crate::storage::events::*;
use app::domain::event::TrackingEvent;
use app::domain::{fold, EventCode, ShipmentState};
use app::model::journey::{LiveUpdate, PositionFix, Scan, TimelineEntry};
use std::collections::BTreeMap;

type LiveRow = (i64, String, Option<f64>, Option<f64>, DateTime<Utc>, Option<String>);

/// Events the live stream sends: milestones, and anything with coordinates.
/// Everything after an id, in id order; position pings without their body (the point is enough).
const LIVE_UPDATES_AFTER: &str =
    "SELECT id, code, lat, lon, occurred_at, CASE WHEN code = 'position' THEN NULL ELSE body END \
     FROM tracking_events WHERE shipment_id = $1 AND id > $2 ORDER BY id LIMIT $3";

fn live_update((id, code, lat, lon, at, body): LiveRow) -> Result<LiveUpdate, StorageError> {
    if let Some(body) = body {
        let event: TrackingEvent =
            serde_json::from_str(&body).map_err(|e| StorageError::Corrupt(format!("event {id}: {e}")))?;
        // Replayed scans may move the marker; the page keeps whichever fix is newest in time.
        let entry = TimelineEntry::from_event(id, &event);
        return Ok(LiveUpdate::Scan(Box::new(Scan { moves_marker: entry.point.is_some(), entry })));
    }
    match (code.as_str(), lat, lon) {
        ("position", Some(lat), Some(lon)) => {
            let point = GeoPoint::new(lat, lon).map_err(|e| StorageError::Corrupt(e.to_string()))?;
            Ok(LiveUpdate::Position(PositionFix { id, point, recorded_at: at }))
        }
        _ => Err(StorageError::Corrupt(format!("event {id} is a position without a point"))),
    }
}

impl<DB: Sql> SqlStore<DB>
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
    /// Folds the shipment's events into its state and stores what is derived from it.
    /// Position pings only matter through the latest one, so only that one is read.
    async fn refold(tx: &mut sqlx::Transaction<'_, DB>, shipment: ShipmentId) -> Result<ShipmentState, StorageError> {
        let events = Self::foldable_events(&mut **tx, shipment).await?;
        let state = fold(events.iter().map(|e| &e.event));
        for (milestone, reached_at) in &state.milestones {
            sqlx::query(
                "INSERT INTO shipment_milestones (shipment_id, milestone, reached_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (shipment_id, milestone) DO UPDATE SET reached_at = excluded.reached_at",
            )
            .bind(shipment.0)
            .bind(milestone.code())
            .bind(*reached_at)
            .execute(&mut **tx)
            .await?;
        }
        sqlx::query("UPDATE shipments SET status = $1, last_event_at = $2 WHERE id = $3")
            .bind(state.status.code())
            .bind(state.last_event_at)
            .bind(shipment.0)
            .execute(&mut **tx)
            .await?;
        Self::store_facts(tx, shipment, &state, &events).await?;
        Ok(state)
    }
}

#[async_trait::async_trait]
impl<DB: Sql> EventStore for SqlStore<DB>
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
    async fn append_events(&self, request: AppendRequest<'_>) -> Result<AppendReport, StorageError> {
        let now = Utc::now();
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        if let Some((source, delivery_id)) = request.delivery {
            let new: Option<i64> = sqlx::query_scalar(
                "INSERT INTO webhook_deliveries (merchant_id, source, delivery_id, received_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING merchant_id",
            )
            .bind(request.merchant.0)
            .bind(source.code())
            .bind(delivery_id)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if new.is_none() {
                return Ok(AppendReport::DeliverySeenBefore);
            }
        }
        let touched: std::collections::BTreeSet<ShipmentId> = request.events.iter().map(|e| e.shipment).collect();
        // Lock the shipments (in id order, so concurrent batches cannot deadlock) before
        // reading their events: two appends to one shipment then fold one after the other.
        for shipment in &touched {
            let locked = sqlx::query("UPDATE shipments SET status = status WHERE id = $1 AND merchant_id = $2")
                .bind(shipment.0)
                .bind(request.merchant.0)
                .execute(&mut *tx)
                .await?;
            if DB::rows_affected(&locked) != 1 {
                return Err(StorageError::Conflict {
                    field: "shipment".into(),
                    reason: format!("shipment {} is not this merchant's", shipment.0),
                });
            }
        }
        let mut ids = Vec::with_capacity(request.events.len());
        for EventToAppend { shipment, event } in request.events {
            let keys = event.dedupe_keys();
            let body = serde_json::to_string(event).expect("events always serialise");
            let point = event.location.point;
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO tracking_events (shipment_id, code, occurred_at, source, external_key, \
                    content_key, lat, lon, body, received_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id",
            )
            .bind(shipment.0)
            .bind(event.code.code())
            .bind(event.occurred_at_utc())
            .bind(event.source.code())
            .bind(keys.external)
            .bind(keys.content)
            .bind(point.map(|p| p.lat()))
            .bind(point.map(|p| p.lon()))
            .bind(body)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            ids.push(id);
        }
        let mut states = BTreeMap::new();
        for shipment in touched {
            states.insert(shipment, Self::refold(&mut tx, shipment).await?);
        }
        // Position pings change no fact a rule reads: only shipments with a new scan are marked.
        let scanned: std::collections::BTreeSet<ShipmentId> = request
            .events
            .iter()
            .zip(&ids)
            .filter(|(item, id)| id.is_some() && item.event.code != EventCode::Position)
            .map(|(item, _)| item.shipment)
            .collect();
        let mut pending_rewards = BTreeMap::new();
        for shipment in scanned {
            let generation: i64 = sqlx::query_scalar(
                "INSERT INTO pending_reward_evaluations (shipment_id, generation, marked_at) VALUES ($1, 1, $2) \
                 ON CONFLICT (shipment_id) DO UPDATE SET generation = pending_reward_evaluations.generation + 1, \
                 marked_at = excluded.marked_at RETURNING generation",
            )
            .bind(shipment.0)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            pending_rewards.insert(shipment, generation);
        }
        tx.commit().await?;
        Ok(AppendReport::Appended { ids, states, pending_rewards })
    }

    async fn pending_reward_evaluations(
        &self,
        marked_before: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<(ShipmentId, i64)>, StorageError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT shipment_id, generation FROM pending_reward_evaluations WHERE marked_at < $1 \
             ORDER BY marked_at LIMIT $2",
        )
        .bind(marked_before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(shipment, generation)| (ShipmentId(shipment), generation)).collect())
    }

    async fn drop_raw_payloads_before(&self, before: DateTime<Utc>, batch: i64) -> Result<u64, StorageError> {
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, body FROM tracking_events WHERE raw_kept AND received_at < $1 ORDER BY received_at LIMIT $2",
        )
        .bind(before)
        .bind(batch)
        .fetch_all(&mut *tx)
        .await?;
        for (id, body) in &rows {
            let mut event: serde_json::Value =
                serde_json::from_str(body).map_err(|e| StorageError::Corrupt(format!("event {id}: {e}")))?;
            event["raw"] = serde_json::Value::Null;
            sqlx::query("UPDATE tracking_events SET body = $1, raw_kept = FALSE WHERE id = $2")
                .bind(event.to_string())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(rows.len() as u64)
    }

    async fn reward_evaluation_done(&self, shipment: ShipmentId, generation: i64) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM pending_reward_evaluations WHERE shipment_id = $1 AND generation = $2")
            .bind(shipment.0)
            .bind(generation)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn live_update_id_from_end(&self, shipment: ShipmentId, skip: i64) -> Result<Option<i64>, StorageError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM tracking_events WHERE shipment_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2",
        )
        .bind(shipment.0)
        .bind(skip)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn shipment_state(&self, shipment: ShipmentId) -> Result<ShipmentState, StorageError> {
        let events = Self::foldable_events(&self.pool, shipment).await?;
        Ok(fold(events.iter().map(|e| &e.event)))
    }

    async fn live_updates_after(
        &self,
        shipment: ShipmentId,
        after: i64,
        limit: i64,
    ) -> Result<Vec<LiveUpdate>, StorageError> {
        let rows: Vec<LiveRow> =
            sqlx::query_as(LIVE_UPDATES_AFTER).bind(shipment.0).bind(after).bind(limit).fetch_all(&self.pool).await?;
        rows.into_iter().map(live_update).collect()
    }
}
