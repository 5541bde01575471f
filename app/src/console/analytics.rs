//! `/console/analytics`: the five WISMO measures per week (seed 002 §5), each as a chart with
//! its figures in a table, this week against the mean of the eight before, and each week
//! drillable to the orders behind it (`/console/analytics/orders`); customs dwell per lane.
//! Filters (dates, lane, carrier, service) are the page's query, so a view can be bookmarked
//! and works before the wasm loads. Charts are drawn on the server (`charts`, server-only)
//! and arrive as SVG markup.

use crate::domain::wismo::{Measure, Trend, Week, WeekFigures};
use crate::domain::FieldError;
use crate::errors::ServerError;
use crate::i18n::analytics::{analytics_text, measure_explanation, measure_label, measure_unit, AnalyticsText as A};
use crate::i18n::datetime::format_date;
use crate::i18n::help::{category_label, dispute_reason_label};
use crate::i18n::template::fill;
use crate::i18n::{milestone_label, use_locale, Locale, Text};
use crate::model::analytics::{
    FilterChoices, LaneDwellRow, OrderBehindRow, StageContactsRow, WismoDashboard, WismoFigures, WismoFilter,
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

pub const ANALYTICS_PATH: &str = "/console/analytics";
pub const ORDERS_BEHIND_PATH: &str = "/console/analytics/orders";

/// The measures and their charts, drawn in the reader's language.
#[server(prefix = "/console/api", endpoint = "analytics/wismo")]
pub async fn wismo_measures(filter: WismoFilter, lang: String) -> Result<WismoDashboard, ServerFnError> {
    let (console, who) = super::desk()?;
    let locale = Locale::from_tag(&lang).unwrap_or_default();
    let figures = console.wismo(&who, &filter).await.map_err(super::failed)?;
    Ok(drawn::dashboard(locale, figures))
}

#[server(prefix = "/console/api", endpoint = "analytics/orders")]
pub async fn orders_behind(
    filter: WismoFilter,
    measure: String,
    week: Option<NaiveDate>,
) -> Result<Vec<OrderBehindRow>, ServerFnError> {
    let (console, who) = super::desk()?;
    let measure = Measure::parse(&measure).map_err(|_| super::not_found("such measure"))?;
    console.orders_behind(&who, &filter, measure, week).await.map_err(super::failed)
}

/// The filter the page's query sets; a value that cannot be read names its field.
pub fn filter_of(query: &ParamsMap) -> Result<WismoFilter, FieldError> {
    WismoFilter::from_query(|field| query.get(field))
}

/// The link to the orders behind a measure, in one week or all of the filter's.
pub fn orders_href(filter: &WismoFilter, measure: Measure, week: Option<NaiveDate>) -> String {
    let mut query = format!("measure={}", measure.code());
    if let Some(week) = week {
        query.push_str(&format!("&week={week}"));
    }
    let kept = filter.query();
    if !kept.is_empty() {
        query.push('&');
        query.push_str(&kept);
    }
    format!("{ORDERS_BEHIND_PATH}?{query}")
}

/// A measure's value with its unit, as the cards and tables write it.
fn value_text(value: Option<f64>) -> Option<String> {
    value.map(|v| if (v - v.round()).abs() < 0.05 { format!("{}", v.round() as i64) } else { format!("{v:.1}") })
}

/// What a week's value was counted from: "3 / 120" (contacts of orders) and the like.
fn counted_text(week: &WeekFigures, measure: Measure) -> String {
    match measure {
        Measure::ContactRate => format!("{} / {}", week.contacts, week.orders),
        Measure::FirstScan => week.scanned.to_string(),
        Measure::ScanGaps => format!("{} / {}", week.gapped, week.scanned),
        Measure::CustomsDwell => week.cleared_customs.to_string(),
        Measure::DisputeRate => format!("{} / {}", week.disputes, week.delivered),
    }
}

/// The trend in words and a sign that does not rely on colour: ▲ worse, ▼ better, ● steady
/// (within 5 %).
fn trend_text(locale: Locale, trend: &Trend) -> Option<(String, &'static str)> {
    let change = trend.change_percent()?;
    let percent = format!("{:.0}", change.abs());
    Some(if change >= 5.0 {
        (fill(analytics_text(locale, A::Worse), &[("percent", &percent)]), "worse")
    } else if change <= -5.0 {
        (fill(analytics_text(locale, A::Better), &[("percent", &percent)]), "better")
    } else {
        (analytics_text(locale, A::Steady).to_owned(), "steady")
    })
}

#[cfg(feature = "ssr")]
mod drawn {
    //! The dashboard's figures and their charts.
    use super::*;
    use crate::console::charts::{bar_rows, range_rows, week_columns, BarRow, ChartWords, RangeRow};
    use crate::i18n::datetime::format_day_month;
    use crate::model::analytics::MeasureChart;

    pub fn dashboard(locale: Locale, figures: WismoFigures) -> WismoDashboard {
        let WismoFigures::Counted { weeks, lane_dwell, contact_stages, .. } = &figures else {
            return WismoDashboard { figures, charts: Vec::new(), lane_dwell_chart: None, stages_chart: None };
        };
        let text = |key| analytics_text(locale, key);
        let charts = Measure::ALL
            .into_iter()
            .map(|measure| {
                let columns: Vec<(String, Option<f64>)> =
                    weeks.iter().map(|w| (format_day_month(locale, w.week().monday()), w.value(measure))).collect();
                let trend = Trend::of(weeks, measure);
                let described: Vec<String> = columns
                    .iter()
                    .map(|(week, value)| {
                        format!("{week} {}", value_text(*value).unwrap_or_else(|| text(A::NoValue).to_owned()))
                    })
                    .collect();
                let words = ChartWords {
                    id: format!("chart-{}", measure.code()),
                    title: format!("{} ({})", measure_label(locale, measure), measure_unit(locale, measure)),
                    description: fill(text(A::WeeksDescription), &[("weeks", &described.join("; "))]),
                    value_axis: measure_unit(locale, measure).to_owned(),
                    category_axis: text(A::WeekAxis).to_owned(),
                    baseline: text(A::Baseline).to_owned(),
                };
                MeasureChart { measure, svg: week_columns(&words, &columns, trend.baseline) }
            })
            .collect();
        let lane_dwell_chart = (!lane_dwell.is_empty()).then(|| {
            let shown: Vec<&LaneDwellRow> = lane_dwell.iter().take(12).collect();
            let described: Vec<String> =
                shown.iter().map(|l| format!("{} {} h / {} h", l.lane, l.p50_hours, l.p90_hours)).collect();
            let words = ChartWords {
                id: "chart-lane-dwell".into(),
                title: text(A::DwellTitle).to_owned(),
                description: fill(text(A::DwellDescription), &[("lanes", &described.join("; "))]),
                value_axis: text(A::HoursAxis).to_owned(),
                category_axis: text(A::Lane).to_owned(),
                baseline: String::new(),
            };
            let rows: Vec<RangeRow> = shown
                .iter()
                .map(|l| RangeRow { label: l.lane.clone(), p50: l.p50_hours as f64, p90: l.p90_hours as f64 })
                .collect();
            range_rows(&words, &rows, (text(A::MedianMark), text(A::P90Mark)))
        });
        let stages_chart = (!contact_stages.is_empty()).then(|| {
            let rows: Vec<BarRow> = contact_stages
                .iter()
                .map(|s| BarRow {
                    label: milestone_label(locale, s.stage).to_owned(),
                    value: s.contacts as f64,
                    note: format!("{} · {} h", s.contacts, s.silence_p50_hours),
                })
                .collect();
            let described: Vec<String> = rows.iter().map(|r| format!("{} {}", r.label, r.note)).collect();
            let words = ChartWords {
                id: "chart-contact-stages".into(),
                title: text(A::StagesTitle).to_owned(),
                description: fill(text(A::StagesDescription), &[("stages", &described.join("; "))]),
                value_axis: text(A::ContactsAxis).to_owned(),
                category_axis: text(A::Stage).to_owned(),
                baseline: String::new(),
            };
            bar_rows(&words, &rows)
        });
        WismoDashboard { figures, charts, lane_dwell_chart, stages_chart }
    }
}

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| analytics_text(locale, key);
    let query = use_query_map();
    let filter = move || filter_of(&query.read());
    let dashboard = Resource::new(filter, move |filter| async move {
        match filter {
            Ok(filter) => wismo_measures(filter, locale.tag().to_owned()).await,
            Err(refused) => Ok(WismoDashboard {
                figures: WismoFigures::Refused(refused),
                charts: Vec::new(),
                lane_dwell_chart: None,
                stages_chart: None,
            }),
        }
    });
    view! {
        <Title text=text(A::NavAnalytics)/>
        <section class="console-page analytics">
            <h1>{text(A::NavAnalytics)}</h1>
            <p class="tagline">{text(A::Intro)}</p>
            <Suspense fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let filter = filter().unwrap_or_default();
                    match dashboard.await {
                        Ok(dashboard) => view! { <Dashboard dashboard filter/> }.into_any(),
                        Err(_) => view! { <ServerError/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub(super) fn Refusal(refused: FieldError) -> impl IntoView {
    view! {
        <p class="console-message error" role="alert" data-testid="filter-refused" data-field=refused.field.clone()>
            {format!("{}: {}", refused.field, refused.reason)}
        </p>
    }
}

#[component]
fn Dashboard(dashboard: WismoDashboard, filter: WismoFilter) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| analytics_text(locale, key);
    let WismoDashboard { figures, charts, lane_dwell_chart, stages_chart } = dashboard;
    let (first_week, last_week, weeks, lane_dwell, contact_stages, choices) = match figures {
        WismoFigures::Counted { first_week, last_week, weeks, lane_dwell, contact_stages, choices } => {
            (first_week, last_week, weeks, lane_dwell, contact_stages, choices)
        }
        WismoFigures::Refused(refused) => {
            return view! { <FilterForm filter choices=FilterChoices::default() action=ANALYTICS_PATH/><Refusal refused/> }
                .into_any();
        }
    };
    let span = fill(
        text(A::Span),
        &[("from", &format_date(locale, first_week)), ("to", &format_date(locale, last_week + chrono::Days::new(6)))],
    );
    let cards = charts
        .into_iter()
        .map(|chart| view! { <MeasureCard measure=chart.measure svg=chart.svg weeks=weeks.clone() filter=filter.clone()/> })
        .collect_view();
    view! {
        <FilterForm filter=filter.clone() choices action=ANALYTICS_PATH/>
        <p class="analytics-span">{span}</p>
        <div class="measure-grid">{cards}</div>
        <ContactStages rows=contact_stages chart=stages_chart/>
        <LaneDwell rows=lane_dwell chart=lane_dwell_chart filter/>
    }
    .into_any()
}

/// The filters, sent to `action` (the page showing them) as its query.
#[component]
pub(super) fn FilterForm(filter: WismoFilter, choices: FilterChoices, action: &'static str) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| analytics_text(locale, key);
    let select = move |name: &'static str, label: A, options: Vec<String>, chosen: Option<String>| {
        let id = format!("filter-{name}");
        view! {
            <label for=id.clone()>{text(label)}</label>
            <select id=id name=name>
                <option value="">{text(A::Any)}</option>
                {options
                    .into_iter()
                    .map(|option| {
                        let selected = chosen.as_deref() == Some(option.as_str());
                        view! { <option value=option.clone() selected=selected>{option.clone()}</option> }
                    })
                    .collect_view()}
            </select>
        }
    };
    view! {
        <form method="get" action=action class="analytics-filters" aria-label=text(A::Filters)>
            <fieldset>
                <legend>{text(A::Filters)}</legend>
                <div class="filter-fields">
                    <label for="filter-from">{text(A::From)}</label>
                    <input id="filter-from" type="date" name="from" value=filter.from.map(|d| d.to_string())/>
                    <label for="filter-to">{text(A::To)}</label>
                    <input id="filter-to" type="date" name="to" value=filter.to.map(|d| d.to_string())/>
                    {select("lane", A::Lane, choices.lanes, filter.lane.clone())}
                    {select("carrier", A::Carrier, choices.carriers, filter.carrier.clone())}
                    {select("service", A::Service, choices.services, filter.service.clone())}
                </div>
                <button type="submit" data-testid="filter-apply">{text(A::Apply)}</button>
            </fieldset>
        </form>
    }
}

#[component]
fn MeasureCard(measure: Measure, svg: String, weeks: Vec<WeekFigures>, filter: WismoFilter) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| analytics_text(locale, key);
    let trend = Trend::of(&weeks, measure);
    let unit = measure_unit(locale, measure);
    let now = match value_text(trend.latest) {
        Some(value) => fill(text(A::ThisWeek), &[("value", &format!("{value} {unit}"))]),
        None => text(A::NothingThisWeek).to_owned(),
    };
    let baseline = value_text(trend.baseline).map(|value| fill(text(A::BaselineIs), &[("value", &value)]));
    let (trend_words, direction) = trend_text(locale, &trend).unzip();
    let heading_id = format!("measure-{}", measure.code());
    let value_label = format!("{} ({unit})", text(A::Value));
    let rows = weeks
        .iter()
        .rev()
        .map(|week| {
            let monday = week.week().monday();
            let href = orders_href(&filter, measure, Some(monday));
            view! {
                <tr>
                    <th scope="row"><a href=href>{format_date(locale, monday)}</a></th>
                    <td data-label=value_label.clone()>{value_text(week.value(measure)).unwrap_or_else(|| "–".to_owned())}</td>
                    <td data-label=text(A::Counted)>{counted_text(week, measure)}</td>
                </tr>
            }
        })
        .collect_view();
    let latest_week = weeks.last().map(|w| w.week().monday());
    view! {
        <article class="card measure" data-measure=measure.code() aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{measure_label(locale, measure)}</h2>
            <p class="measure-explain">{measure_explanation(locale, measure)}</p>
            <p class="measure-now" data-testid=format!("now-{}", measure.code()) data-value=value_text(trend.latest)>{now}</p>
            <p class="measure-trend" data-direction=direction>
                {baseline}{trend_words.map(|words| view! { " · "<span>{words}</span> })}
            </p>
            <div class="chart" inner_html=svg></div>
            <p class="measure-links">
                <a href=orders_href(&filter, measure, latest_week)>{fill(text(A::OrdersOfWeek), &[("date", &latest_week.map(|d| format_date(locale, d)).unwrap_or_default())])}</a>
            </p>
            <details>
                <summary>{text(A::TableSummary)}</summary>
                <div class="table-scroll">
                    <table class="console-table compact">
                        <caption class="sr-only">{measure_label(locale, measure)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{text(A::Week)}</th>
                                <th scope="col">{format!("{} ({unit})", text(A::Value))}</th>
                                <th scope="col">{text(A::Counted)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </article>
    }
}

#[component]
fn LaneDwell(rows: Vec<LaneDwellRow>, chart: Option<String>, filter: WismoFilter) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| analytics_text(locale, key);
    let body = if rows.is_empty() {
        view! { <p class="console-empty">{text(A::DwellNone)}</p> }.into_any()
    } else {
        let lines = rows
            .into_iter()
            .map(|row| {
                let lane_filter = WismoFilter { lane: Some(row.lane.clone()), ..filter.clone() };
                let href = orders_href(&lane_filter, Measure::CustomsDwell, None);
                view! {
                    <tr data-lane=row.lane.clone()>
                        <th scope="row"><a href=href data-testid="lane-orders">{row.lane.clone()}</a></th>
                        <td data-label=text(A::Cleared)>{row.cleared}</td>
                        <td data-label=text(A::Median)>{row.p50_hours}</td>
                        <td data-label=text(A::P90)>{row.p90_hours}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {chart.map(|svg| view! { <div class="chart" inner_html=svg></div> })}
            <div class="table-scroll">
                <table class="console-table compact">
                    <caption class="sr-only">{text(A::DwellTitle)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{text(A::Lane)}</th>
                            <th scope="col">{text(A::Cleared)}</th>
                            <th scope="col">{text(A::Median)}</th>
                            <th scope="col">{text(A::P90)}</th>
                        </tr>
                    </thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card lane-dwell" aria-labelledby="lane-dwell-title">
            <h2 id="lane-dwell-title">{text(A::DwellTitle)}</h2>
            <p class="measure-explain">{text(A::DwellIntro)}</p>
            {body}
        </section>
    }
}

#[component]
fn ContactStages(rows: Vec<StageContactsRow>, chart: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| analytics_text(locale, key);
    let body = if rows.is_empty() {
        view! { <p class="console-empty">{text(A::StagesNone)}</p> }.into_any()
    } else {
        let lines = rows
            .into_iter()
            .map(|row| {
                view! {
                    <tr data-stage=row.stage.code()>
                        <th scope="row">{milestone_label(locale, row.stage)}</th>
                        <td data-label=text(A::Contacts)>{row.contacts}</td>
                        <td data-label=text(A::SilenceMedian)>{row.silence_p50_hours}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {chart.map(|svg| view! { <div class="chart" inner_html=svg></div> })}
            <details>
                <summary>{text(A::TableSummary)}</summary>
                <div class="table-scroll">
                    <table class="console-table compact">
                        <caption class="sr-only">{text(A::StagesTitle)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{text(A::Stage)}</th>
                                <th scope="col">{text(A::Contacts)}</th>
                                <th scope="col">{text(A::SilenceMedian)}</th>
                            </tr>
                        </thead>
                        <tbody>{lines}</tbody>
                    </table>
                </div>
            </details>
        }
        .into_any()
    };
    view! {
        <section class="card contact-stages" aria-labelledby="contact-stages-title">
            <h2 id="contact-stages-title">{text(A::StagesTitle)}</h2>
            <p class="measure-explain">{text(A::StagesIntro)}</p>
            {body}
        </section>
    }
}

/// `/console/analytics/orders?measure=&week=&…filters`: the orders behind a figure.
#[component]
pub fn OrdersBehindPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| analytics_text(locale, key);
    let query = use_query_map();
    let request = move || {
        let query = query.read();
        let measure = query.get("measure").as_deref().and_then(|m| Measure::parse(m).ok());
        let week = query.get("week").and_then(|w| w.parse::<NaiveDate>().ok()).map(|d| Week::of_date(d).monday());
        (filter_of(&query), measure, week)
    };
    let orders = Resource::new(request, |(filter, measure, week)| async move {
        match (filter, measure) {
            (Ok(filter), Some(measure)) => orders_behind(filter, measure.code().to_owned(), week).await.map(Some),
            _ => Ok(None),
        }
    });
    view! {
        <Title text=text(A::BehindTitle)/>
        <section class="console-page orders-behind">
            <p><a href=move || { let (filter, _, _) = request(); let q = filter.unwrap_or_default().query(); if q.is_empty() { ANALYTICS_PATH.to_owned() } else { format!("{ANALYTICS_PATH}?{q}") } }>{text(A::BackToDashboard)}</a></p>
            <h1>{text(A::BehindTitle)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let (filter, measure, week) = request();
                    match (orders.await, measure) {
                        (Ok(Some(rows)), Some(measure)) => {
                            view! { <OrdersBehindTable rows measure week lane=filter.ok().and_then(|f| f.lane)/> }.into_any()
                        }
                        (Ok(_), _) => view! { <p class="console-message error" role="alert">{text(A::UnknownMeasure)}</p> }.into_any(),
                        (Err(_), _) => view! { <ServerError/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OrdersBehindTable(
    rows: Vec<OrderBehindRow>,
    measure: Measure,
    week: Option<NaiveDate>,
    lane: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| analytics_text(locale, key);
    let scope = match (week, lane) {
        (Some(week), _) => fill(text(A::OrdersOfWeek), &[("date", &format_date(locale, week))]),
        (None, Some(lane)) => format!("{} · {lane}", text(A::OrdersOfLane)),
        (None, None) => String::new(),
    };
    let about = move |code: &str| -> String {
        let known = match measure {
            Measure::ContactRate => {
                crate::domain::wismo::ContactCategory::parse(code).ok().map(|c| category_label(locale, c))
            }
            Measure::DisputeRate => {
                crate::domain::wismo::DisputeReason::parse(code).ok().map(|r| dispute_reason_label(locale, r))
            }
            _ => None,
        };
        known.map_or_else(|| code.to_owned(), str::to_owned)
    };
    let count = rows.len();
    let body = if rows.is_empty() {
        view! { <p class="console-empty" data-testid="orders-behind-none">{text(A::BehindNone)}</p> }.into_any()
    } else {
        let lines = rows
            .into_iter()
            .map(|row| {
                let href = format!("{}/{}", super::SHIPMENTS_PATH, row.tracking_number);
                view! {
                    <tr data-testid="order-behind">
                        <th scope="row"><a href=href>{row.tracking_number.clone()}</a></th>
                        <td data-label=text(A::OrderRef)>{row.order_ref.clone().unwrap_or_default()}</td>
                        <td data-label=text(A::Lane)>{row.lane.clone()}</td>
                        <td data-label=text(A::Carrier)>{format!("{} · {}", row.carrier, row.service)}</td>
                        <td data-label=text(A::Ordered)>{format_date(locale, row.ordered_at.date_naive())}</td>
                        <td data-label=text(A::Hours)>{row.hours.map(|h| h.to_string()).unwrap_or_default()}</td>
                        <td data-label=text(A::About)>{row.about.as_deref().map(about).unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <p>{fill(text(A::BehindCount), &[("count", &count.to_string())])}</p>
            <div class="table-scroll">
                <table class="console-table">
                    <thead>
                        <tr>
                            <th scope="col">{text(A::TrackingNumber)}</th>
                            <th scope="col">{text(A::OrderRef)}</th>
                            <th scope="col">{text(A::Lane)}</th>
                            <th scope="col">{text(A::Carrier)}</th>
                            <th scope="col">{text(A::Ordered)}</th>
                            <th scope="col">{text(A::Hours)}</th>
                            <th scope="col">{text(A::About)}</th>
                        </tr>
                    </thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <h2 data-testid="orders-behind-scope">{format!("{} ({})", measure_label(locale, measure), measure_unit(locale, measure))}</h2>
        <p>{scope}</p>
        {body}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drill_down_link_keeps_the_filter() {
        let filter = WismoFilter { lane: Some("CN-US".into()), ..Default::default() };
        let week = NaiveDate::from_ymd_opt(2026, 11, 30);
        assert_eq!(
            orders_href(&filter, Measure::ScanGaps, week),
            "/console/analytics/orders?measure=scan_gaps&week=2026-11-30&lane=CN-US"
        );
        assert_eq!(
            orders_href(&WismoFilter::default(), Measure::DisputeRate, None),
            "/console/analytics/orders?measure=disputes"
        );
    }

    #[test]
    fn a_bad_date_in_the_query_names_its_field() {
        let mut query = ParamsMap::new();
        query.insert("to", "yesterday".to_owned());
        assert_eq!(filter_of(&query).unwrap_err().field, "to");
        let mut query = ParamsMap::new();
        query.insert("from", "2026-10-05".to_owned());
        query.insert("lane", " ".to_owned());
        let filter = filter_of(&query).unwrap();
        assert_eq!(filter.from, NaiveDate::from_ymd_opt(2026, 10, 5));
        assert_eq!(filter.lane, None);
    }

    #[test]
    fn trends_are_told_by_sign_and_words() {
        let worse = Trend { latest: Some(12.0), baseline: Some(10.0) };
        assert_eq!(trend_text(Locale::En, &worse).unwrap(), ("▲ 20 % worse".to_owned(), "worse"));
        let steady = Trend { latest: Some(10.2), baseline: Some(10.0) };
        assert_eq!(trend_text(Locale::En, &steady).unwrap().1, "steady");
        assert_eq!(trend_text(Locale::En, &Trend { latest: None, baseline: Some(1.0) }), None);
    }
}
