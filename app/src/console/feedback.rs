//! `/console/analytics/feedback`: the shoppers' feedback loop. Ratings of the delivery and of
//! the tracking per week and per lane and carrier (least liked tracking first), the themes of
//! the comments from ratings and problem reports with their share this week against the weeks
//! before and the newest examples linked to their shipments, and the comments as CSV. Same
//! filters as the WISMO dashboard; charts drawn on the server.

use super::analytics::{filter_of, FilterForm, Refusal};
use crate::domain::feedback::{percent, CommentSource, LaneRatings, RatingWeek, ShopperComment, ThemeShare};
use crate::errors::ServerError;
use crate::i18n::analytics::{analytics_text, AnalyticsText as A};
use crate::i18n::datetime::format_date;
use crate::i18n::feedback::{feedback_text, theme_label, FeedbackText as F};
use crate::i18n::template::fill;
use crate::i18n::{use_locale, Text};
use crate::model::analytics::{FeedbackDashboard, FeedbackFigures, FilterChoices, WismoFilter};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub const FEEDBACK_PATH: &str = "/console/analytics/feedback";
/// The comments of a filter as CSV (`server::console::exports`).
pub const FEEDBACK_CSV_PATH: &str = "/console/analytics/feedback.csv";

#[server(prefix = "/console/api", endpoint = "analytics/feedback")]
pub async fn shopper_feedback(filter: WismoFilter, lang: String) -> Result<FeedbackDashboard, ServerFnError> {
    let (console, who) = super::desk()?;
    let locale = crate::i18n::Locale::from_tag(&lang).unwrap_or_default();
    let figures = console.feedback(&who, &filter).await.map_err(super::failed)?;
    Ok(drawn::dashboard(locale, figures))
}

fn stars_text(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"))
}

/// `n` of `of` as a whole percent, "–" of nothing (the feedback and engagement tables).
pub(super) fn percent_text(n: i64, of: i64) -> String {
    percent(n, of).map_or_else(|| "–".to_owned(), |p| format!("{p:.0} %"))
}

#[cfg(feature = "ssr")]
mod drawn {
    //! The page's charts.
    use super::*;
    use crate::console::charts::{bar_rows, week_columns, BarRow, ChartWords};
    use crate::i18n::datetime::format_day_month;

    pub fn dashboard(locale: crate::i18n::Locale, figures: FeedbackFigures) -> FeedbackDashboard {
        let FeedbackFigures::Counted { weeks, themes, .. } = &figures else {
            return FeedbackDashboard { figures, delivery_chart: None, tracking_chart: None, themes_chart: None };
        };
        let text = |key| feedback_text(locale, key);
        let rated = weeks.iter().any(|w| w.ratings > 0);
        let stars_chart = |id: &str, title: F, value: fn(&RatingWeek) -> Option<f64>, sums: (i64, i64)| {
            let columns: Vec<(String, Option<f64>)> =
                weeks.iter().map(|w| (format_day_month(locale, w.week().monday()), value(w))).collect();
            let described: Vec<String> = columns.iter().map(|(week, v)| format!("{week} {}", stars_text(*v))).collect();
            let words = ChartWords {
                id: id.to_owned(),
                title: text(title).to_owned(),
                description: fill(text(F::WeeksDescription), &[("weeks", &described.join("; "))]),
                value_axis: text(F::StarsAxis).to_owned(),
                category_axis: analytics_text(locale, A::WeekAxis).to_owned(),
                baseline: text(F::MeanOfWeeks).to_owned(),
            };
            week_columns(&words, &columns, (sums.1 > 0).then(|| sums.0 as f64 / sums.1 as f64))
        };
        let total = |stars: fn(&RatingWeek) -> (i64, i64)| {
            weeks.iter().map(stars).fold((0, 0), |(s, n), (ws, wn)| (s + ws, n + wn))
        };
        let delivery_chart = rated.then(|| {
            stars_chart(
                "chart-delivery-stars",
                F::DeliveryTitle,
                RatingWeek::delivery_mean,
                total(|w| (w.delivery_stars, w.ratings)),
            )
        });
        let tracking_chart = rated.then(|| {
            stars_chart(
                "chart-tracking-stars",
                F::TrackingTitle,
                RatingWeek::tracking_mean,
                total(|w| (w.tracking_stars, w.tracked)),
            )
        });
        let mentioned: Vec<&ThemeShare> = themes.iter().filter(|t| t.tagged > 0).collect();
        let themes_chart = (!mentioned.is_empty()).then(|| {
            let rows: Vec<BarRow> = mentioned
                .iter()
                .map(|t| BarRow {
                    label: theme_label(locale, t.theme).to_owned(),
                    value: t.percent().unwrap_or(0.0),
                    note: format!("{} · {}", percent_text(t.tagged, t.comments), t.tagged),
                })
                .collect();
            let described: Vec<String> = rows.iter().map(|r| format!("{} {}", r.label, r.note)).collect();
            let words = ChartWords {
                id: "chart-themes".into(),
                title: text(F::ThemesTitle).to_owned(),
                description: fill(text(F::ThemesDescription), &[("themes", &described.join("; "))]),
                value_axis: text(F::PercentAxis).to_owned(),
                category_axis: text(F::Theme).to_owned(),
                baseline: String::new(),
            };
            bar_rows(&words, &rows)
        });
        FeedbackDashboard { figures, delivery_chart, tracking_chart, themes_chart }
    }
}

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| feedback_text(locale, key);
    let query = use_query_map();
    let filter = move || filter_of(&query.read());
    let dashboard = Resource::new(filter, move |filter| async move {
        match filter {
            Ok(filter) => shopper_feedback(filter, locale.tag().to_owned()).await,
            Err(refused) => Ok(FeedbackDashboard {
                figures: FeedbackFigures::Refused(refused),
                delivery_chart: None,
                tracking_chart: None,
                themes_chart: None,
            }),
        }
    });
    view! {
        <Title text=text(F::NavFeedback)/>
        <section class="console-page analytics feedback">
            <h1>{text(F::NavFeedback)}</h1>
            <p class="tagline">{text(F::Intro)}</p>
            <Suspense fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let filter = filter().unwrap_or_default();
                    match dashboard.await {
                        Ok(dashboard) => view! { <Feedback dashboard filter/> }.into_any(),
                        Err(_) => view! { <ServerError/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Feedback(dashboard: FeedbackDashboard, filter: WismoFilter) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| feedback_text(locale, key);
    let FeedbackDashboard { figures, delivery_chart, tracking_chart, themes_chart } = dashboard;
    let (first_week, last_week, weeks, lanes, themes, comments, capped, choices) = match figures {
        FeedbackFigures::Counted { first_week, last_week, weeks, lanes, themes, comments, capped, choices } => {
            (first_week, last_week, weeks, lanes, themes, comments, capped, choices)
        }
        FeedbackFigures::Refused(refused) => {
            return view! {
                <FilterForm filter choices=FilterChoices::default() action=FEEDBACK_PATH/>
                <Refusal refused/>
            }
            .into_any();
        }
    };
    let span = fill(
        analytics_text(locale, A::Span),
        &[("from", &format_date(locale, first_week)), ("to", &format_date(locale, last_week + chrono::Days::new(6)))],
    );
    let query = filter.query();
    let export = if query.is_empty() { FEEDBACK_CSV_PATH.to_owned() } else { format!("{FEEDBACK_CSV_PATH}?{query}") };
    view! {
        <FilterForm filter=filter.clone() choices action=FEEDBACK_PATH/>
        <p class="analytics-span">{span}" · "<a href=export download data-testid="feedback-export">{text(F::Export)}</a></p>
        <Ratings weeks delivery_chart tracking_chart/>
        <LanesRated lanes/>
        <Themes themes comments capped chart=themes_chart/>
    }
    .into_any()
}

#[component]
fn Ratings(weeks: Vec<RatingWeek>, delivery_chart: Option<String>, tracking_chart: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| feedback_text(locale, key);
    let body = if delivery_chart.is_none() {
        view! { <p class="console-empty">{text(F::NoRatings)}</p> }.into_any()
    } else {
        let rows = weeks
            .iter()
            .rev()
            .map(|w| {
                view! {
                    <tr>
                        <th scope="row">{format_date(locale, w.week().monday())}</th>
                        <td data-label=text(F::Ratings)>{w.ratings}</td>
                        <td data-label=text(F::DeliveryMean)>{stars_text(w.delivery_mean())}</td>
                        <td data-label=text(F::TrackingMean)>{stars_text(w.tracking_mean())}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="chart-pair">
                {delivery_chart.map(|svg| view! { <figure class="chart-figure"><figcaption>{text(F::DeliveryTitle)}</figcaption><div class="chart" inner_html=svg></div></figure> })}
                {tracking_chart.map(|svg| view! { <figure class="chart-figure"><figcaption>{text(F::TrackingTitle)}</figcaption><div class="chart" inner_html=svg></div></figure> })}
            </div>
            <details>
                <summary>{analytics_text(locale, A::TableSummary)}</summary>
                <div class="table-scroll">
                    <table class="console-table compact">
                        <caption class="sr-only">{text(F::TrackingTitle)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{analytics_text(locale, A::Week)}</th>
                                <th scope="col">{text(F::Ratings)}</th>
                                <th scope="col">{text(F::DeliveryMean)}</th>
                                <th scope="col">{text(F::TrackingMean)}</th>
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
        <section class="card feedback-ratings" aria-labelledby="ratings-title">
            <h2 id="ratings-title">{text(F::Ratings)}</h2>
            <p class="measure-explain">{text(F::RatingsIntro)}</p>
            {body}
        </section>
    }
}

#[component]
fn LanesRated(lanes: Vec<LaneRatings>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| feedback_text(locale, key);
    let body = if lanes.is_empty() {
        view! { <p class="console-empty">{text(F::NoRatings)}</p> }.into_any()
    } else {
        let rows = lanes
            .into_iter()
            .map(|l| {
                view! {
                    <tr data-testid="rated-lane" data-lane=l.lane.to_string() data-carrier=l.carrier.clone()>
                        <th scope="row">{format!("{} · {}", l.lane, l.carrier)}</th>
                        <td data-label=text(F::Ratings)>{l.ratings}</td>
                        <td data-label=text(F::DeliveryMean)>{stars_text(l.delivery_mean())}</td>
                        <td data-label=text(F::TrackingMean) data-testid="tracking-mean">{stars_text(l.tracking_mean())}</td>
                        <td data-label=text(F::TrackingLow)>{percent_text(l.tracking_low, l.tracked)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="console-table compact">
                    <caption class="sr-only">{text(F::LanesTitle)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{crate::i18n::performance::performance_text(locale, crate::i18n::performance::PerformanceText::LaneCarrier)}</th>
                            <th scope="col">{text(F::Ratings)}</th>
                            <th scope="col">{text(F::DeliveryMean)}</th>
                            <th scope="col">{text(F::TrackingMean)}</th>
                            <th scope="col">{text(F::TrackingLow)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card feedback-lanes" aria-labelledby="rated-lanes-title">
            <h2 id="rated-lanes-title">{text(F::LanesTitle)}</h2>
            {body}
        </section>
    }
}

#[component]
fn Themes(themes: Vec<ThemeShare>, comments: i64, capped: bool, chart: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| feedback_text(locale, key);
    let intro = fill(text(F::ThemesIntro), &[("count", &comments.to_string())]);
    let body = if comments == 0 {
        view! { <p class="console-empty">{text(F::NoComments)}</p> }.into_any()
    } else {
        let rows = themes
            .iter()
            .map(|t| {
                view! {
                    <tr data-testid="theme" data-theme=t.theme.code()>
                        <th scope="row">{theme_label(locale, t.theme)}</th>
                        <td data-label=text(F::Comments)>{t.tagged}</td>
                        <td data-label=text(F::Share)>{percent_text(t.tagged, t.comments)}</td>
                        <td data-label=text(F::ThisWeek)>{percent_text(t.this_week.0, t.this_week.1)}</td>
                        <td data-label=text(F::WeeksBefore)>{percent_text(t.before.0, t.before.1)}</td>
                    </tr>
                }
            })
            .collect_view();
        let examples = themes
            .into_iter()
            .filter(|t| !t.examples.is_empty())
            .map(|t| {
                let items = t.examples.into_iter().map(|c| view! { <Example comment=c/> }).collect_view();
                view! {
                    <section class="theme-examples" data-theme=t.theme.code() aria-label=format!("{} · {}", theme_label(locale, t.theme), text(F::Examples))>
                        <h3>{theme_label(locale, t.theme)}</h3>
                        <ul>{items}</ul>
                    </section>
                }
            })
            .collect_view();
        view! {
            {chart.map(|svg| view! { <div class="chart" inner_html=svg></div> })}
            <div class="table-scroll">
                <table class="console-table compact">
                    <caption class="sr-only">{text(F::ThemesTitle)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{text(F::Theme)}</th>
                            <th scope="col">{text(F::Comments)}</th>
                            <th scope="col">{text(F::Share)}</th>
                            <th scope="col">{text(F::ThisWeek)}</th>
                            <th scope="col">{text(F::WeeksBefore)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <h3 class="examples-title">{text(F::Examples)}</h3>
            <div class="theme-example-grid">{examples}</div>
        }
        .into_any()
    };
    view! {
        <section class="card feedback-themes" aria-labelledby="themes-title">
            <h2 id="themes-title">{text(F::ThemesTitle)}</h2>
            <p class="measure-explain">{intro}</p>
            {capped.then(|| view! { <p class="measure-explain">{fill(text(F::Capped), &[("count", &comments.to_string())])}</p> })}
            {body}
        </section>
    }
}

/// One comment, as the shopper wrote it (a text node), with its shipment and stars.
#[component]
fn Example(comment: ShopperComment) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| feedback_text(locale, key);
    let source = match comment.source {
        CommentSource::Rating { stars, .. } => fill(text(F::StarsGiven), &[("stars", &stars.to_string())]),
        CommentSource::Dispute => text(F::FromDispute).to_owned(),
    };
    let href = format!("{}/{}", super::SHIPMENTS_PATH, comment.tracking_number);
    view! {
        <li data-testid="theme-example">
            <blockquote lang=comment.locale.clone()>{comment.text.clone()}</blockquote>
            <p class="example-meta">
                <a href=href>{comment.tracking_number.clone()}</a>
                {format!(" · {} · {} · {source}", comment.lane, format_date(locale, comment.at.date_naive()))}
            </p>
        </li>
    }
}
