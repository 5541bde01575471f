//! The SQL behind [`RewardStore`], for both databases. Exactly-once is the database's job:
//! awards are unique on (shipment, rule id), ledger entries on (shopper, reason), codes are
//! unique and redeemed by one conditional update.

use super::*;
use crate::storage::rewards::*;
use app::domain::gamification::{
    masked_name, rewards_ahead, Badge, DisplayName, Grant, Mission, PoolName, Rule, RuleSet, Season, Trigger,
};
use app::model::journey::RouteLeg;
use app::model::rewards::{
    Award, Board, JourneyRewards, LeaderRow, LedgerLine, LedgerReason, Reward, RewardAhead, ShopperRewardsView,
    ShownName, Standing,
};

/// The all-time board's season key.
const ALL_TIME: &str = "all";

type AwardRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

const AWARD_COLUMNS: &str =
    "id, rule_id, trigger, kind, badge, points, percent_off, code, granted_at, expires_at, redeemed_at";

fn award(row: AwardRow) -> Result<Award, StorageError> {
    let (id, rule_id, trigger, kind, badge, points, percent_off, code, granted_at, expires_at, redeemed_at) = row;
    let trigger: Trigger = serde_json::from_str(&trigger).map_err(corrupt("award trigger"))?;
    let missing = || StorageError::Corrupt(format!("award {id} of kind {kind} lacks its details"));
    let reward = match kind.as_str() {
        "badge" => Reward::Badge { badge: badge.as_deref().and_then(Badge::from_code).ok_or_else(missing)? },
        "points" => Reward::Points { points: points.and_then(|p| u32::try_from(p).ok()).ok_or_else(missing)? },
        "coupon" => Reward::Coupon {
            code: code.ok_or_else(missing)?,
            percent_off: percent_off.and_then(|p| u8::try_from(p).ok()).ok_or_else(missing)?,
            expires_at: expires_at.ok_or_else(missing)?,
            redeemed: redeemed_at.is_some(),
        },
        "vip_invite" => Reward::VipInvite { code: code.ok_or_else(missing)? },
        other => return Err(StorageError::Corrupt(format!("award {id} has unknown kind {other:?}"))),
    };
    Ok(Award { id, rule_id, trigger, reward, granted_at })
}

fn shown_name(shopper: i64, chosen: Option<String>) -> ShownName {
    match chosen {
        Some(name) => ShownName::Chosen(name),
        None => ShownName::Masked(masked_name(shopper)),
    }
}

fn board_key(board: Board, season: Season) -> String {
    match board {
        Board::Season => season.code(),
        Board::AllTime => ALL_TIME.to_owned(),
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
    /// The pool's next unused code, taken in the granting transaction; `None` when the pool
    /// is empty (or another grant took the last one first): the caller makes a code then.
    async fn take_pool_code(
        tx: &mut sqlx::Transaction<'_, DB>,
        merchant: MerchantId,
        pool: &PoolName,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StorageError> {
        let code: Option<String> = sqlx::query_scalar(
            "UPDATE coupon_codes SET taken_at = $3 WHERE id = \
               (SELECT id FROM coupon_codes WHERE merchant_id = $1 AND pool = $2 AND taken_at IS NULL ORDER BY id LIMIT 1) \
             AND taken_at IS NULL RETURNING code",
        )
        .bind(merchant.0)
        .bind(pool.as_str())
        .bind(now)
        .fetch_optional(&mut **tx)
        .await?;
        if code.is_none() {
            tracing::warn!(
                merchant = merchant.0,
                pool = pool.as_str(),
                "coupon pool empty: a Trekpost code is given instead"
            );
        }
        Ok(code)
    }

    /// Appends to the ledger once per (shopper, reason) and adds to the season's and the
    /// all-time totals in the same transaction. False if the reason was already there.
    async fn credit(
        tx: &mut sqlx::Transaction<'_, DB>,
        context: &RewardContext,
        points: i64,
        reason: &str,
        award: Option<i64>,
        mission: Option<Mission>,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let season = Season::of(now).code();
        let entry: Option<i64> = sqlx::query_scalar(
            "INSERT INTO points_ledger (merchant_id, shopper_id, points, reason, award_id, mission, season, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (shopper_id, reason) DO NOTHING RETURNING id",
        )
        .bind(context.merchant.0)
        .bind(context.shopper.0)
        .bind(points)
        .bind(reason)
        .bind(award)
        .bind(mission.map(Mission::code))
        .bind(&season)
        .bind(now)
        .fetch_optional(&mut **tx)
        .await?;
        if entry.is_none() {
            return Ok(false);
        }
        for key in [season.as_str(), ALL_TIME] {
            sqlx::query(
                "INSERT INTO loyalty_scores (merchant_id, season, shopper_id, points) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (merchant_id, season, shopper_id) DO UPDATE SET points = loyalty_scores.points + excluded.points",
            )
            .bind(context.merchant.0)
            .bind(key)
            .bind(context.shopper.0)
            .bind(points)
            .execute(&mut **tx)
            .await?;
        }
        Ok(true)
    }

    async fn score(&self, merchant: MerchantId, key: &str, shopper: ShopperId) -> Result<Option<i64>, StorageError> {
        Ok(sqlx::query_scalar(
            "SELECT points FROM loyalty_scores WHERE merchant_id = $1 AND season = $2 AND shopper_id = $3",
        )
        .bind(merchant.0)
        .bind(key)
        .bind(shopper.0)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn badges_of(&self, shopper: i64) -> Result<Vec<Badge>, StorageError> {
        let codes: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT badge FROM awards WHERE shopper_id = $1 AND kind = 'badge' AND badge IS NOT NULL",
        )
        .bind(shopper)
        .fetch_all(&self.pool)
        .await?;
        let held: Vec<Badge> = codes.iter().filter_map(|c| Badge::from_code(c)).collect();
        Ok(Badge::ALL.into_iter().filter(|b| held.contains(b)).collect())
    }

    /// A shopper's rank: one count over the board's index of those with more points.
    async fn standing(&self, merchant: MerchantId, key: &str, shopper: ShopperId) -> Result<Standing, StorageError> {
        let chosen: Option<Option<String>> = sqlx::query_scalar("SELECT display_name FROM shoppers WHERE id = $1")
            .bind(shopper.0)
            .fetch_optional(&self.pool)
            .await?;
        let name = shown_name(shopper.0, chosen.flatten());
        let Some(points) = self.score(merchant, key, shopper).await? else {
            return Ok(Standing { rank: None, points: 0, name });
        };
        let above: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM loyalty_scores WHERE merchant_id = $1 AND season = $2 AND points > $3",
        )
        .bind(merchant.0)
        .bind(key)
        .bind(points)
        .fetch_one(&self.pool)
        .await?;
        Ok(Standing { rank: Some(above + 1), points, name })
    }
}

#[async_trait::async_trait]
impl<DB: Sql> RewardStore for SqlStore<DB>
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
    async fn rules_of(&self, merchant: MerchantId) -> Result<RuleSet, StorageError> {
        let stored: Option<String> = sqlx::query_scalar("SELECT rules FROM merchant_rules WHERE merchant_id = $1")
            .bind(merchant.0)
            .fetch_optional(&self.pool)
            .await?;
        match stored {
            None => Ok(RuleSet::default_set()),
            Some(json) => {
                let rules: Vec<Rule> = serde_json::from_str(&json).map_err(corrupt("merchant rules"))?;
                RuleSet::parse(rules).map_err(corrupt("merchant rules"))
            }
        }
    }

    async fn reward_context(&self, shipment: ShipmentId) -> Result<Option<RewardContext>, StorageError> {
        type ContextRow = (i64, Option<i64>, bool, String, String, f64, f64, String, String, f64, f64, i64, i64, i64);
        let row: Option<ContextRow> = sqlx::query_as(
            "SELECT s.merchant_id, s.shopper_id, s.eco, s.origin_city, s.origin_country, s.origin_lat, s.origin_lon, \
                    s.destination_city, s.destination_country, s.destination_lat, s.destination_lon, \
                    (SELECT COUNT(*) FROM shipments o WHERE o.shopper_id = s.shopper_id AND o.id <= s.id), \
                    (SELECT COUNT(*) FROM delivery_ratings r WHERE r.shipment_id = s.id), \
                    (SELECT COUNT(*) FROM share_links l WHERE l.shipment_id = s.id) \
             FROM shipments s WHERE s.id = $1",
        )
        .bind(shipment.0)
        .fetch_optional(&self.pool)
        .await?;
        let Some((merchant, Some(shopper), eco, oc, ocn, olat, olon, dc, dcn, dlat, dlon, order, ratings, links)) = row
        else {
            return Ok(None);
        };
        let merchant = MerchantId(merchant);
        let granted: Vec<String> = sqlx::query_scalar("SELECT rule_id FROM awards WHERE shipment_id = $1")
            .bind(shipment.0)
            .fetch_all(&self.pool)
            .await?;
        let (origin, destination) = (place(oc, ocn, olat, olon)?, place(dc, dcn, dlat, dlon)?);
        let route = RouteLeg::from_legs(&origin, &destination, &self.legs_of(shipment).await?);
        Ok(Some(RewardContext {
            merchant,
            shopper: ShopperId(shopper),
            order_number: u32::try_from(order).unwrap_or(u32::MAX).max(1),
            rules: self.rules_of(merchant).await?,
            eco_option: eco,
            origin,
            destination,
            route,
            rated: ratings > 0,
            // A link once made counts, even if its shopper revoked it later.
            shared: links > 0,
            granted: granted.into_iter().collect(),
        }))
    }

    async fn grant(
        &self,
        context: &RewardContext,
        shipment: ShipmentId,
        due: &[&Rule],
        now: DateTime<Utc>,
    ) -> Result<Vec<Award>, StorageError> {
        let season = Season::of(now);
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        let mut granted = Vec::new();
        let mut missions = std::collections::BTreeSet::new();
        for rule in due {
            let reward = match rule.grant {
                Grant::Badge { badge } => Reward::Badge { badge },
                Grant::Points { points } => Reward::Points { points },
                Grant::Coupon { percent_off, valid_days, pool } => Reward::Coupon {
                    code: match pool {
                        Some(pool) => Self::take_pool_code(&mut tx, context.merchant, &pool, now).await?,
                        None => None,
                    }
                    .unwrap_or_else(crate::ids::new_reward_code),
                    percent_off,
                    expires_at: now + chrono::Duration::days(i64::from(valid_days)),
                    redeemed: false,
                },
                Grant::VipInvite => Reward::VipInvite { code: crate::ids::new_reward_code() },
            };
            let (kind, badge, points, percent_off, code, expires_at) = match &reward {
                Reward::Badge { badge } => ("badge", Some(badge.code()), None, None, None, None),
                Reward::Points { points } => ("points", None, Some(i64::from(*points)), None, None, None),
                Reward::Coupon { code, percent_off, expires_at, .. } => {
                    ("coupon", None, None, Some(i64::from(*percent_off)), Some(code.as_str()), Some(*expires_at))
                }
                Reward::VipInvite { code } => ("vip_invite", None, None, None, Some(code.as_str()), None),
            };
            let mission = Mission::of(rule);
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO awards (merchant_id, shopper_id, shipment_id, rule_id, trigger, kind, badge, points, \
                    percent_off, code, mission, season, granted_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
                 ON CONFLICT (shipment_id, rule_id) DO NOTHING RETURNING id",
            )
            .bind(context.merchant.0)
            .bind(context.shopper.0)
            .bind(shipment.0)
            .bind(&rule.id)
            .bind(serde_json::to_string(&rule.trigger).expect("triggers always serialise"))
            .bind(kind)
            .bind(badge)
            .bind(points)
            .bind(percent_off)
            .bind(code)
            .bind(mission.map(Mission::code))
            .bind(season.code())
            .bind(now)
            .bind(expires_at)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = id else { continue };
            if let Some(points) = points {
                Self::credit(&mut tx, context, points, &format!("award:{id}"), Some(id), None, now).await?;
            }
            missions.extend(mission);
            granted.push(Award { id, rule_id: rule.id.clone(), trigger: rule.trigger, reward, granted_at: now });
        }
        // A mission done this season pays its bonus once: the ledger's reason is unique.
        for mission in missions {
            let done: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM awards WHERE shopper_id = $1 AND season = $2 AND mission = $3",
            )
            .bind(context.shopper.0)
            .bind(season.code())
            .bind(mission.code())
            .fetch_one(&mut *tx)
            .await?;
            if done >= i64::from(mission.target()) {
                let reason = format!("mission:{}:{}", season.code(), mission.code());
                let bonus = i64::from(mission.bonus_points());
                Self::credit(&mut tx, context, bonus, &reason, None, Some(mission), now).await?;
            }
        }
        tx.commit().await?;
        Ok(granted)
    }

    async fn journey_rewards(&self, shipment: ShipmentId) -> Result<JourneyRewards, StorageError> {
        let rows: Vec<AwardRow> =
            sqlx::query_as(&format!("SELECT {AWARD_COLUMNS} FROM awards WHERE shipment_id = $1 ORDER BY id"))
                .bind(shipment.0)
                .fetch_all(&self.pool)
                .await?;
        let owner: Option<(i64, Option<i64>, i64, i64)> = sqlx::query_as(
            "SELECT merchant_id, shopper_id, (SELECT COUNT(*) FROM delivery_ratings r WHERE r.shipment_id = s.id), \
                    (SELECT COUNT(*) FROM shipments o WHERE o.shopper_id = s.shopper_id AND o.id <= s.id) \
             FROM shipments s WHERE id = $1",
        )
        .bind(shipment.0)
        .fetch_optional(&self.pool)
        .await?;
        let Some((merchant, Some(shopper), ratings, order_number)) = owner else {
            return Ok(JourneyRewards::default());
        };
        let awards: Vec<Award> = rows.into_iter().map(award).collect::<Result<_, _>>()?;
        let granted: Vec<String> = awards.iter().map(|a| a.rule_id.clone()).collect();
        let rules = self.rules_of(MerchantId(merchant)).await?;
        let ahead = rewards_ahead(&rules, u32::try_from(order_number).unwrap_or(u32::MAX), &granted)
            .into_iter()
            .map(|(milestone, grant)| RewardAhead { milestone, grant })
            .collect();
        Ok(JourneyRewards {
            awards,
            badges: self.badges_of(shopper).await?,
            points: self.score(MerchantId(merchant), ALL_TIME, ShopperId(shopper)).await?.unwrap_or(0),
            rated: ratings > 0,
            ahead,
        })
    }

    async fn add_coupon_codes(
        &self,
        merchant: MerchantId,
        pool: &PoolName,
        codes: &[String],
        now: DateTime<Utc>,
    ) -> Result<usize, StorageError> {
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        let mut added = 0;
        for code in codes {
            let result = sqlx::query(
                "INSERT INTO coupon_codes (merchant_id, pool, code, added_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (merchant_id, code) DO NOTHING",
            )
            .bind(merchant.0)
            .bind(pool.as_str())
            .bind(code.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            added += DB::rows_affected(&result) as usize;
        }
        tx.commit().await?;
        Ok(added)
    }

    async fn coupon_pools(&self, merchant: MerchantId) -> Result<Vec<(PoolName, i64, i64)>, StorageError> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT pool, SUM(CASE WHEN taken_at IS NULL THEN 1 ELSE 0 END), \
                    SUM(CASE WHEN taken_at IS NULL THEN 0 ELSE 1 END) \
             FROM coupon_codes WHERE merchant_id = $1 GROUP BY pool ORDER BY pool",
        )
        .bind(merchant.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(pool, left, taken)| Ok((PoolName::parse(&pool).map_err(corrupt("pool name"))?, left, taken)))
            .collect()
    }

    async fn redeem(&self, merchant: MerchantId, code: &str, now: DateTime<Utc>) -> Result<Redemption, StorageError> {
        // One conditional update: of two redemptions racing, exactly one changes the row.
        let redeemed: Option<i64> = sqlx::query_scalar(
            "UPDATE awards SET redeemed_at = $3 WHERE merchant_id = $1 AND code = $2 AND redeemed_at IS NULL \
               AND (expires_at IS NULL OR expires_at > $3) RETURNING id",
        )
        .bind(merchant.0)
        .bind(code)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(id) = redeemed {
            let row: AwardRow = sqlx::query_as(&format!("SELECT {AWARD_COLUMNS} FROM awards WHERE id = $1"))
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
            let reference: String = sqlx::query_scalar(
                "SELECT sh.reference FROM awards a JOIN shoppers sh ON sh.id = a.shopper_id WHERE a.id = $1",
            )
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
            return Ok(Redemption::Redeemed { award: award(row)?, shopper_reference: reference });
        }
        let found: Option<(Option<DateTime<Utc>>, Option<DateTime<Utc>>)> =
            sqlx::query_as("SELECT redeemed_at, expires_at FROM awards WHERE merchant_id = $1 AND code = $2")
                .bind(merchant.0)
                .bind(code)
                .fetch_optional(&self.pool)
                .await?;
        Ok(match found {
            Some((Some(at), _)) => Redemption::AlreadyRedeemed { at },
            Some((None, Some(at))) => Redemption::Expired { at },
            _ => Redemption::Unknown,
        })
    }

    async fn rate_delivery(
        &self,
        shipment: ShipmentId,
        rating: &app::domain::wismo::DeliveryRating,
        locale: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let new: Option<i64> = sqlx::query_scalar(
            "INSERT INTO delivery_ratings (shipment_id, stars, tracking_stars, tags, comment, locale, rated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (shipment_id) DO NOTHING RETURNING shipment_id",
        )
        .bind(shipment.0)
        .bind(i32::from(rating.delivery.get()))
        .bind(i32::from(rating.tracking.get()))
        .bind(rating.tag_codes())
        .bind(rating.comment.as_deref())
        .bind(locale)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(new.is_some())
    }

    async fn set_display_name(&self, shopper: ShopperId, name: Option<&DisplayName>) -> Result<(), StorageError> {
        sqlx::query("UPDATE shoppers SET display_name = $2 WHERE id = $1")
            .bind(shopper.0)
            .bind(name.map(DisplayName::as_str))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn shopper_of_token(&self, token: &ShopperToken) -> Result<Option<ShopperOfToken>, StorageError> {
        let row: Option<(i64, i64, i64, String)> = sqlx::query_as(&format!(
            "SELECT s.id, s.shopper_id, s.merchant_id, m.name FROM shipments s JOIN merchants m ON m.id = s.merchant_id \
             WHERE s.id = {SHIPMENT_OF_TOKEN} AND s.shopper_id IS NOT NULL"
        ))
        .bind(token_hash(token))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(shipment, shopper, merchant, shop_name)| ShopperOfToken {
            shipment: ShipmentId(shipment),
            shopper: ShopperId(shopper),
            merchant: MerchantId(merchant),
            shop_name,
        }))
    }

    async fn merchant_named(&self, slug: &str) -> Result<Option<(MerchantId, String)>, StorageError> {
        let row: Option<(i64, String)> = sqlx::query_as("SELECT id, name FROM merchants WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(id, name)| (MerchantId(id), name)))
    }

    async fn board(
        &self,
        merchant: MerchantId,
        board: Board,
        season: Season,
        me: Option<ShopperId>,
        limit: i64,
    ) -> Result<BoardPage, StorageError> {
        let key = board_key(board, season);
        let rows: Vec<(i64, i64, Option<String>)> = sqlx::query_as(
            "SELECT ls.shopper_id, ls.points, sh.display_name FROM loyalty_scores ls \
             JOIN shoppers sh ON sh.id = ls.shopper_id \
             WHERE ls.merchant_id = $1 AND ls.season = $2 ORDER BY ls.points DESC, ls.shopper_id LIMIT $3",
        )
        .bind(merchant.0)
        .bind(&key)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut top: Vec<LeaderRow> = Vec::with_capacity(rows.len());
        for (i, (shopper, points, chosen)) in rows.into_iter().enumerate() {
            // Ties share a rank: 1, 2, 2, 4.
            let rank = match top.last() {
                Some(previous) if previous.points == points => previous.rank,
                _ => i as i64 + 1,
            };
            let is_me = me == Some(ShopperId(shopper));
            top.push(LeaderRow { rank, name: shown_name(shopper, chosen), points, is_me });
        }
        let ranked: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM loyalty_scores WHERE merchant_id = $1 AND season = $2")
                .bind(merchant.0)
                .bind(&key)
                .fetch_one(&self.pool)
                .await?;
        let me = match me {
            None => None,
            Some(shopper) => Some(self.standing(merchant, &key, shopper).await?),
        };
        Ok(BoardPage { top, ranked, me })
    }

    async fn mission_counts(&self, shopper: ShopperId, season: Season) -> Result<Vec<(Mission, u32)>, StorageError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT mission, COUNT(*) FROM awards WHERE shopper_id = $1 AND season = $2 AND mission IS NOT NULL \
             GROUP BY mission",
        )
        .bind(shopper.0)
        .bind(season.code())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(code, n)| Some((Mission::from_code(&code)?, u32::try_from(n).unwrap_or(u32::MAX))))
            .collect())
    }

    async fn shopper_rewards(
        &self,
        shopper: ShopperId,
        shipment: ShipmentId,
        season: Season,
        shop_name: String,
    ) -> Result<ShopperRewardsView, StorageError> {
        let (merchant, chosen): (i64, Option<String>) =
            sqlx::query_as("SELECT merchant_id, display_name FROM shoppers WHERE id = $1")
                .bind(shopper.0)
                .fetch_one(&self.pool)
                .await?;
        let merchant = MerchantId(merchant);
        let rewards: Vec<AwardRow> = sqlx::query_as(&format!(
            "SELECT {AWARD_COLUMNS} FROM awards WHERE shopper_id = $1 AND shipment_id = $2 \
             AND kind IN ('coupon', 'vip_invite') ORDER BY id DESC LIMIT 50"
        ))
        .bind(shopper.0)
        .bind(shipment.0)
        .fetch_all(&self.pool)
        .await?;
        let ledger: Vec<(i64, Option<String>, Option<String>, DateTime<Utc>)> = sqlx::query_as(
            "SELECT pl.points, a.trigger, pl.mission, pl.created_at FROM points_ledger pl \
             LEFT JOIN awards a ON a.id = pl.award_id WHERE pl.shopper_id = $1 ORDER BY pl.id DESC LIMIT 30",
        )
        .bind(shopper.0)
        .fetch_all(&self.pool)
        .await?;
        let ledger = ledger
            .into_iter()
            .filter_map(|(points, trigger, mission, at)| {
                let reason = match (trigger, mission) {
                    (Some(trigger), _) => LedgerReason::Award(serde_json::from_str(&trigger).ok()?),
                    (None, Some(mission)) => LedgerReason::Mission(Mission::from_code(&mission)?),
                    (None, None) => return None,
                };
                Some(LedgerLine { points, reason, at })
            })
            .collect();
        Ok(ShopperRewardsView {
            shop_name,
            points: self.score(merchant, ALL_TIME, shopper).await?.unwrap_or(0),
            season_points: self.score(merchant, &season.code(), shopper).await?.unwrap_or(0),
            season,
            badges: self.badges_of(shopper.0).await?,
            rewards: rewards.into_iter().map(award).collect::<Result<_, _>>()?,
            ledger,
            missions: Vec::new(),
            name: shown_name(shopper.0, chosen),
            masked_as: masked_name(shopper.0),
            season_rank: None,
            all_time_rank: None,
        })
    }
}
