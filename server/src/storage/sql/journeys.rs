//! The SQL behind [`JourneyStore`], for both databases: the journey page's view of a shipment,
//! the landing page's demo list, page views, and what the delivery window reads.

use super::*;
use crate::storage::design::DesignStore;
use crate::storage::journeys::*;
use crate::storage::RewardStore;
use crate::storage::DEMO_MERCHANT_SLUG;
use app::domain::eta::HistoryJourney;
use app::domain::{fold, EventCode};
use app::model::journey::{
    JourneySummary, JourneyView, MilestoneReached, Outlook, PositionFix, RouteLeg, TimelineEntry,
};

type ShipmentRow = (i64, String, String, String, f64, f64, String, String, f64, f64, String, i64);
type PositionRow = (i64, f64, f64, DateTime<Utc>);

fn position_fix((id, lat, lon, recorded_at): PositionRow) -> Result<PositionFix, StorageError> {
    let point = GeoPoint::new(lat, lon).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    Ok(PositionFix { id, point, recorded_at })
}

type LaneRow = (i64, String, f64, String, f64, String, Option<String>);

/// A shipment's lane; the caller adds which shipment (`WHERE s.…`).
const LANE_OF: &str = "SELECT merchant_id, origin_country, origin_lon, destination_country, destination_lon, service, \
        (SELECT l.carrier FROM shipment_legs l WHERE l.shipment_id = s.id ORDER BY l.seq LIMIT 1) \
     FROM shipments s";

fn lane_facts(
    (merchant, origin, origin_lon, destination, destination_lon, service, carrier): LaneRow,
) -> Result<LaneFacts, StorageError> {
    Ok(LaneFacts {
        merchant: MerchantId(merchant),
        origin: origin.try_into().map_err(corrupt("origin country"))?,
        origin_lon,
        destination: destination.try_into().map_err(corrupt("destination country"))?,
        destination_lon,
        service: service.parse().map_err(corrupt("service"))?,
        carrier,
    })
}

#[async_trait::async_trait]
impl<DB: Sql> JourneyStore for SqlStore<DB>
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
    for<'q> Vec<u8>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q [u8]: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<f64>: Encode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    async fn journey_by_token(&self, token: &ShopperToken) -> Result<Option<JourneyView>, StorageError> {
        match crate::storage::ShipmentStore::shipment_by_token(self, token).await? {
            Some(shipment) => self.journey_of(shipment).await,
            None => Ok(None),
        }
    }

    async fn journey_of(&self, shipment: ShipmentId) -> Result<Option<JourneyView>, StorageError> {
        let row: Option<ShipmentRow> = sqlx::query_as(
            "SELECT s.id, s.tracking_number, s.origin_city, s.origin_country, s.origin_lat, s.origin_lon, \
                    s.destination_city, s.destination_country, s.destination_lat, s.destination_lon, s.service, \
                    s.merchant_id \
             FROM shipments s WHERE s.id = $1",
        )
        .bind(shipment.0)
        .fetch_optional(&self.pool)
        .await?;
        let Some((id, number, o_city, o_country, o_lat, o_lon, d_city, d_country, d_lat, d_lon, service, merchant)) =
            row
        else {
            return Ok(None);
        };
        // Read first: whatever is stored after it reaches the page through the stream.
        let last_event_id: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM tracking_events WHERE shipment_id = $1")
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
        let last: Option<PositionRow> = sqlx::query_as(
            "SELECT id, lat, lon, occurred_at FROM tracking_events WHERE shipment_id = $1 AND lat IS NOT NULL \
               AND id <= $2 ORDER BY occurred_at DESC, id DESC LIMIT 1",
        )
        .bind(id)
        .bind(last_event_id)
        .fetch_optional(&self.pool)
        .await?;
        let events: Vec<StoredEvent> = Self::foldable_events(&self.pool, ShipmentId(id))
            .await?
            .into_iter()
            .filter(|e| e.id <= last_event_id)
            .collect();
        let state = fold(events.iter().map(|e| &e.event));
        let mut timeline: Vec<TimelineEntry> = events
            .iter()
            .filter(|e| e.event.code != EventCode::Position)
            .map(|e| TimelineEntry::from_event(e.id, &e.event))
            .collect();
        timeline.sort_by_key(TimelineEntry::order_key);
        let (origin, destination) = (place(o_city, o_country, o_lat, o_lon)?, place(d_city, d_country, d_lat, d_lon)?);
        let legs = RouteLeg::from_legs(&origin, &destination, &self.legs_of(ShipmentId(id)).await?);
        let footprint = app::rewards::journey::footprint(&legs);
        Ok(Some(JourneyView {
            tracking_number: tracking_number(&number)?,
            origin,
            destination,
            service: service.parse().map_err(corrupt("service"))?,
            legs,
            milestones: state
                .milestones
                .iter()
                .map(|(milestone, reached_at)| MilestoneReached { milestone: *milestone, reached_at: *reached_at })
                .collect(),
            timeline,
            outlook: Outlook::from_state(&state),
            last_position: last.map(position_fix).transpose()?,
            last_event_id,
            rewards: self.journey_rewards(ShipmentId(id)).await?,
            footprint,
            shop: self.shop_brand(MerchantId(merchant)).await?,
        }))
    }

    /// One query for the list and its milestones (one row per shipment and milestone): the
    /// demo journeys under way, the one with the latest news first.
    async fn demo_journeys(&self) -> Result<Vec<JourneySummary>, StorageError> {
        let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT s.id, s.tracking_number, s.origin_city, s.destination_city, sm.milestone \
             FROM shipments s LEFT JOIN shipment_milestones sm ON sm.shipment_id = s.id \
             JOIN (SELECT d.id, COALESCE((SELECT MAX(e.id) FROM tracking_events e WHERE e.shipment_id = d.id), 0) AS latest \
                   FROM shipments d JOIN merchants m ON m.id = d.merchant_id \
                   WHERE m.slug = $1 AND d.status NOT IN ('delivered', 'returned_to_sender') \
                   ORDER BY latest DESC, d.id DESC LIMIT 12) active ON active.id = s.id \
             ORDER BY active.latest DESC, s.id DESC",
        )
        .bind(DEMO_MERCHANT_SLUG)
        .fetch_all(&self.pool)
        .await?;
        let mut summaries: Vec<(i64, JourneySummary, Vec<Milestone>)> = Vec::new();
        for (id, number, origin_city, destination_city, reached) in rows {
            if summaries.last().is_none_or(|(last, _, _)| *last != id) {
                let number = tracking_number(&number)?;
                let summary = JourneySummary {
                    token: crate::ids::demo_shopper_token(&number).as_str().to_owned(),
                    tracking_number: number,
                    origin_city,
                    destination_city,
                    progress: Default::default(),
                };
                summaries.push((id, summary, Vec::new()));
            }
            if let (Some(code), Some((_, _, milestones))) = (reached, summaries.last_mut()) {
                milestones.push(milestone(&code)?);
            }
        }
        // The demo shop's own journeys have links that follow from their numbers; one sent
        // in through its API has a secret link like any other and is not listed.
        let mut listed = Vec::with_capacity(summaries.len());
        for (id, summary, reached) in summaries {
            let token = ShopperToken::parse(&summary.token).map_err(corrupt("demo token"))?;
            if crate::storage::ShipmentStore::shipment_by_token(self, &token).await? == Some(ShipmentId(id)) {
                listed.push(JourneySummary { progress: app::domain::Progress::from_reached(reached), ..summary });
            }
        }
        Ok(listed)
    }

    async fn record_view(&self, token: &ShopperToken) -> Result<Option<i64>, StorageError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO journey_views (shipment_id, opened_at) \
             SELECT shipment_id, $2 FROM journey_tokens WHERE token_hash = $1 RETURNING id",
        )
        .bind(token_hash(token))
        .bind(Utc::now())
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn record_past_views(
        &self,
        shipment: ShipmentId,
        views: &[(DateTime<Utc>, i64)],
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        for (opened_at, seconds) in views {
            sqlx::query("INSERT INTO journey_views (shipment_id, opened_at, seconds_visible) VALUES ($1, $2, $3)")
                .bind(shipment.0)
                .bind(*opened_at)
                .bind(*seconds)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn fold_page_views_before(&self, before: DateTime<Utc>) -> Result<u64, StorageError> {
        const BATCH: i64 = 10_000;
        let mut tx = self.pool.begin().await?;
        let views: Vec<(i64, i64, DateTime<Utc>, i64)> = sqlx::query_as(
            "SELECT id, shipment_id, opened_at, CAST(seconds_visible AS BIGINT) FROM journey_views WHERE opened_at < $1 \
             ORDER BY id LIMIT $2",
        )
        .bind(before)
        .bind(BATCH)
        .fetch_all(&mut *tx)
        .await?;
        let Some(last) = views.last().map(|(id, ..)| *id) else { return Ok(0) };
        let mut days = std::collections::BTreeMap::<(i64, String), (i64, i64)>::new();
        for (_, shipment, opened_at, seconds) in &views {
            let total = days.entry((*shipment, opened_at.format("%Y-%m-%d").to_string())).or_default();
            *total = (total.0 + 1, total.1 + seconds);
        }
        for ((shipment, day), (count, seconds)) in days {
            sqlx::query(
                "INSERT INTO journey_view_days (shipment_id, day, views, seconds_visible) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (shipment_id, day) DO UPDATE SET views = journey_view_days.views + excluded.views, \
                 seconds_visible = journey_view_days.seconds_visible + excluded.seconds_visible",
            )
            .bind(shipment)
            .bind(day)
            .bind(count)
            .bind(seconds)
            .execute(&mut *tx)
            .await?;
        }
        // Every row up to the last one read that is old enough was read (same filter, id order).
        sqlx::query("DELETE FROM journey_views WHERE opened_at < $1 AND id <= $2")
            .bind(before)
            .bind(last)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(views.len() as u64)
    }

    async fn record_time_on_page(&self, token: &ShopperToken, view: i64, seconds: i64) -> Result<bool, StorageError> {
        let updated = sqlx::query(&format!(
            "UPDATE journey_views SET seconds_visible = CASE WHEN seconds_visible < $3 THEN $3 \
                ELSE seconds_visible END \
             WHERE id = $2 AND shipment_id = {SHIPMENT_OF_TOKEN}"
        ))
        .bind(token_hash(token))
        .bind(view)
        .bind(seconds.clamp(0, 86_400) as i32)
        .execute(&self.pool)
        .await?;
        Ok(DB::rows_affected(&updated) == 1)
    }

    async fn lane_of(&self, shipment: ShipmentId) -> Result<Option<LaneFacts>, StorageError> {
        let row: Option<LaneRow> =
            sqlx::query_as(&format!("{LANE_OF} WHERE s.id = $1")).bind(shipment.0).fetch_optional(&self.pool).await?;
        row.map(lane_facts).transpose()
    }

    async fn lane_of_token(&self, token: &ShopperToken) -> Result<Option<LaneFacts>, StorageError> {
        let row: Option<LaneRow> = sqlx::query_as(&format!("{LANE_OF} WHERE s.id = {SHIPMENT_OF_TOKEN}"))
            .bind(token_hash(token))
            .fetch_optional(&self.pool)
            .await?;
        row.map(lane_facts).transpose()
    }

    async fn lane_history(
        &self,
        merchant: MerchantId,
        origin: &str,
        destination: &str,
        since: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<HistoryJourney>, StorageError> {
        let rows: Vec<(i64, String, Option<String>, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT s.id, s.service, \
                    (SELECT l.carrier FROM shipment_legs l WHERE l.shipment_id = s.id ORDER BY l.seq LIMIT 1), \
                    sm.milestone, sm.reached_at \
             FROM (SELECT id, service FROM shipments WHERE merchant_id = $1 AND origin_country = $2 \
                     AND destination_country = $3 AND status = 'delivered' AND last_event_at >= $4 \
                     ORDER BY last_event_at DESC LIMIT $5) s \
             JOIN shipment_milestones sm ON sm.shipment_id = s.id ORDER BY s.id",
        )
        .bind(merchant.0)
        .bind(origin)
        .bind(destination)
        .bind(since)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut journeys: Vec<(i64, HistoryJourney)> = Vec::new();
        for (id, service, carrier, code, reached_at) in rows {
            if journeys.last().is_none_or(|(last, _)| *last != id) {
                journeys.push((id, HistoryJourney { carrier, service, milestones: Vec::new() }));
            }
            let (_, journey) = journeys.last_mut().expect("just pushed");
            journey.milestones.push((milestone(&code)?, reached_at));
        }
        Ok(journeys.into_iter().map(|(_, journey)| journey).collect())
    }
}
