//! `/console/analytics/performance`: carrier and lane performance over the orders placed in the
//! filter's weeks: transit p50/p90, the promised window kept, first delivery attempts and
//! problems per lane and carrier (worst first), problems by first cause, customs holds and
//! dwell per destination country. Same filters as the WISMO dashboard, charts drawn on the
//! server like its charts.

use super::analytics::{filter_of, FilterForm, Refusal, ANALYTICS_PATH};
use crate::domain::performance::{CountryCustoms, LanePerformance, ProblemCount, Share};
use crate::errors::ServerError;
use crate::i18n::analytics::{analytics_text, AnalyticsText as A};
use crate::i18n::countries::country_name;
use crate::i18n::datetime::format_date;
use crate::i18n::performance::{cause_label, performance_text, PerformanceText as P};
use crate::i18n::template::fill;
use crate::i18n::{use_locale, Text};
use crate::model::analytics::{FilterChoices, PerformanceDashboard, PerformanceFigures, WismoFilter};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub const PERFORMANCE_PATH: &str = "/console/analytics/performance";

#[server(prefix = "/console/api", endpoint = "analytics/performance")]
pub async fn carrier_lane_performance(
    filter: WismoFilter,
    lang: String,
) -> Result<PerformanceDashboard, ServerFnError> {
    let (console, who) = super::desk()?;
    let locale = crate::i18n::Locale::from_tag(&lang).unwrap_or_default();
    let figures = console.performance(&who, &filter).await.map_err(super::failed)?;
    Ok(drawn::dashboard(locale, figures))
}

/// A share as the tables write it: "92 %", or `none` when there was nothing to count.
fn percent_text(share: Share, none: &str) -> String {
    share.percent().map_or_else(|| none.to_owned(), |p| format!("{p:.0} %"))
}

fn lane_label(lane: &LanePerformance) -> String {
    format!("{} · {}", lane.lane, lane.carrier)
}

#[cfg(feature = "ssr")]
mod drawn {
    //! The page's charts.
    use super::*;
    use crate::console::charts::{bar_rows, range_rows, BarRow, ChartWords, RangeRow};

    /// How many lanes and countries the charts draw (the tables list them all).
    const CHARTED: usize = 12;

    pub fn dashboard(locale: crate::i18n::Locale, figures: PerformanceFigures) -> PerformanceDashboard {
        let PerformanceFigures::Counted { lanes, problems, customs, .. } = &figures else {
            return PerformanceDashboard {
                figures,
                transit_chart: None,
                on_time_chart: None,
                problems_chart: None,
                customs_chart: None,
            };
        };
        let text = |key| performance_text(locale, key);
        let words = |id: &str, title: P, description: P, rows: &[String], value_axis: String, category_axis: String| {
            ChartWords {
                id: id.to_owned(),
                title: text(title).to_owned(),
                description: fill(text(description), &[("rows", &rows.join("; "))]),
                value_axis,
                category_axis,
                baseline: String::new(),
            }
        };
        let legend = (analytics_text(locale, A::MedianMark), analytics_text(locale, A::P90Mark));

        let timed: Vec<RangeRow> = lanes
            .iter()
            .filter_map(|l| {
                Some(RangeRow {
                    label: lane_label(l),
                    p50: l.transit_p50_hours? as f64,
                    p90: l.transit_p90_hours? as f64,
                })
            })
            .take(CHARTED)
            .collect();
        let transit_chart = (!timed.is_empty()).then(|| {
            let described: Vec<String> =
                timed.iter().map(|r| format!("{} {} h / {} h", r.label, r.p50, r.p90)).collect();
            let words = words(
                "chart-transit",
                P::TransitTitle,
                P::TransitDescription,
                &described,
                text(P::HoursAxis).to_owned(),
                text(P::LaneCarrier).to_owned(),
            );
            range_rows(&words, &timed, legend)
        });

        let punctual: Vec<BarRow> = lanes
            .iter()
            .filter_map(|l| {
                Some(BarRow {
                    label: lane_label(l),
                    value: l.on_time.percent()?,
                    note: format!("{} · {}/{}", percent_text(l.on_time, ""), l.on_time.counted, l.on_time.of),
                })
            })
            .take(CHARTED)
            .collect();
        let on_time_chart = (!punctual.is_empty()).then(|| {
            let described: Vec<String> = punctual.iter().map(|r| format!("{} {}", r.label, r.note)).collect();
            let words = words(
                "chart-on-time",
                P::OnTimeTitle,
                P::OnTimeDescription,
                &described,
                text(P::PercentAxis).to_owned(),
                text(P::LaneCarrier).to_owned(),
            );
            bar_rows(&words, &punctual)
        });

        let orders: i64 = lanes.iter().map(|l| l.orders).sum();
        let causes: Vec<BarRow> = problems
            .iter()
            .map(|p| {
                let share = Share { counted: p.orders, of: orders };
                BarRow {
                    label: cause_label(locale, p.cause).to_owned(),
                    value: share.percent().unwrap_or(0.0),
                    note: format!("{} · {}", percent_text(share, ""), p.orders),
                }
            })
            .collect();
        let problems_chart = (!causes.is_empty()).then(|| {
            let described: Vec<String> = causes.iter().map(|r| format!("{} {}", r.label, r.note)).collect();
            let words = words(
                "chart-problems",
                P::ProblemsTitle,
                P::ProblemsDescription,
                &described,
                text(P::PercentAxis).to_owned(),
                text(P::Cause).to_owned(),
            );
            bar_rows(&words, &causes)
        });

        let dwelled: Vec<RangeRow> = customs
            .iter()
            .filter_map(|c| {
                Some(RangeRow {
                    label: c.country.clone(),
                    p50: c.dwell_p50_hours? as f64,
                    p90: c.dwell_p90_hours? as f64,
                })
            })
            .take(CHARTED)
            .collect();
        let customs_chart = (!dwelled.is_empty()).then(|| {
            let described: Vec<String> = dwelled
                .iter()
                .map(|r| format!("{} {} h / {} h", country_name(locale, &r.label), r.p50, r.p90))
                .collect();
            let words = words(
                "chart-customs",
                P::CustomsTitle,
                P::CustomsDescription,
                &described,
                analytics_text(locale, A::HoursAxis).to_owned(),
                text(P::Country).to_owned(),
            );
            range_rows(&words, &dwelled, legend)
        });

        PerformanceDashboard { figures, transit_chart, on_time_chart, problems_chart, customs_chart }
    }
}

#[component]
pub fn PerformancePage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| performance_text(locale, key);
    let query = use_query_map();
    let filter = move || filter_of(&query.read());
    let dashboard = Resource::new(filter, move |filter| async move {
        match filter {
            Ok(filter) => carrier_lane_performance(filter, locale.tag().to_owned()).await,
            Err(refused) => Ok(PerformanceDashboard {
                figures: PerformanceFigures::Refused(refused),
                transit_chart: None,
                on_time_chart: None,
                problems_chart: None,
                customs_chart: None,
            }),
        }
    });
    view! {
        <Title text=text(P::NavPerformance)/>
        <section class="console-page analytics performance">
            <h1>{text(P::NavPerformance)}</h1>
            <p class="tagline">{text(P::Intro)}</p>
            <Suspense fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let filter = filter().unwrap_or_default();
                    match dashboard.await {
                        Ok(dashboard) => view! { <Performance dashboard filter/> }.into_any(),
                        Err(_) => view! { <ServerError/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Performance(dashboard: PerformanceDashboard, filter: WismoFilter) -> impl IntoView {
    let locale = use_locale();
    let PerformanceDashboard { figures, transit_chart, on_time_chart, problems_chart, customs_chart } = dashboard;
    let (first_week, last_week, lanes, problems, customs, choices) = match figures {
        PerformanceFigures::Counted { first_week, last_week, lanes, problems, customs, choices } => {
            (first_week, last_week, lanes, problems, customs, choices)
        }
        PerformanceFigures::Refused(refused) => {
            return view! {
                <FilterForm filter choices=FilterChoices::default() action=PERFORMANCE_PATH/>
                <Refusal refused/>
            }
            .into_any();
        }
    };
    let span = fill(
        analytics_text(locale, A::Span),
        &[("from", &format_date(locale, first_week)), ("to", &format_date(locale, last_week + chrono::Days::new(6)))],
    );
    let orders: i64 = lanes.iter().map(|l| l.orders).sum();
    view! {
        <FilterForm filter=filter.clone() choices action=PERFORMANCE_PATH/>
        <p class="analytics-span">{span}</p>
        <Lanes lanes filter transit_chart on_time_chart/>
        <Problems problems orders chart=problems_chart/>
        <Customs customs chart=customs_chart/>
    }
    .into_any()
}

#[component]
fn Lanes(
    lanes: Vec<LanePerformance>,
    filter: WismoFilter,
    transit_chart: Option<String>,
    on_time_chart: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| performance_text(locale, key);
    if lanes.is_empty() {
        return view! {
            <section class="card" aria-labelledby="lanes-title">
                <h2 id="lanes-title">{text(P::LanesTitle)}</h2>
                <p class="console-empty">{text(P::LanesNone)}</p>
            </section>
        }
        .into_any();
    }
    let hours = |h: Option<i64>| h.map(|h| h.to_string()).unwrap_or_else(|| "–".to_owned());
    let rows = lanes
        .into_iter()
        .map(|lane| {
            let scoped = WismoFilter { lane: Some(lane.lane.to_string()), carrier: Some(lane.carrier.clone()), ..filter.clone() };
            let href = format!("{ANALYTICS_PATH}?{}", scoped.query());
            let label = lane_label(&lane);
            view! {
                <tr data-testid="performance-lane" data-lane=lane.lane.to_string() data-carrier=lane.carrier.clone()>
                    <th scope="row"><a href=href aria-label=format!("{label}: {}", text(P::ShowLane))>{label.clone()}</a></th>
                    <td data-label=text(P::Orders)>{lane.orders}</td>
                    <td data-label=text(P::Delivered)>{lane.delivered}</td>
                    <td data-label=text(P::TransitMedian)>{hours(lane.transit_p50_hours)}</td>
                    <td data-label=text(P::TransitP90)>{hours(lane.transit_p90_hours)}</td>
                    <td data-label=text(P::OnTime) data-testid="on-time">{percent_text(lane.on_time, text(P::NoWindow))}</td>
                    <td data-label=text(P::FirstAttempt)>{percent_text(lane.first_attempt, "–")}</td>
                    <td data-label=text(P::WithProblem)>{percent_text(lane.with_problem, "–")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card performance-lanes" aria-labelledby="lanes-title">
            <h2 id="lanes-title">{text(P::LanesTitle)}</h2>
            <div class="chart-pair">
                {transit_chart.map(|svg| view! { <figure class="chart-figure"><figcaption>{text(P::TransitTitle)}</figcaption><div class="chart" inner_html=svg></div></figure> })}
                <figure class="chart-figure">
                    <figcaption>{text(P::OnTimeTitle)}</figcaption>
                    {on_time_chart.map(|svg| view! { <div class="chart" inner_html=svg></div> })}
                    <p class="measure-explain">{text(P::OnTimeIntro)}</p>
                </figure>
            </div>
            <div class="table-scroll">
                <table class="console-table compact">
                    <caption class="sr-only">{text(P::LanesTitle)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{text(P::LaneCarrier)}</th>
                            <th scope="col">{text(P::Orders)}</th>
                            <th scope="col">{text(P::Delivered)}</th>
                            <th scope="col">{text(P::TransitMedian)}</th>
                            <th scope="col">{text(P::TransitP90)}</th>
                            <th scope="col">{text(P::OnTime)}</th>
                            <th scope="col">{text(P::FirstAttempt)}</th>
                            <th scope="col">{text(P::WithProblem)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn Problems(problems: Vec<ProblemCount>, orders: i64, chart: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| performance_text(locale, key);
    let body = if problems.is_empty() {
        view! { <p class="console-empty">{text(P::ProblemsNone)}</p> }.into_any()
    } else {
        let rows = problems
            .into_iter()
            .map(|p| {
                view! {
                    <tr data-cause=p.cause.code()>
                        <th scope="row">{cause_label(locale, p.cause)}</th>
                        <td data-label=text(P::Orders)>{p.orders}</td>
                        <td data-label=text(P::ShareOfOrders)>{percent_text(Share { counted: p.orders, of: orders }, "–")}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {chart.map(|svg| view! { <div class="chart" inner_html=svg></div> })}
            <details>
                <summary>{analytics_text(locale, A::TableSummary)}</summary>
                <div class="table-scroll">
                    <table class="console-table compact">
                        <caption class="sr-only">{text(P::ProblemsTitle)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{text(P::Cause)}</th>
                                <th scope="col">{text(P::Orders)}</th>
                                <th scope="col">{text(P::ShareOfOrders)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        }
        .into_any()
    };
    view! {
        <section class="card performance-problems" aria-labelledby="problems-title">
            <h2 id="problems-title">{text(P::ProblemsTitle)}</h2>
            <p class="measure-explain">{text(P::ProblemsIntro)}</p>
            {body}
        </section>
    }
}

#[component]
fn Customs(customs: Vec<CountryCustoms>, chart: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| performance_text(locale, key);
    let body = if customs.is_empty() {
        view! { <p class="console-empty">{text(P::CustomsNone)}</p> }.into_any()
    } else {
        let hours = |h: Option<i64>| h.map(|h| h.to_string()).unwrap_or_else(|| "–".to_owned());
        let rows = customs
            .into_iter()
            .map(|c| {
                view! {
                    <tr data-testid="customs-country" data-country=c.country.clone()>
                        <th scope="row">{country_name(locale, &c.country)}</th>
                        <td data-label=text(P::Shipped)>{c.held.of}</td>
                        <td data-label=text(P::Held)>{format!("{} · {}", c.held.counted, percent_text(c.held, "–"))}</td>
                        <td data-label=analytics_text(locale, A::Cleared)>{c.cleared}</td>
                        <td data-label=text(P::DwellMedian)>{hours(c.dwell_p50_hours)}</td>
                        <td data-label=text(P::DwellP90)>{hours(c.dwell_p90_hours)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {chart.map(|svg| view! { <div class="chart" inner_html=svg></div> })}
            <div class="table-scroll">
                <table class="console-table compact">
                    <caption class="sr-only">{text(P::CustomsTitle)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{text(P::Country)}</th>
                            <th scope="col">{text(P::Shipped)}</th>
                            <th scope="col">{text(P::Held)}</th>
                            <th scope="col">{analytics_text(locale, A::Cleared)}</th>
                            <th scope="col">{text(P::DwellMedian)}</th>
                            <th scope="col">{text(P::DwellP90)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card performance-customs" aria-labelledby="customs-title">
            <h2 id="customs-title">{text(P::CustomsTitle)}</h2>
            <p class="measure-explain">{text(P::CustomsIntro)}</p>
            {body}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_read_as_whole_percents_or_say_there_was_nothing() {
        assert_eq!(percent_text(Share { counted: 2, of: 3 }, "–"), "67 %");
        assert_eq!(percent_text(Share { counted: 0, of: 0 }, "no window yet"), "no window yet");
    }
}
