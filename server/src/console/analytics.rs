//! The console's analytics on the signed-in user's merchant: the filter read into a
//! [`MeasureScope`] (parse, don't validate), then the storage's weekly counts.

use super::services::ConsoleDesk;
use crate::storage::{MeasureScope, MerchantId, StorageError};
use app::console::SignedIn;
use app::domain::feedback::theme_shares;
use app::domain::wismo::{LaneCode, Measure, Week, BASELINE_WEEKS};
use app::domain::FieldError;
use app::model::analytics::{
    EngagementFigures, FeedbackFigures, FilterChoices, LaneDwellRow, OrderBehindRow, PerformanceFigures,
    StageContactsRow, WismoFigures, WismoFilter,
};
use chrono::{DateTime, NaiveDate, Utc};

/// The longest span the dashboard counts at once.
pub const MAX_WEEKS: i64 = 53;

/// How many of the newest comments the feedback page reads for its themes (the CSV export
/// has them all).
const COMMENTS_READ: i64 = 20_000;

/// How many orders a drill-down lists.
const ORDERS_LISTED: i64 = 500;

/// The filter as a scope: by default the current week and the [`BASELINE_WEEKS`] before it.
pub fn scope_of(merchant: MerchantId, filter: &WismoFilter, now: DateTime<Utc>) -> Result<MeasureScope, FieldError> {
    let to = filter.to.map_or_else(|| Week::of(now), Week::of_date);
    let from = filter.from.map_or(Week(to.0 - BASELINE_WEEKS as i64), Week::of_date);
    if from > to {
        return Err(FieldError::new("from", "must be on or before the last day"));
    }
    if to.0 - from.0 >= MAX_WEEKS {
        return Err(FieldError::new("from", format!("at most {MAX_WEEKS} weeks at once")));
    }
    let text = |field: &str, value: &Option<String>| -> Result<Option<String>, FieldError> {
        match value.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(v) if v.len() > 64 || v.chars().any(char::is_control) => {
                Err(FieldError::new(field, "at most 64 printable characters"))
            }
            Some(v) => Ok(Some(v.to_owned())),
        }
    };
    let lane =
        text("lane", &filter.lane)?.map(|l| LaneCode::parse(&l).map_err(|e| FieldError::new("lane", e))).transpose()?;
    Ok(MeasureScope {
        merchant,
        from,
        to,
        lane,
        carrier: text("carrier", &filter.carrier)?,
        service: text("service", &filter.service)?,
    })
}

impl ConsoleDesk {
    pub(super) async fn wismo_figures(
        &self,
        who: &SignedIn,
        filter: &WismoFilter,
    ) -> Result<WismoFigures, StorageError> {
        let now = Utc::now();
        let scope = match scope_of(MerchantId(who.merchant_id), filter, now) {
            Ok(scope) => scope,
            Err(refused) => return Ok(WismoFigures::Refused(refused)),
        };
        let storage = &self.state.storage;
        let weeks = storage.week_figures(&scope, now).await?;
        let lane_dwell = storage
            .customs_dwell_by_lane(&scope)
            .await?
            .into_iter()
            .map(|d| LaneDwellRow {
                lane: d.lane.to_string(),
                cleared: d.cleared,
                p50_hours: d.p50_hours,
                p90_hours: d.p90_hours,
            })
            .collect();
        let contact_stages = storage
            .contacts_by_stage(&scope)
            .await?
            .into_iter()
            .map(|c| StageContactsRow { stage: c.stage, contacts: c.contacts, silence_p50_hours: c.silence_p50_hours })
            .collect();
        Ok(WismoFigures::Counted {
            first_week: scope.from.monday(),
            last_week: scope.to.monday(),
            weeks,
            lane_dwell,
            contact_stages,
            choices: self.choices(&scope).await?,
        })
    }

    pub(super) async fn performance_figures(
        &self,
        who: &SignedIn,
        filter: &WismoFilter,
    ) -> Result<PerformanceFigures, StorageError> {
        let scope = match scope_of(MerchantId(who.merchant_id), filter, Utc::now()) {
            Ok(scope) => scope,
            Err(refused) => return Ok(PerformanceFigures::Refused(refused)),
        };
        let storage = &self.state.storage;
        Ok(PerformanceFigures::Counted {
            first_week: scope.from.monday(),
            last_week: scope.to.monday(),
            lanes: storage.lane_performance(&scope).await?,
            problems: storage.problems_by_cause(&scope).await?,
            customs: storage.customs_by_country(&scope).await?,
            choices: self.choices(&scope).await?,
        })
    }

    pub(super) async fn feedback_figures(
        &self,
        who: &SignedIn,
        filter: &WismoFilter,
    ) -> Result<FeedbackFigures, StorageError> {
        let scope = match scope_of(MerchantId(who.merchant_id), filter, Utc::now()) {
            Ok(scope) => scope,
            Err(refused) => return Ok(FeedbackFigures::Refused(refused)),
        };
        let storage = &self.state.storage;
        let comments = storage.comments(&scope, COMMENTS_READ + 1).await?;
        let capped = comments.len() as i64 > COMMENTS_READ;
        let comments = &comments[..comments.len().min(COMMENTS_READ as usize)];
        Ok(FeedbackFigures::Counted {
            first_week: scope.from.monday(),
            last_week: scope.to.monday(),
            weeks: storage.rating_weeks(&scope).await?,
            lanes: storage.ratings_by_lane(&scope).await?,
            themes: theme_shares(comments, scope.to),
            comments: comments.len() as i64,
            capped,
            choices: self.choices(&scope).await?,
        })
    }

    pub(super) async fn engagement_figures(
        &self,
        who: &SignedIn,
        filter: &WismoFilter,
    ) -> Result<EngagementFigures, StorageError> {
        let scope = match scope_of(MerchantId(who.merchant_id), filter, Utc::now()) {
            Ok(scope) => scope,
            Err(refused) => return Ok(EngagementFigures::Refused(refused)),
        };
        Ok(EngagementFigures::Counted {
            first_week: scope.from.monday(),
            last_week: scope.to.monday(),
            engagement: self.state.storage.engagement(&scope).await?,
            choices: self.choices(&scope).await?,
        })
    }

    async fn choices(&self, scope: &MeasureScope) -> Result<FilterChoices, StorageError> {
        let options = self.state.storage.scope_options(scope).await?;
        Ok(FilterChoices {
            lanes: options.lanes.iter().map(ToString::to_string).collect(),
            carriers: options.carriers,
            services: options.services,
        })
    }

    pub(super) async fn orders_behind_week(
        &self,
        who: &SignedIn,
        filter: &WismoFilter,
        measure: Measure,
        week: Option<NaiveDate>,
    ) -> Result<Vec<OrderBehindRow>, StorageError> {
        let now = Utc::now();
        let Ok(mut scope) = scope_of(MerchantId(who.merchant_id), filter, now) else { return Ok(Vec::new()) };
        if let Some(week) = week.map(Week::of_date) {
            (scope.from, scope.to) = (week, week);
        }
        let rows = self.state.storage.orders_behind(&scope, measure, now, ORDERS_LISTED).await?;
        Ok(rows
            .into_iter()
            .map(|o| OrderBehindRow {
                tracking_number: o.tracking_number,
                order_ref: o.order_ref,
                lane: o.lane.to_string(),
                carrier: o.carrier,
                service: o.service,
                ordered_at: o.ordered_at,
                hours: o.hours,
                about: o.about,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_default_scope_is_this_week_and_the_eight_before() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
        let scope = scope_of(MerchantId(1), &WismoFilter::default(), now).unwrap();
        assert_eq!(scope.to.monday(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(scope.to.0 - scope.from.0, 8);
    }

    #[test]
    fn a_bad_filter_names_its_field() {
        let now = Utc::now();
        let backwards = WismoFilter {
            from: NaiveDate::from_ymd_opt(2026, 12, 1),
            to: NaiveDate::from_ymd_opt(2026, 11, 1),
            ..Default::default()
        };
        assert_eq!(scope_of(MerchantId(1), &backwards, now).unwrap_err().field, "from");
        let lane = WismoFilter { lane: Some("China to US".into()), ..Default::default() };
        assert_eq!(scope_of(MerchantId(1), &lane, now).unwrap_err().field, "lane");
        let long = WismoFilter { from: NaiveDate::from_ymd_opt(2020, 1, 1), ..Default::default() };
        assert!(scope_of(MerchantId(1), &long, now).is_err());
    }
}
