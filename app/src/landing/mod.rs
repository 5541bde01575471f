//! The landing page `/`: what Trekpost is, and in demo mode the demo journeys to open.

use crate::i18n::rewards::{reward_text, RewardText};
use crate::i18n::{milestone_label, use_locale, use_text, Text};
use crate::model::journey::JourneySummary;
use leptos::prelude::*;

#[server]
pub async fn list_demo_journeys() -> Result<Vec<JourneySummary>, ServerFnError> {
    use crate::ports::AppServices;
    let services = expect_context::<AppServices>();
    if !services.demo {
        return Ok(Vec::new());
    }
    services.journeys.demo_journeys().await.map_err(|e| ServerFnError::new(e.to_string()))
}

#[component]
pub fn LandingPage() -> impl IntoView {
    let t = use_text();
    let locale = use_locale();
    let journeys = Resource::new(|| (), |_| list_demo_journeys());
    view! {
        <section class="landing">
            <h1>{t(Text::AppName)}</h1>
            <p class="tagline">{t(Text::Tagline)}</p>
            <p><a href="/track" class="track-link">{t(Text::TrackTitle)}</a></p>
            <Suspense fallback=move || view! { <p>{t(Text::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let journeys = journeys.await.unwrap_or_default();
                    (!journeys.is_empty()).then(|| view! {
                        <p><a href="/leaderboard" class="leaderboard-link">{reward_text(locale, RewardText::LeaderboardLink)}</a></p>
                        <h2>{t(Text::DemoJourneysHeading)}</h2>
                        <ul class="demo-journeys">
                            {journeys
                                .into_iter()
                                .map(|j| {
                                    let stage = j
                                        .progress
                                        .furthest()
                                        .map(|m| milestone_label(locale, m))
                                        .unwrap_or_default();
                                    view! {
                                        <li>
                                            <a href=format!("/t/{}", j.token) class="demo-journey">
                                                <span class="route">{format!("{} → {}", j.origin_city, j.destination_city)}</span>
                                                <span class="stage">{format!("{stage} · {}%", j.progress.percent())}</span>
                                                <span class="tracking">{j.tracking_number.to_string()}</span>
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    })
                })}
            </Suspense>
        </section>
    }
}
