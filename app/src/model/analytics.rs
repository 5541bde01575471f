//! What the console's analytics pages show: the WISMO measures per week, customs dwell per lane,
//! and the orders behind a measure's week. Charts arrive drawn (SVG markup rendered on the
//! server by `console::charts`), so no chart code ships to the browser.

use crate::domain::feedback::{LaneRatings, RatingWeek, ThemeShare};
use crate::domain::performance::{CountryCustoms, LanePerformance, ProblemCount};
use crate::domain::wismo::{Measure, WeekFigures};
use crate::domain::FieldError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The dashboard's filters as the seller set them (query string and form): every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WismoFilter {
    /// First and last day to include (whole weeks, Monday to Sunday, are shown).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// `CN-US`.
    pub lane: Option<String>,
    pub carrier: Option<String>,
    pub service: Option<String>,
}

impl WismoFilter {
    /// The filter a query string names (`get` reads one field); a value that cannot be read
    /// names its field.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Result<Self, FieldError> {
        let date = |field: &'static str| -> Result<Option<NaiveDate>, FieldError> {
            match get(field).as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(day) => day
                    .parse::<NaiveDate>()
                    .map(Some)
                    .map_err(|_| FieldError::new(field, "must be a date as YYYY-MM-DD")),
            }
        };
        let text = |field: &str| get(field).filter(|v| !v.trim().is_empty());
        Ok(Self {
            from: date("from")?,
            to: date("to")?,
            lane: text("lane"),
            carrier: text("carrier"),
            service: text("service"),
        })
    }

    /// The filter as a query string (without `?`), for links that keep it.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        let mut add = |name: &str, value: Option<String>| {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                parts.push(format!("{name}={}", urlencoding_lite(&value)));
            }
        };
        add("from", self.from.map(|d| d.to_string()));
        add("to", self.to.map(|d| d.to_string()));
        add("lane", self.lane.clone());
        add("carrier", self.carrier.clone());
        add("service", self.service.clone());
        parts.join("&")
    }
}

/// Percent-encodes everything but unreserved characters (enough for filter values).
fn urlencoding_lite(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The filters' choices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterChoices {
    pub lanes: Vec<String>,
    pub carriers: Vec<String>,
    pub services: Vec<String>,
}

/// Customs dwell on one lane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneDwellRow {
    pub lane: String,
    pub cleared: i64,
    pub p50_hours: i64,
    pub p90_hours: i64,
}

/// The journey page's contacts made at one stage (the furthest milestone reached then), and
/// how long the page had been silent when the shopper asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageContactsRow {
    pub stage: crate::domain::Milestone,
    pub contacts: i64,
    pub silence_p50_hours: i64,
}

/// The measures over the filter's weeks, as the server counted them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WismoFigures {
    Counted {
        /// The Mondays of the first and last week shown.
        first_week: NaiveDate,
        last_week: NaiveDate,
        /// Oldest first.
        weeks: Vec<WeekFigures>,
        lane_dwell: Vec<LaneDwellRow>,
        /// Where in the journey the journey page's contacts were made, in journey order.
        contact_stages: Vec<StageContactsRow>,
        choices: FilterChoices,
    },
    /// A filter field could not be read.
    Refused(FieldError),
}

/// One measure's chart, drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureChart {
    pub measure: Measure,
    pub svg: String,
}

/// The dashboard page's data: the figures and their charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WismoDashboard {
    pub figures: WismoFigures,
    pub charts: Vec<MeasureChart>,
    pub lane_dwell_chart: Option<String>,
    pub stages_chart: Option<String>,
}

/// Carrier and lane performance over the filter's weeks (orders placed in them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PerformanceFigures {
    Counted {
        first_week: NaiveDate,
        last_week: NaiveDate,
        /// Worst first.
        lanes: Vec<LanePerformance>,
        /// Most first.
        problems: Vec<ProblemCount>,
        /// Worst first.
        customs: Vec<CountryCustoms>,
        choices: FilterChoices,
    },
    Refused(FieldError),
}

/// The performance page's data: the figures and their charts, drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PerformanceDashboard {
    pub figures: PerformanceFigures,
    pub transit_chart: Option<String>,
    pub on_time_chart: Option<String>,
    pub problems_chart: Option<String>,
    pub customs_chart: Option<String>,
}

/// Ratings and comments over the filter's weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FeedbackFigures {
    Counted {
        first_week: NaiveDate,
        last_week: NaiveDate,
        /// Oldest first.
        weeks: Vec<RatingWeek>,
        /// Worst first.
        lanes: Vec<LaneRatings>,
        /// Most-mentioned first.
        themes: Vec<ThemeShare>,
        /// Comments read, and whether there were more than the page reads.
        comments: i64,
        capped: bool,
        choices: FilterChoices,
    },
    Refused(FieldError),
}

/// The feedback page's data: the figures and their charts, drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackDashboard {
    pub figures: FeedbackFigures,
    pub delivery_chart: Option<String>,
    pub tracking_chart: Option<String>,
    pub themes_chart: Option<String>,
}

/// How shoppers used the journey pages of the filter's orders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EngagementFigures {
    Counted {
        first_week: NaiveDate,
        last_week: NaiveDate,
        engagement: crate::domain::engagement::Engagement,
        choices: FilterChoices,
    },
    Refused(FieldError),
}

/// The engagement page's data: the figures and their charts, drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngagementDashboard {
    pub figures: EngagementFigures,
    pub funnel_chart: Option<String>,
    pub views_chart: Option<String>,
}

/// An order behind a measure's week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderBehindRow {
    pub tracking_number: String,
    pub order_ref: Option<String>,
    pub lane: String,
    pub carrier: String,
    pub service: String,
    pub ordered_at: DateTime<Utc>,
    pub hours: Option<i64>,
    /// The contact's category or the dispute's reason, as its code.
    pub about: Option<String>,
}

/// What a shopper's delivery problem report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DisputeFiled {
    Filed,
    /// The journey's problem was reported before (one report per journey).
    AlreadyFiled,
    /// Only a delivered parcel can be reported as not received or damaged.
    NotDelivered,
    UnknownJourney,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_keeps_its_values_in_links() {
        let filter = WismoFilter {
            from: NaiveDate::from_ymd_opt(2026, 10, 5),
            lane: Some("CN-US".into()),
            carrier: Some("dhl express".into()),
            ..Default::default()
        };
        assert_eq!(filter.query(), "from=2026-10-05&lane=CN-US&carrier=dhl%20express");
        assert_eq!(WismoFilter::default().query(), "");
    }
}
