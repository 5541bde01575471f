//! The SQL behind [`ShipmentStore`], for both databases.

use super::*;
use crate::storage::shipments::*;
use app::domain::fold;
use app::domain::shipment::{RoutePlace, ServiceLevel, ShipmentSpec, Shopper};

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
    /// Stores a link to `shipment`'s journey, by its hash only.
    async fn insert_journey_token(
        connection: &mut DB::Connection,
        shipment: ShipmentId,
        token: &ShopperToken,
        now: DateTime<Utc>,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO journey_tokens (token_hash, shipment_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash(token))
        .bind(shipment.0)
        .bind(now)
        .bind(expires_at)
        .execute(connection)
        .await?;
        Ok(())
    }

    /// The shipment's shopper (the latest details the merchant sent win), the shipment and its
    /// legs. A tracking number or a carrier number in use is a conflict naming it.
    async fn insert_shipment(
        tx: &mut sqlx::Transaction<'_, DB>,
        merchant: MerchantId,
        s: &NewShipment,
        now: DateTime<Utc>,
    ) -> Result<ShipmentId, StorageError> {
        let spec = &s.spec;
        // The reference ties repeat orders together.
        let shopper: i64 = sqlx::query_scalar(
            "INSERT INTO shoppers (merchant_id, reference, name, email, locale, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (merchant_id, reference) DO UPDATE SET \
                name = COALESCE(excluded.name, shoppers.name), \
                email = COALESCE(excluded.email, shoppers.email), \
                locale = COALESCE(excluded.locale, shoppers.locale) \
             RETURNING id",
        )
        .bind(merchant.0)
        .bind(spec.shopper.reference.as_str())
        .bind(spec.shopper.name.as_ref().map(|n| n.as_str()))
        .bind(spec.shopper.email.as_ref().map(|e| e.as_str()))
        .bind(spec.shopper.locale.as_ref().map(|l| l.as_str()))
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let (o, d) = (&spec.origin, &spec.destination);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO shipments (merchant_id, tracking_number, \
                origin_city, origin_country, origin_lat, origin_lon, \
                destination_city, destination_country, destination_lat, destination_lon, created_at, \
                shopper_id, order_ref, service, eco, origin_region, destination_region, destination_postal_code) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
             RETURNING id",
        )
        .bind(merchant.0)
        .bind(s.tracking_number.as_str())
        .bind(o.city.as_str())
        .bind(o.country.as_str())
        .bind(o.point().lat())
        .bind(o.point().lon())
        .bind(d.city.as_str())
        .bind(d.country.as_str())
        .bind(d.point().lat())
        .bind(d.point().lon())
        .bind(now)
        .bind(shopper)
        .bind(spec.order_ref.as_ref().map(|r| r.as_str()))
        .bind(spec.service.code())
        .bind(spec.eco)
        .bind(o.region.as_ref().map(|r| r.as_str()))
        .bind(d.region.as_ref().map(|r| r.as_str()))
        .bind(d.postal_code.as_ref().map(|p| p.as_str()))
        .fetch_one(&mut **tx)
        .await
        .map_err(|e| conflict_or(e, ""))?;
        for (seq, leg) in spec.legs.iter().enumerate() {
            let handoff = leg.handoff.as_ref();
            sqlx::query(
                "INSERT INTO shipment_legs (shipment_id, merchant_id, seq, carrier, carrier_tracking_number, \
                    mode, handoff_city, handoff_country, handoff_lat, handoff_lon, carrier_name, via) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(id)
            .bind(merchant.0)
            .bind(seq as i32)
            .bind(leg.carrier.as_str())
            .bind(leg.tracking_number.as_str())
            .bind(leg.mode.code())
            .bind(handoff.map(|h| h.city.as_str()))
            .bind(handoff.map(|h| h.country.as_str()))
            .bind(handoff.map(|h| f64::from(h.lat)))
            .bind(handoff.map(|h| f64::from(h.lon)))
            .bind(leg.carrier_name.as_ref().map(|n| n.as_str()))
            .bind((!leg.via.is_empty()).then(|| serde_json::to_string(&leg.via).expect("points serialise")))
            .execute(&mut **tx)
            .await
            .map_err(|e| conflict_or(e, &format!("legs[{seq}].")))?;
        }
        Self::insert_journey_token(&mut **tx, ShipmentId(id), &s.shopper_token, now, None).await?;
        Ok(ShipmentId(id))
    }
}

#[async_trait::async_trait]
impl<DB: Sql> ShipmentStore for SqlStore<DB>
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
    async fn shipment_count(&self) -> Result<i64, StorageError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM shipments").fetch_one(&self.pool).await?)
    }

    async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_shipment(&self, merchant: MerchantId, s: &NewShipment) -> Result<ShipmentId, StorageError> {
        let ids = self.create_shipments(merchant, std::slice::from_ref(s)).await?;
        Ok(ids[0])
    }

    async fn create_shipments(
        &self,
        merchant: MerchantId,
        shipments: &[NewShipment],
    ) -> Result<Vec<ShipmentId>, StorageError> {
        let now = Utc::now();
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        let mut ids = Vec::with_capacity(shipments.len());
        for s in shipments {
            ids.push(Self::insert_shipment(&mut tx, merchant, s, now).await?);
        }
        tx.commit().await?;
        Ok(ids)
    }

    async fn shipment_of_merchant(
        &self,
        merchant: MerchantId,
        number: &TrackingNumber,
    ) -> Result<Option<ShipmentId>, StorageError> {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM shipments WHERE merchant_id = $1 AND tracking_number = $2")
                .bind(merchant.0)
                .bind(number.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(id.map(ShipmentId))
    }

    async fn shipment_by_carrier_number(
        &self,
        merchant: MerchantId,
        carrier_number: &str,
    ) -> Result<Option<ShipmentId>, StorageError> {
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT shipment_id FROM shipment_legs WHERE merchant_id = $1 AND carrier_tracking_number = $2",
        )
        .bind(merchant.0)
        .bind(carrier_number)
        .fetch_optional(&self.pool)
        .await?;
        Ok(id.map(ShipmentId))
    }

    async fn shipment_by_token(&self, token: &ShopperToken) -> Result<Option<ShipmentId>, StorageError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT shipment_id FROM journey_tokens WHERE token_hash = $1")
            .bind(token_hash(token))
            .fetch_optional(&self.pool)
            .await?;
        Ok(id.map(ShipmentId))
    }

    async fn find_shipments(
        &self,
        merchant: MerchantId,
        query: &str,
        limit: i64,
    ) -> Result<Vec<ShipmentListing>, StorageError> {
        let query = query.trim();
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT s.id, s.tracking_number, s.order_ref FROM shipments s \
             LEFT JOIN shoppers p ON p.id = s.shopper_id \
             WHERE s.merchant_id = $1 AND (s.tracking_number = UPPER($2) OR s.order_ref = $2 OR LOWER(p.email) = LOWER($2) \
               OR EXISTS (SELECT 1 FROM shipment_legs l WHERE l.merchant_id = $1 AND l.shipment_id = s.id \
                            AND l.carrier_tracking_number = $2)) \
             ORDER BY s.id DESC LIMIT $3",
        )
        .bind(merchant.0)
        .bind(query.to_owned())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(listing).collect())
    }

    async fn shipments_under_way(
        &self,
        merchant: MerchantId,
        limit: i64,
    ) -> Result<Vec<ShipmentListing>, StorageError> {
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT id, tracking_number, order_ref FROM shipments \
             WHERE merchant_id = $1 AND status NOT IN ('delivered', 'returned_to_sender') ORDER BY id LIMIT $2",
        )
        .bind(merchant.0)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(listing).collect())
    }

    async fn shipments_by_number(&self, number: &str) -> Result<Vec<(ShipmentId, Option<String>)>, StorageError> {
        let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT id, destination_postal_code FROM shipments WHERE tracking_number = $1 \
             UNION SELECT s.id, s.destination_postal_code FROM shipments s \
               JOIN shipment_legs l ON l.shipment_id = s.id WHERE l.carrier_tracking_number = $1",
        )
        .bind(number)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(id, postal)| (ShipmentId(id), postal)).collect())
    }

    async fn add_journey_token(
        &self,
        shipment: ShipmentId,
        token: &ShopperToken,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<(), StorageError> {
        let mut connection = self.pool.acquire().await?;
        Self::insert_journey_token(&mut connection, shipment, token, Utc::now(), expires_at).await
    }

    async fn delete_journey_tokens_expired_before(&self, now: DateTime<Utc>) -> Result<u64, StorageError> {
        let deleted = sqlx::query("DELETE FROM journey_tokens WHERE expires_at IS NOT NULL AND expires_at < $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(DB::rows_affected(&deleted))
    }

    async fn shipment_record(
        &self,
        merchant: MerchantId,
        number: &TrackingNumber,
    ) -> Result<Option<ShipmentRecord>, StorageError> {
        let row: Option<(i64, DateTime<Utc>, Option<String>, String, bool, String, Option<String>, String, f64, f64)> =
            sqlx::query_as(
                "SELECT s.id, s.created_at, s.order_ref, s.service, s.eco, \
                    s.origin_city, s.origin_region, s.origin_country, s.origin_lat, s.origin_lon \
             FROM shipments s WHERE s.merchant_id = $1 AND s.tracking_number = $2",
            )
            .bind(merchant.0)
            .bind(number.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some((id, created_at, order_ref, service, eco, o_city, o_region, o_country, o_lat, o_lon)) = row else {
            return Ok(None);
        };
        let (d_city, d_region, d_country, d_postal, d_lat, d_lon, s_ref, s_name, s_email, s_locale): (
            String,
            Option<String>,
            String,
            Option<String>,
            f64,
            f64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ) = sqlx::query_as(
            "SELECT s.destination_city, s.destination_region, s.destination_country, \
                    s.destination_postal_code, s.destination_lat, s.destination_lon, \
                    sh.reference, sh.name, sh.email, sh.locale \
             FROM shipments s LEFT JOIN shoppers sh ON sh.id = s.shopper_id WHERE s.id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let text = |v: String, what: &'static str| v.try_into().map_err(corrupt(what));
        let opt_text = |v: Option<String>, what: &'static str| v.map(|v| text(v, what)).transpose();
        let spec = ShipmentSpec {
            tracking_number: Some(number.clone()),
            order_ref: opt_text(order_ref, "order_ref")?,
            shopper: Shopper {
                // Shipments from before shoppers were recorded have none.
                reference: text(s_ref.unwrap_or_else(|| "unknown".into()), "shopper reference")?,
                name: opt_text(s_name, "shopper name")?,
                email: s_email.map(|e| e.try_into().map_err(corrupt("shopper email"))).transpose()?,
                locale: s_locale.map(|l| l.try_into().map_err(corrupt("shopper locale"))).transpose()?,
            },
            origin: RoutePlace {
                city: text(o_city, "origin city")?,
                region: opt_text(o_region, "origin region")?,
                country: o_country.try_into().map_err(corrupt("origin country"))?,
                postal_code: None,
                lat: o_lat.try_into().map_err(corrupt("origin lat"))?,
                lon: o_lon.try_into().map_err(corrupt("origin lon"))?,
            },
            destination: RoutePlace {
                city: text(d_city, "destination city")?,
                region: opt_text(d_region, "destination region")?,
                country: d_country.try_into().map_err(corrupt("destination country"))?,
                postal_code: d_postal.map(|p| p.try_into().map_err(corrupt("postal code"))).transpose()?,
                lat: d_lat.try_into().map_err(corrupt("destination lat"))?,
                lon: d_lon.try_into().map_err(corrupt("destination lon"))?,
            },
            service: service.parse::<ServiceLevel>().map_err(corrupt("service"))?,
            eco,
            legs: self.legs_of(ShipmentId(id)).await?,
        };
        let rows: Vec<EventRow> =
            sqlx::query_as("SELECT id, body, received_at FROM tracking_events WHERE shipment_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        let stored = rows.into_iter().map(stored_event).collect::<Result<Vec<_>, _>>()?;
        let state = fold(stored.iter().map(|e| &e.event));
        let events = app::domain::shipment_state::timeline_of(&stored, |e| &e.event).into_iter().cloned().collect();
        let (recent_views, recent_seconds): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(seconds_visible), 0) AS BIGINT) FROM journey_views \
             WHERE shipment_id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let (folded_views, folded_seconds): (i64, i64) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(views), 0) AS BIGINT), CAST(COALESCE(SUM(seconds_visible), 0) AS BIGINT) \
             FROM journey_view_days WHERE shipment_id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let (page_views, seconds_on_page) = (recent_views + folded_views, recent_seconds + folded_seconds);
        Ok(Some(ShipmentRecord {
            id: ShipmentId(id),
            tracking_number: number.clone(),
            spec,
            created_at,
            events,
            state,
            engagement: Engagement { page_views, seconds_on_page },
        }))
    }
}

fn listing((id, tracking_number, order_ref): (i64, String, Option<String>)) -> ShipmentListing {
    ShipmentListing { id: ShipmentId(id), tracking_number, order_ref }
}
