//! The SQL behind [`AnalyticsStore`], for both databases. Facts hold times as whole seconds
//! since 1970, so a week is `(epoch - 345600) / 604800` in either database; percentiles come
//! from hour histograms counted in SQL and read in Rust (`wismo::quantile`), as SQLite has no
//! percentile function.

use super::*;
use crate::storage::analytics::*;
use app::domain::engagement::{Engagement, SECONDS_BUCKET};
use app::domain::feedback::{CommentSource, LaneRatings, RatingWeek, ShopperComment};
use app::domain::performance::{CountryCustoms, LanePerformance, ProblemCause, ProblemCount, Share};
use app::domain::wismo::{
    quantile, Channel, DisputeReason, LaneCode, Measure, ShipmentFacts, WeekFigures, SCAN_GAP_ALERT,
};
use app::domain::{EventCode, Milestone, ShipmentState};
use std::collections::BTreeMap;

/// The week of an epoch column, in SQL.
macro_rules! week_of {
    ($column:literal) => {
        concat!("((", $column, " - 345600) / 604800)")
    };
}

/// The scope's filters on `shipment_facts f`, bound as $2 (from), $3 (to, exclusive), $4–$7.
const SCOPE_FILTERS: &str = "($4 IS NULL OR f.origin_country = $4) AND ($5 IS NULL OR f.destination_country = $5) \
     AND ($6 IS NULL OR f.carrier = $6) AND ($7 IS NULL OR f.service = $7)";

/// The longest silence of a shipment, the one still running included, at `$8` (now).
const LONGEST_SILENCE: &str = "CASE WHEN NOT f.ended AND f.first_scan_seconds IS NOT NULL \
     AND $8 - f.last_update_epoch > f.longest_gap_seconds THEN $8 - f.last_update_epoch ELSE f.longest_gap_seconds END";

/// What `store_facts` derives today; facts of an older version are derived again at start-up.
const FACTS_VERSION: i64 = 2;

type FactsSource = (DateTime<Utc>, String, String, String, Option<String>);
type BehindRow = (String, Option<String>, String, String, String, String, i64, Option<i64>, Option<String>);

fn seconds(duration: chrono::Duration) -> i64 {
    duration.num_seconds()
}

impl MeasureScope {
    fn epochs(&self) -> (i64, i64) {
        (self.from.starts_at().timestamp(), self.to.next().starts_at().timestamp())
    }
}

impl<DB: Sql> SqlStore<DB>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
{
    /// Rewrites the shipment's facts from its state and events (in the ingest transaction).
    pub(super) async fn store_facts(
        tx: &mut sqlx::Transaction<'_, DB>,
        shipment: ShipmentId,
        state: &ShipmentState,
        events: &[StoredEvent],
    ) -> Result<(), StorageError> {
        let (created_at, origin, destination, service, carrier): FactsSource = sqlx::query_as(
            "SELECT s.created_at, s.origin_country, s.destination_country, s.service, \
                    (SELECT l.carrier FROM shipment_legs l WHERE l.shipment_id = s.id ORDER BY l.seq LIMIT 1) \
             FROM shipments s WHERE s.id = $1",
        )
        .bind(shipment.0)
        .fetch_one(&mut **tx)
        .await?;
        let updates = events
            .iter()
            .filter(|e| e.event.code != EventCode::Position)
            .map(|e| (e.event.code, e.event.reason, e.event.occurred_at_utc()));
        let facts = ShipmentFacts::derive(created_at, state, updates);
        sqlx::query(
            "INSERT INTO shipment_facts (shipment_id, merchant_id, origin_country, destination_country, carrier, \
                service, ordered_epoch, first_scan_seconds, longest_gap_seconds, last_update_epoch, \
                customs_dwell_seconds, delivered_epoch, ended, transit_seconds, failed_attempts, customs_held, \
                first_problem, facts_version) \
             SELECT id, merchant_id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17 \
             FROM shipments WHERE id = $1 \
             ON CONFLICT (shipment_id) DO UPDATE SET origin_country = excluded.origin_country, \
                destination_country = excluded.destination_country, carrier = excluded.carrier, \
                service = excluded.service, ordered_epoch = excluded.ordered_epoch, \
                first_scan_seconds = excluded.first_scan_seconds, longest_gap_seconds = excluded.longest_gap_seconds, \
                last_update_epoch = excluded.last_update_epoch, customs_dwell_seconds = excluded.customs_dwell_seconds, \
                delivered_epoch = excluded.delivered_epoch, ended = excluded.ended, \
                transit_seconds = excluded.transit_seconds, failed_attempts = excluded.failed_attempts, \
                customs_held = excluded.customs_held, first_problem = excluded.first_problem, \
                facts_version = excluded.facts_version",
        )
        .bind(shipment.0)
        .bind(origin)
        .bind(destination)
        .bind(carrier.unwrap_or_else(|| "unassigned".to_owned()))
        .bind(service)
        .bind(facts.ordered_at.timestamp())
        .bind(facts.first_scan.map(seconds))
        .bind(seconds(facts.longest_gap))
        .bind(facts.last_update_at.map(|at| at.timestamp()))
        .bind(facts.customs_dwell.map(seconds))
        .bind(facts.delivered_at.map(|at| at.timestamp()))
        .bind(facts.ended)
        .bind(facts.transit.map(seconds))
        .bind(i64::from(facts.failed_attempts))
        .bind(facts.customs_held)
        .bind(facts.first_problem.map(|cause| cause.code()))
        .bind(FACTS_VERSION)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// The one row of an aggregate query over the scope (no row reads as zeros).
    async fn scoped_totals<T>(&self, sql: &str, scope: &MeasureScope) -> Result<T, StorageError>
    where
        T: for<'r> sqlx::FromRow<'r, DB::Row> + Send + Unpin + Default,
    {
        Ok(self.scoped_rows(sql, scope, None).await?.into_iter().next().unwrap_or_default())
    }

    /// `(week, value, count)` rows of a query over the scope, bound as [`SCOPE_FILTERS`] says.
    async fn scoped_rows<T>(&self, sql: &str, scope: &MeasureScope, now: Option<i64>) -> Result<Vec<T>, StorageError>
    where
        T: for<'r> sqlx::FromRow<'r, DB::Row> + Send + Unpin,
    {
        let (from, to) = scope.epochs();
        let mut query = sqlx::query_as::<DB, T>(sql)
            .bind(scope.merchant.0)
            .bind(from)
            .bind(to)
            .bind(scope.lane.as_ref().map(|l| l.origin.clone()))
            .bind(scope.lane.as_ref().map(|l| l.destination.clone()))
            .bind(scope.carrier.clone())
            .bind(scope.service.clone());
        if let Some(now) = now {
            query = query.bind(now);
        }
        Ok(query.fetch_all(&self.pool).await?)
    }
}

#[async_trait::async_trait]
impl<DB: Sql> AnalyticsStore for SqlStore<DB>
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
    for<'q> Option<i64>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<f64>: Encode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    async fn record_contact(&self, c: &NewContact) -> Result<Option<i64>, StorageError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO wismo_contacts (merchant_id, shipment_id, order_ref, channel, category, stage, \
                silence_seconds, contacted_epoch, external_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(c.merchant.0)
        .bind(c.shipment.map(|s| s.0))
        .bind(c.order_ref.as_deref())
        .bind(c.channel.code())
        .bind(c.category.code())
        .bind(c.stage.map(|m| m.code()))
        .bind(c.silence_seconds)
        .bind(c.at.timestamp())
        .bind(c.external_id.as_deref())
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn escalate_contact(&self, shipment: ShipmentId, contact: i64) -> Result<bool, StorageError> {
        let done = sqlx::query("UPDATE wismo_contacts SET escalated = TRUE WHERE id = $1 AND shipment_id = $2")
            .bind(contact)
            .bind(shipment.0)
            .execute(&self.pool)
            .await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn file_dispute(&self, d: &NewDispute) -> Result<Option<i64>, StorageError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO delivery_disputes (merchant_id, shipment_id, order_ref, channel, reason, comment, \
                filed_epoch, external_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(d.merchant.0)
        .bind(d.shipment.map(|s| s.0))
        .bind(d.order_ref.as_deref())
        .bind(d.channel.code())
        .bind(d.reason.code())
        .bind(d.comment.as_deref())
        .bind(d.at.timestamp())
        .bind(d.external_id.as_deref())
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn journey_dispute(&self, shipment: ShipmentId) -> Result<Option<DisputeReason>, StorageError> {
        let reason: Option<String> =
            sqlx::query_scalar("SELECT reason FROM delivery_disputes WHERE shipment_id = $1 AND channel = $2")
                .bind(shipment.0)
                .bind(Channel::JourneyPage.code())
                .fetch_optional(&self.pool)
                .await?;
        reason.map(|r| DisputeReason::parse(&r).map_err(corrupt("dispute reason"))).transpose()
    }

    async fn shipment_owner(&self, shipment: ShipmentId) -> Result<Option<(MerchantId, Option<String>)>, StorageError> {
        let row: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT merchant_id, order_ref FROM shipments WHERE id = $1")
                .bind(shipment.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(merchant, order_ref)| (MerchantId(merchant), order_ref)))
    }

    async fn shipment_by_order_ref(
        &self,
        merchant: MerchantId,
        order_ref: &str,
    ) -> Result<Option<ShipmentId>, StorageError> {
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM shipments WHERE merchant_id = $1 AND order_ref = $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(merchant.0)
        .bind(order_ref)
        .fetch_optional(&self.pool)
        .await?;
        Ok(id.map(ShipmentId))
    }

    async fn week_figures(&self, scope: &MeasureScope, now: DateTime<Utc>) -> Result<Vec<WeekFigures>, StorageError> {
        let mut weeks: BTreeMap<i64, WeekFigures> = BTreeMap::new();
        let mut week = scope.from;
        while week <= scope.to {
            weeks.insert(week.0, WeekFigures { week: week.0, ..Default::default() });
            week = week.next();
        }
        let orders: Vec<(i64, i64, i64, i64)> = self
            .scoped_rows(
                &format!(
                    "SELECT {week}, COUNT(*), \
                        COALESCE(SUM(CASE WHEN f.first_scan_seconds IS NOT NULL THEN 1 ELSE 0 END), 0), \
                        COALESCE(SUM(CASE WHEN f.first_scan_seconds IS NOT NULL AND {LONGEST_SILENCE} >= {gap} \
                            THEN 1 ELSE 0 END), 0) \
                     FROM shipment_facts f WHERE f.merchant_id = $1 AND f.ordered_epoch >= $2 \
                        AND f.ordered_epoch < $3 AND {SCOPE_FILTERS} GROUP BY {week}",
                    week = week_of!("f.ordered_epoch"),
                    gap = SCAN_GAP_ALERT.num_seconds(),
                ),
                scope,
                Some(now.timestamp()),
            )
            .await?;
        for (week, count, scanned, gapped) in orders {
            if let Some(w) = weeks.get_mut(&week) {
                (w.orders, w.scanned, w.gapped) = (count, scanned, gapped);
            }
        }
        for (column, cleared) in [("f.first_scan_seconds", false), ("f.customs_dwell_seconds", true)] {
            let histogram: Vec<(i64, i64, i64)> = self
                .scoped_rows(
                    &format!(
                        "SELECT {week}, {column} / 3600, COUNT(*) FROM shipment_facts f \
                         WHERE f.merchant_id = $1 AND f.ordered_epoch >= $2 AND f.ordered_epoch < $3 \
                            AND {column} IS NOT NULL AND {SCOPE_FILTERS} GROUP BY {week}, {column} / 3600",
                        week = week_of!("f.ordered_epoch"),
                    ),
                    scope,
                    None,
                )
                .await?;
            let mut per_week: BTreeMap<i64, Vec<(i64, i64)>> = BTreeMap::new();
            for (week, hours, count) in histogram {
                per_week.entry(week).or_default().push((hours, count));
            }
            for (week, buckets) in per_week {
                let Some(w) = weeks.get_mut(&week) else { continue };
                let (p50, p90) = (quantile(&buckets, 0.5), quantile(&buckets, 0.9));
                if cleared {
                    w.cleared_customs = buckets.iter().map(|(_, n)| n).sum();
                    (w.customs_dwell_p50_hours, w.customs_dwell_p90_hours) = (p50, p90);
                } else {
                    (w.first_scan_p50_hours, w.first_scan_p90_hours) = (p50, p90);
                }
            }
        }
        let delivered: Vec<(i64, i64)> = self
            .scoped_rows(
                &format!(
                    "SELECT {week}, COUNT(*) FROM shipment_facts f WHERE f.merchant_id = $1 \
                        AND f.delivered_epoch >= $2 AND f.delivered_epoch < $3 AND {SCOPE_FILTERS} GROUP BY {week}",
                    week = week_of!("f.delivered_epoch"),
                ),
                scope,
                None,
            )
            .await?;
        for (week, count) in delivered {
            if let Some(w) = weeks.get_mut(&week) {
                w.delivered = count;
            }
        }
        // Contacts and disputes about no known shipment count only while no filter is set.
        for (table, column, disputes) in
            [("wismo_contacts", "x.contacted_epoch", false), ("delivery_disputes", "x.filed_epoch", true)]
        {
            let counts: Vec<(i64, i64)> = self
                .scoped_rows(
                    &format!(
                        "SELECT {week}, COUNT(*) FROM {table} x LEFT JOIN shipment_facts f ON f.shipment_id = x.shipment_id \
                         WHERE x.merchant_id = $1 AND {column} >= $2 AND {column} < $3 AND {SCOPE_FILTERS} \
                         GROUP BY {week}",
                        week = format_args!("(({column} - 345600) / 604800)"),
                    ),
                    scope,
                    None,
                )
                .await?;
            for (week, count) in counts {
                if let Some(w) = weeks.get_mut(&week) {
                    if disputes {
                        w.disputes = count;
                    } else {
                        w.contacts = count;
                    }
                }
            }
        }
        Ok(weeks.into_values().collect())
    }

    async fn customs_dwell_by_lane(&self, scope: &MeasureScope) -> Result<Vec<LaneDwell>, StorageError> {
        let histogram: Vec<(String, String, i64, i64)> = self
            .scoped_rows(
                &format!(
                    "SELECT f.origin_country, f.destination_country, f.customs_dwell_seconds / 3600, COUNT(*) \
                     FROM shipment_facts f WHERE f.merchant_id = $1 AND f.ordered_epoch >= $2 AND f.ordered_epoch < $3 \
                        AND f.customs_dwell_seconds IS NOT NULL AND {SCOPE_FILTERS} \
                     GROUP BY f.origin_country, f.destination_country, f.customs_dwell_seconds / 3600"
                ),
                scope,
                None,
            )
            .await?;
        let mut per_lane: BTreeMap<LaneCode, Vec<(i64, i64)>> = BTreeMap::new();
        for (origin, destination, hours, count) in histogram {
            per_lane.entry(LaneCode { origin, destination }).or_default().push((hours, count));
        }
        let mut lanes: Vec<LaneDwell> = per_lane
            .into_iter()
            .filter_map(|(lane, buckets)| {
                Some(LaneDwell {
                    cleared: buckets.iter().map(|(_, n)| n).sum(),
                    p50_hours: quantile(&buckets, 0.5)?,
                    p90_hours: quantile(&buckets, 0.9)?,
                    lane,
                })
            })
            .collect();
        lanes.sort_by(|a, b| (b.p50_hours, b.p90_hours).cmp(&(a.p50_hours, a.p90_hours)).then(a.lane.cmp(&b.lane)));
        Ok(lanes)
    }

    async fn contacts_by_stage(&self, scope: &MeasureScope) -> Result<Vec<StageContacts>, StorageError> {
        let histogram: Vec<(String, i64, i64)> = self
            .scoped_rows(
                &format!(
                    "SELECT x.stage, x.silence_seconds / 3600, COUNT(*) FROM wismo_contacts x \
                     LEFT JOIN shipment_facts f ON f.shipment_id = x.shipment_id \
                     WHERE x.merchant_id = $1 AND x.contacted_epoch >= $2 AND x.contacted_epoch < $3 \
                        AND x.stage IS NOT NULL AND x.silence_seconds IS NOT NULL AND {SCOPE_FILTERS} \
                     GROUP BY x.stage, x.silence_seconds / 3600"
                ),
                scope,
                None,
            )
            .await?;
        let mut per_stage: BTreeMap<Milestone, Vec<(i64, i64)>> = BTreeMap::new();
        for (stage, hours, count) in histogram {
            let stage = stage.parse::<Milestone>().map_err(corrupt("contact stage"))?;
            per_stage.entry(stage).or_default().push((hours, count));
        }
        Ok(per_stage
            .into_iter()
            .filter_map(|(stage, buckets)| {
                Some(StageContacts {
                    stage,
                    contacts: buckets.iter().map(|(_, n)| n).sum(),
                    silence_p50_hours: quantile(&buckets, 0.5)?,
                })
            })
            .collect())
    }

    async fn orders_behind(
        &self,
        scope: &MeasureScope,
        measure: Measure,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OrderBehind>, StorageError> {
        let columns = "s.tracking_number, s.order_ref, f.origin_country, f.destination_country, f.carrier, f.service, \
                       f.ordered_epoch";
        let ordered_in_scope = "f.merchant_id = $1 AND f.ordered_epoch >= $2 AND f.ordered_epoch < $3";
        let sql = match measure {
            Measure::ContactRate | Measure::DisputeRate => {
                let (table, column, about) = if measure == Measure::ContactRate {
                    ("wismo_contacts", "x.contacted_epoch", "x.category")
                } else {
                    ("delivery_disputes", "x.filed_epoch", "x.reason")
                };
                format!(
                    "SELECT {columns}, CAST(NULL AS BIGINT), {about} FROM {table} x JOIN shipment_facts f ON f.shipment_id = x.shipment_id \
                     JOIN shipments s ON s.id = f.shipment_id \
                     WHERE x.merchant_id = $1 AND {column} >= $2 AND {column} < $3 AND {SCOPE_FILTERS} \
                     ORDER BY {column} DESC LIMIT $8"
                )
            }
            Measure::FirstScan => format!(
                "SELECT {columns}, f.first_scan_seconds / 3600, CAST(NULL AS TEXT) FROM shipment_facts f JOIN shipments s ON s.id = f.shipment_id \
                 WHERE {ordered_in_scope} AND f.first_scan_seconds IS NOT NULL AND {SCOPE_FILTERS} \
                 ORDER BY f.first_scan_seconds DESC LIMIT $8"
            ),
            Measure::CustomsDwell => format!(
                "SELECT {columns}, f.customs_dwell_seconds / 3600, CAST(NULL AS TEXT) FROM shipment_facts f JOIN shipments s ON s.id = f.shipment_id \
                 WHERE {ordered_in_scope} AND f.customs_dwell_seconds IS NOT NULL AND {SCOPE_FILTERS} \
                 ORDER BY f.customs_dwell_seconds DESC LIMIT $8"
            ),
            Measure::ScanGaps => format!(
                "SELECT {columns}, ({silence}) / 3600, CAST(NULL AS TEXT) FROM shipment_facts f JOIN shipments s ON s.id = f.shipment_id \
                 WHERE {ordered_in_scope} AND f.first_scan_seconds IS NOT NULL AND {SCOPE_FILTERS} \
                    AND ({silence}) >= {gap} ORDER BY ({silence}) DESC LIMIT $8",
                silence = LONGEST_SILENCE.replace("$8", "$9"),
                gap = SCAN_GAP_ALERT.num_seconds(),
            ),
        };
        let (from, to) = scope.epochs();
        let mut query = sqlx::query_as::<DB, BehindRow>(&sql)
            .bind(scope.merchant.0)
            .bind(from)
            .bind(to)
            .bind(scope.lane.as_ref().map(|l| l.origin.clone()))
            .bind(scope.lane.as_ref().map(|l| l.destination.clone()))
            .bind(scope.carrier.clone())
            .bind(scope.service.clone())
            .bind(limit);
        // PostgreSQL refuses a parameter the statement does not use.
        if measure == Measure::ScanGaps {
            query = query.bind(now.timestamp());
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|(number, order_ref, origin, destination, carrier, service, ordered, hours, about)| {
                Ok(OrderBehind {
                    tracking_number: number,
                    order_ref,
                    lane: LaneCode { origin, destination },
                    carrier,
                    service,
                    ordered_at: DateTime::from_timestamp(ordered, 0)
                        .ok_or_else(|| StorageError::Corrupt(format!("order time {ordered}")))?,
                    hours,
                    about,
                })
            })
            .collect()
    }

    async fn scope_options(&self, scope: &MeasureScope) -> Result<ScopeOptions, StorageError> {
        let everything = MeasureScope { lane: None, carrier: None, service: None, ..scope.clone() };
        let rows: Vec<(String, String, String, String)> = self
            .scoped_rows(
                &format!(
                    "SELECT DISTINCT f.origin_country, f.destination_country, f.carrier, f.service FROM shipment_facts f \
                     WHERE f.merchant_id = $1 AND f.ordered_epoch >= $2 AND f.ordered_epoch < $3 AND {SCOPE_FILTERS}"
                ),
                &everything,
                None,
            )
            .await?;
        let mut options = ScopeOptions::default();
        for (origin, destination, carrier, service) in rows {
            options.lanes.push(LaneCode { origin, destination });
            options.carriers.push(carrier);
            options.services.push(service);
        }
        for list in [&mut options.carriers, &mut options.services] {
            list.sort();
            list.dedup();
        }
        options.lanes.sort();
        options.lanes.dedup();
        Ok(options)
    }

    async fn delivered_on_time(&self, shipment: ShipmentId) -> Result<Option<bool>, StorageError> {
        let on_time: Option<Option<bool>> =
            sqlx::query_scalar("SELECT delivered_on_time FROM shipment_facts WHERE shipment_id = $1")
                .bind(shipment.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(on_time.flatten())
    }

    async fn record_delivered_on_time(&self, shipment: ShipmentId, on_time: bool) -> Result<(), StorageError> {
        sqlx::query("UPDATE shipment_facts SET delivered_on_time = $2 WHERE shipment_id = $1")
            .bind(shipment.0)
            .bind(on_time)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn lane_performance(&self, scope: &MeasureScope) -> Result<Vec<LanePerformance>, StorageError> {
        type CountsRow = (String, String, String, i64, i64, i64, i64, i64, i64);
        let counts: Vec<CountsRow> = self
            .scoped_rows(
                &format!(
                    "SELECT f.origin_country, f.destination_country, f.carrier, COUNT(*), \
                        COALESCE(SUM(CASE WHEN f.delivered_epoch IS NOT NULL THEN 1 ELSE 0 END), 0), \
                        COALESCE(SUM(CASE WHEN f.delivered_on_time THEN 1 ELSE 0 END), 0), \
                        COALESCE(SUM(CASE WHEN f.delivered_on_time IS NOT NULL THEN 1 ELSE 0 END), 0), \
                        COALESCE(SUM(CASE WHEN f.delivered_epoch IS NOT NULL AND f.failed_attempts = 0 THEN 1 ELSE 0 END), 0), \
                        COALESCE(SUM(CASE WHEN f.first_problem IS NOT NULL THEN 1 ELSE 0 END), 0) \
                     FROM shipment_facts f WHERE f.merchant_id = $1 AND f.ordered_epoch >= $2 AND f.ordered_epoch < $3 \
                        AND {SCOPE_FILTERS} GROUP BY f.origin_country, f.destination_country, f.carrier"
                ),
                scope,
                None,
            )
            .await?;
        let histogram: Vec<(String, String, String, i64, i64)> = self
            .scoped_rows(
                &format!(
                    "SELECT f.origin_country, f.destination_country, f.carrier, f.transit_seconds / 3600, COUNT(*) \
                     FROM shipment_facts f WHERE f.merchant_id = $1 AND f.ordered_epoch >= $2 AND f.ordered_epoch < $3 \
                        AND f.transit_seconds IS NOT NULL AND {SCOPE_FILTERS} \
                     GROUP BY f.origin_country, f.destination_country, f.carrier, f.transit_seconds / 3600"
                ),
                scope,
                None,
            )
            .await?;
        let mut transit: BTreeMap<(String, String, String), Vec<(i64, i64)>> = BTreeMap::new();
        for (origin, destination, carrier, hours, count) in histogram {
            transit.entry((origin, destination, carrier)).or_default().push((hours, count));
        }
        let mut lanes: Vec<LanePerformance> = counts
            .into_iter()
            .map(|(origin, destination, carrier, orders, delivered, on_time, promised, first_attempt, problems)| {
                let buckets =
                    transit.remove(&(origin.clone(), destination.clone(), carrier.clone())).unwrap_or_default();
                LanePerformance {
                    lane: LaneCode { origin, destination },
                    carrier,
                    orders,
                    delivered,
                    transit_p50_hours: quantile(&buckets, 0.5),
                    transit_p90_hours: quantile(&buckets, 0.9),
                    on_time: Share { counted: on_time, of: promised },
                    first_attempt: Share { counted: first_attempt, of: delivered },
                    with_problem: Share { counted: problems, of: orders },
                }
            })
            .collect();
        lanes.sort_by(LanePerformance::worst_first);
        Ok(lanes)
    }

    async fn problems_by_cause(&self, scope: &MeasureScope) -> Result<Vec<ProblemCount>, StorageError> {
        let rows: Vec<(String, i64)> = self
            .scoped_rows(
                &format!(
                    "SELECT f.first_problem, COUNT(*) FROM shipment_facts f WHERE f.merchant_id = $1 \
                        AND f.ordered_epoch >= $2 AND f.ordered_epoch < $3 AND f.first_problem IS NOT NULL \
                        AND {SCOPE_FILTERS} GROUP BY f.first_problem"
                ),
                scope,
                None,
            )
            .await?;
        let mut causes = rows
            .into_iter()
            .map(|(code, orders)| {
                let cause =
                    ProblemCause::parse(&code).ok_or_else(|| StorageError::Corrupt(format!("problem {code}")))?;
                Ok(ProblemCount { cause, orders })
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        causes.sort_by(|a, b| b.orders.cmp(&a.orders).then_with(|| a.cause.code().cmp(b.cause.code())));
        Ok(causes)
    }

    async fn customs_by_country(&self, scope: &MeasureScope) -> Result<Vec<CountryCustoms>, StorageError> {
        let counts: Vec<(String, i64, i64)> = self
            .scoped_rows(
                &format!(
                    "SELECT f.destination_country, COUNT(*), \
                        COALESCE(SUM(CASE WHEN f.customs_held THEN 1 ELSE 0 END), 0) \
                     FROM shipment_facts f WHERE f.merchant_id = $1 AND f.ordered_epoch >= $2 AND f.ordered_epoch < $3 \
                        AND f.first_scan_seconds IS NOT NULL AND {SCOPE_FILTERS} GROUP BY f.destination_country"
                ),
                scope,
                None,
            )
            .await?;
        let histogram: Vec<(String, i64, i64)> = self
            .scoped_rows(
                &format!(
                    "SELECT f.destination_country, f.customs_dwell_seconds / 3600, COUNT(*) \
                     FROM shipment_facts f WHERE f.merchant_id = $1 AND f.ordered_epoch >= $2 AND f.ordered_epoch < $3 \
                        AND f.customs_dwell_seconds IS NOT NULL AND {SCOPE_FILTERS} \
                     GROUP BY f.destination_country, f.customs_dwell_seconds / 3600"
                ),
                scope,
                None,
            )
            .await?;
        let mut dwell: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
        for (country, hours, count) in histogram {
            dwell.entry(country).or_default().push((hours, count));
        }
        let mut countries: Vec<CountryCustoms> = counts
            .into_iter()
            .map(|(country, shipped, held)| {
                let buckets = dwell.remove(&country).unwrap_or_default();
                CountryCustoms {
                    held: Share { counted: held, of: shipped },
                    cleared: buckets.iter().map(|(_, n)| n).sum(),
                    dwell_p50_hours: quantile(&buckets, 0.5),
                    dwell_p90_hours: quantile(&buckets, 0.9),
                    country,
                }
            })
            .collect();
        countries.sort_by(CountryCustoms::worst_first);
        Ok(countries)
    }

    async fn rating_weeks(&self, scope: &MeasureScope) -> Result<Vec<RatingWeek>, StorageError> {
        let mut weeks: BTreeMap<i64, RatingWeek> = BTreeMap::new();
        let mut week = scope.from;
        while week <= scope.to {
            weeks.insert(week.0, RatingWeek { week: week.0, ..Default::default() });
            week = week.next();
        }
        let rows: Vec<(i64, i64, i64, i64, i64)> = self
            .scoped_rows(
                &format!(
                    "SELECT {week}, COUNT(*), COALESCE(SUM(r.stars), 0), COUNT(r.tracking_stars), \
                        COALESCE(SUM(r.tracking_stars), 0) \
                     FROM delivery_ratings r JOIN shipment_facts f ON f.shipment_id = r.shipment_id \
                     WHERE f.merchant_id = $1 AND f.delivered_epoch >= $2 AND f.delivered_epoch < $3 AND {SCOPE_FILTERS} \
                     GROUP BY {week}",
                    week = week_of!("f.delivered_epoch"),
                ),
                scope,
                None,
            )
            .await?;
        for (week, ratings, delivery_stars, tracked, tracking_stars) in rows {
            if let Some(w) = weeks.get_mut(&week) {
                (w.ratings, w.delivery_stars, w.tracked, w.tracking_stars) =
                    (ratings, delivery_stars, tracked, tracking_stars);
            }
        }
        Ok(weeks.into_values().collect())
    }

    async fn ratings_by_lane(&self, scope: &MeasureScope) -> Result<Vec<LaneRatings>, StorageError> {
        type Row = (String, String, String, i64, i64, i64, i64, i64);
        let rows: Vec<Row> = self
            .scoped_rows(
                &format!(
                    "SELECT f.origin_country, f.destination_country, f.carrier, COUNT(*), COALESCE(SUM(r.stars), 0), \
                        COUNT(r.tracking_stars), COALESCE(SUM(r.tracking_stars), 0), \
                        COALESCE(SUM(CASE WHEN r.tracking_stars <= 2 THEN 1 ELSE 0 END), 0) \
                     FROM delivery_ratings r JOIN shipment_facts f ON f.shipment_id = r.shipment_id \
                     WHERE f.merchant_id = $1 AND f.delivered_epoch >= $2 AND f.delivered_epoch < $3 AND {SCOPE_FILTERS} \
                     GROUP BY f.origin_country, f.destination_country, f.carrier"
                ),
                scope,
                None,
            )
            .await?;
        let mut lanes: Vec<LaneRatings> = rows
            .into_iter()
            .map(|(origin, destination, carrier, ratings, delivery_stars, tracked, tracking_stars, tracking_low)| {
                LaneRatings {
                    lane: LaneCode { origin, destination },
                    carrier,
                    ratings,
                    delivery_stars,
                    tracked,
                    tracking_stars,
                    tracking_low,
                }
            })
            .collect();
        lanes.sort_by(LaneRatings::worst_first);
        Ok(lanes)
    }

    async fn comments(&self, scope: &MeasureScope, limit: i64) -> Result<Vec<ShopperComment>, StorageError> {
        type Row = (String, String, String, String, i64, String, Option<String>, Option<i64>, Option<i64>);
        let (from, to) = scope.epochs();
        let sql = format!(
            "SELECT * FROM ( \
                SELECT s.tracking_number, f.origin_country, f.destination_country, f.carrier, f.delivered_epoch AS at, \
                    r.comment, r.locale, CAST(r.stars AS BIGINT), CAST(r.tracking_stars AS BIGINT) \
                FROM delivery_ratings r JOIN shipment_facts f ON f.shipment_id = r.shipment_id \
                JOIN shipments s ON s.id = f.shipment_id \
                WHERE f.merchant_id = $1 AND f.delivered_epoch >= $2 AND f.delivered_epoch < $3 \
                    AND r.comment IS NOT NULL AND {SCOPE_FILTERS} \
                UNION ALL \
                SELECT s.tracking_number, f.origin_country, f.destination_country, f.carrier, x.filed_epoch AS at, \
                    x.comment, CAST(NULL AS TEXT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT) \
                FROM delivery_disputes x JOIN shipment_facts f ON f.shipment_id = x.shipment_id \
                JOIN shipments s ON s.id = f.shipment_id \
                WHERE x.merchant_id = $1 AND x.filed_epoch >= $2 AND x.filed_epoch < $3 \
                    AND x.comment IS NOT NULL AND {SCOPE_FILTERS} \
             ) c ORDER BY at DESC, tracking_number LIMIT $8"
        );
        let rows: Vec<Row> = sqlx::query_as::<DB, Row>(&sql)
            .bind(scope.merchant.0)
            .bind(from)
            .bind(to)
            .bind(scope.lane.as_ref().map(|l| l.origin.clone()))
            .bind(scope.lane.as_ref().map(|l| l.destination.clone()))
            .bind(scope.carrier.clone())
            .bind(scope.service.clone())
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|(number, origin, destination, carrier, at, text, locale, stars, tracking_stars)| {
                let star = |n: i64| u8::try_from(n).map_err(|_| StorageError::Corrupt(format!("stars {n}")));
                let source = match stars {
                    Some(stars) => CommentSource::Rating {
                        stars: star(stars)?,
                        tracking_stars: tracking_stars.map(star).transpose()?,
                    },
                    None => CommentSource::Dispute,
                };
                Ok(ShopperComment {
                    tracking_number: number,
                    lane: LaneCode { origin, destination },
                    carrier,
                    at: DateTime::from_timestamp(at, 0)
                        .ok_or_else(|| StorageError::Corrupt(format!("comment time {at}")))?,
                    text,
                    locale,
                    source,
                })
            })
            .collect()
    }

    async fn engagement(&self, scope: &MeasureScope) -> Result<Engagement, StorageError> {
        let in_scope =
            format!("f.merchant_id = $1 AND f.ordered_epoch >= $2 AND f.ordered_epoch < $3 AND {SCOPE_FILTERS}");
        let views_per_order: Vec<(i64, i64)> = self
            .scoped_rows(
                &format!(
                    "SELECT n, COUNT(*) FROM (SELECT \
                        (SELECT COUNT(*) FROM journey_views v WHERE v.shipment_id = f.shipment_id) + \
                        CAST(COALESCE((SELECT SUM(d.views) FROM journey_view_days d WHERE d.shipment_id = f.shipment_id), 0) AS BIGINT) AS n \
                     FROM shipment_facts f WHERE {in_scope}) per_order GROUP BY n"
                ),
                scope,
                None,
            )
            .await?;
        let seconds_in_view: Vec<(i64, i64)> = self
            .scoped_rows(
                &format!(
                    "SELECT CAST(v.seconds_visible / {SECONDS_BUCKET} AS BIGINT), COUNT(*) FROM journey_views v \
                     JOIN shipment_facts f ON f.shipment_id = v.shipment_id \
                     WHERE {in_scope} AND v.seconds_visible > 0 GROUP BY v.seconds_visible / {SECONDS_BUCKET}"
                ),
                scope,
                None,
            )
            .await?;
        let (shared, share_views): (i64, i64) = self
            .scoped_totals(
                &format!(
                    "SELECT COUNT(DISTINCT l.shipment_id), CAST(COALESCE(SUM(l.views), 0) AS BIGINT) FROM share_links l \
                     JOIN shipment_facts f ON f.shipment_id = l.shipment_id WHERE {in_scope}"
                ),
                scope,
            )
            .await?;
        let (rated,): (i64,) = self
            .scoped_totals(
                &format!(
                    "SELECT COUNT(*) FROM delivery_ratings r \
                     JOIN shipment_facts f ON f.shipment_id = r.shipment_id WHERE {in_scope}"
                ),
                scope,
            )
            .await?;
        let (codes_granted, codes_redeemed): (i64, i64) = self
            .scoped_totals(
                &format!(
                    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN a.redeemed_at IS NOT NULL THEN 1 ELSE 0 END), 0) \
                     FROM awards a JOIN shipment_facts f ON f.shipment_id = a.shipment_id \
                     WHERE a.kind IN ('coupon', 'vip_invite') AND {in_scope}"
                ),
                scope,
            )
            .await?;
        let (shoppers, opted_in, on_mission): (i64, i64, i64) = self
            .scoped_totals(
                &format!(
                    "SELECT COUNT(DISTINCT s.shopper_id), \
                        COUNT(DISTINCT CASE WHEN sh.display_name IS NOT NULL THEN s.shopper_id END), \
                        COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM points_ledger p \
                            WHERE p.shopper_id = s.shopper_id AND p.reason LIKE 'mission:%') THEN s.shopper_id END) \
                     FROM shipment_facts f JOIN shipments s ON s.id = f.shipment_id JOIN shoppers sh ON sh.id = s.shopper_id \
                     WHERE {in_scope}"
                ),
                scope,
            )
            .await?;
        Ok(Engagement {
            orders: views_per_order.iter().map(|(_, n)| n).sum(),
            views_per_order,
            seconds_in_view,
            shared,
            share_views,
            rated,
            codes_granted,
            codes_redeemed,
            shoppers,
            opted_in,
            on_mission,
        })
    }

    async fn backfill_facts(&self, limit: i64) -> Result<u64, StorageError> {
        let missing: Vec<i64> = sqlx::query_scalar(
            "SELECT s.id FROM shipments s WHERE NOT EXISTS \
                (SELECT 1 FROM shipment_facts f WHERE f.shipment_id = s.id AND f.facts_version = $2) \
             ORDER BY s.id LIMIT $1",
        )
        .bind(limit)
        .bind(FACTS_VERSION)
        .fetch_all(&self.pool)
        .await?;
        for id in &missing {
            let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
            let events = Self::foldable_events(&mut *tx, ShipmentId(*id)).await?;
            let state = app::domain::fold(events.iter().map(|e| &e.event));
            Self::store_facts(&mut tx, ShipmentId(*id), &state, &events).await?;
            tx.commit().await?;
        }
        Ok(missing.len() as u64)
    }
}
