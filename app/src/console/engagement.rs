//! `/console/analytics/engagement`: how shoppers used the journey page of the orders placed in
//! the filter's weeks: opened, came back, shared and rated (a funnel, in percent of orders),
//! views per order, median time on page, shared page views, codes redeemed, leaderboard names
//! and missions. Same filters as the WISMO dashboard; charts drawn on the server.

use super::analytics::{filter_of, FilterForm, Refusal};
use super::feedback::percent_text;
use crate::domain::engagement::Engagement;
use crate::errors::ServerError;
use crate::i18n::analytics::{analytics_text, AnalyticsText as A};
use crate::i18n::datetime::format_date;
use crate::i18n::engagement::{engagement_text, EngagementText as E};
use crate::i18n::template::fill;
use crate::i18n::{use_locale, Text};
use crate::model::analytics::{EngagementDashboard, EngagementFigures, FilterChoices, WismoFilter};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub const ENGAGEMENT_PATH: &str = "/console/analytics/engagement";

#[server(prefix = "/console/api", endpoint = "analytics/engagement")]
pub async fn journey_engagement(filter: WismoFilter, lang: String) -> Result<EngagementDashboard, ServerFnError> {
    let (console, who) = super::desk()?;
    let locale = crate::i18n::Locale::from_tag(&lang).unwrap_or_default();
    let figures = console.engagement(&who, &filter).await.map_err(super::failed)?;
    Ok(drawn::dashboard(locale, figures))
}

/// The funnel's steps: what share of the orders got this far.
fn funnel(e: &Engagement) -> [(E, i64); 4] {
    [(E::Opened, e.viewed()), (E::CameBack, e.returned()), (E::Shared, e.shared), (E::Rated, e.rated)]
}

#[cfg(feature = "ssr")]
mod drawn {
    //! The page's charts.
    use super::*;
    use crate::console::charts::{bar_rows, BarRow, ChartWords};
    use crate::domain::feedback::percent;

    pub fn dashboard(locale: crate::i18n::Locale, figures: EngagementFigures) -> EngagementDashboard {
        let EngagementFigures::Counted { engagement: e, .. } = &figures else {
            return EngagementDashboard { figures, funnel_chart: None, views_chart: None };
        };
        if e.orders == 0 {
            return EngagementDashboard { figures, funnel_chart: None, views_chart: None };
        }
        let text = |key| engagement_text(locale, key);
        let steps: Vec<BarRow> = funnel(e)
            .into_iter()
            .map(|(step, n)| BarRow {
                label: text(step).to_owned(),
                value: percent(n, e.orders).unwrap_or(0.0),
                note: format!("{} · {n}", percent_text(n, e.orders)),
            })
            .collect();
        let described: Vec<String> = steps.iter().map(|r| format!("{} {}", r.label, r.note)).collect();
        let funnel_chart = bar_rows(
            &ChartWords {
                id: "chart-funnel".into(),
                title: text(E::FunnelTitle).to_owned(),
                description: fill(text(E::FunnelDescription), &[("steps", &described.join("; "))]),
                value_axis: text(E::PercentAxis).to_owned(),
                category_axis: String::new(),
                baseline: String::new(),
            },
            &steps,
        );
        let bands: Vec<BarRow> = e
            .views_histogram()
            .into_iter()
            .map(|(band, orders)| BarRow {
                label: band.label().to_owned(),
                value: orders as f64,
                note: orders.to_string(),
            })
            .collect();
        let described: Vec<String> = bands.iter().map(|r| format!("{}: {}", r.label, r.note)).collect();
        let views_chart = bar_rows(
            &ChartWords {
                id: "chart-views".into(),
                title: text(E::ViewsTitle).to_owned(),
                description: fill(text(E::ViewsDescription), &[("bands", &described.join("; "))]),
                value_axis: text(E::OrdersAxis).to_owned(),
                category_axis: text(E::ViewsAxis).to_owned(),
                baseline: String::new(),
            },
            &bands,
        );
        EngagementDashboard { figures, funnel_chart: Some(funnel_chart), views_chart: Some(views_chart) }
    }
}

#[component]
pub fn EngagementPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| engagement_text(locale, key);
    let query = use_query_map();
    let filter = move || filter_of(&query.read());
    let dashboard = Resource::new(filter, move |filter| async move {
        match filter {
            Ok(filter) => journey_engagement(filter, locale.tag().to_owned()).await,
            Err(refused) => Ok(EngagementDashboard {
                figures: EngagementFigures::Refused(refused),
                funnel_chart: None,
                views_chart: None,
            }),
        }
    });
    view! {
        <Title text=text(E::NavEngagement)/>
        <section class="console-page analytics engagement">
            <h1>{text(E::NavEngagement)}</h1>
            <p class="tagline">{text(E::Intro)}</p>
            <Suspense fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let filter = filter().unwrap_or_default();
                    match dashboard.await {
                        Ok(dashboard) => view! { <EngagementView dashboard filter/> }.into_any(),
                        Err(_) => view! { <ServerError/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn EngagementView(dashboard: EngagementDashboard, filter: WismoFilter) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| engagement_text(locale, key);
    let EngagementDashboard { figures, funnel_chart, views_chart } = dashboard;
    let (first_week, last_week, e, choices) = match figures {
        EngagementFigures::Counted { first_week, last_week, engagement, choices } => {
            (first_week, last_week, engagement, choices)
        }
        EngagementFigures::Refused(refused) => {
            return view! {
                <FilterForm filter choices=FilterChoices::default() action=ENGAGEMENT_PATH/>
                <Refusal refused/>
            }
            .into_any();
        }
    };
    let span = fill(
        analytics_text(locale, A::Span),
        &[("from", &format_date(locale, first_week)), ("to", &format_date(locale, last_week + chrono::Days::new(6)))],
    );
    if e.orders == 0 {
        return view! {
            <FilterForm filter choices action=ENGAGEMENT_PATH/>
            <p class="analytics-span">{span}</p>
            <p class="console-empty">{text(E::NoOrders)}</p>
        }
        .into_any();
    }
    let of = move |n: i64, of: i64| {
        format!("{} · {}", percent_text(n, of), fill(text(E::Of), &[("n", &n.to_string()), ("of", &of.to_string())]))
    };
    let mut figures: Vec<(E, &'static str, String)> =
        funnel(&e).into_iter().map(|(step, n)| (step, "funnel", of(n, e.orders))).collect();
    figures.extend([
        (
            E::ViewsPerOrder,
            "views-per-order",
            e.views_per_viewed_order().map_or_else(|| "–".to_owned(), |v| format!("{v:.1}")),
        ),
        (
            E::MedianTime,
            "median-seconds",
            e.median_seconds()
                .map_or_else(|| "–".to_owned(), |s| fill(text(E::Seconds), &[("seconds", &s.to_string())])),
        ),
        (E::SharePageViews, "share-views", e.share_views.to_string()),
        (E::Redeemed, "redeemed", of(e.codes_redeemed, e.codes_granted)),
        (E::OptedIn, "opted-in", of(e.opted_in, e.shoppers)),
        (E::OnMission, "on-mission", of(e.on_mission, e.shoppers)),
    ]);
    let cards = figures
        .into_iter()
        .map(|(label, id, value)| {
            view! {
                <div class="figure" data-figure=id>
                    <dt>{text(label)}</dt>
                    <dd>{value}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <FilterForm filter choices action=ENGAGEMENT_PATH/>
        <p class="analytics-span">{span}</p>
        <section class="card engagement-figures" aria-labelledby="engagement-figures-title">
            <h2 id="engagement-figures-title">{text(E::NavEngagement)}</h2>
            <dl class="figure-grid" data-testid="engagement-figures">{cards}</dl>
            <p class="measure-explain">{text(E::TimeNote)}</p>
        </section>
        <section class="card engagement-charts" aria-labelledby="engagement-charts-title">
            <h2 id="engagement-charts-title" class="sr-only">{text(E::FunnelTitle)}</h2>
            <div class="chart-pair">
                {funnel_chart.map(|svg| view! { <figure class="chart-figure"><figcaption>{text(E::FunnelTitle)}</figcaption><div class="chart" inner_html=svg></div></figure> })}
                {views_chart.map(|svg| view! { <figure class="chart-figure"><figcaption>{text(E::ViewsTitle)}</figcaption><div class="chart" inner_html=svg></div></figure> })}
            </div>
        </section>
    }
    .into_any()
}
