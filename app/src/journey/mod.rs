//! The journey page `/t/{token}`: the shopper's view of one shipment.

mod engagement;
mod help;
pub(crate) mod live;
pub(crate) mod map;
pub(crate) mod progress;
mod status;
mod timeline;

use crate::errors::{set_status, ErrorPage, NotFound, ServerError};
use crate::i18n::share::{share_text, ShareText};
use crate::i18n::template::fill;
use crate::i18n::{use_text, Text};
use crate::model::journey::{JourneyView, Place, PositionFix};
use crate::rewards::journey::JourneyRewardsPanel;
use crate::share::panel::SharePanel;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// Where the map's base layer comes from when a tile server is configured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TileSource {
    pub url_template: String,
    pub attribution: String,
}

/// The answer to "show me the journey behind this link".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum JourneyLookup {
    Found {
        journey: Box<JourneyView>,
        /// This opening of the page, for its time on page.
        view: Option<i64>,
        tiles: Option<TileSource>,
    },
    NotFound,
    /// The token cannot be a token at all; carries the reason.
    Malformed(String),
}

#[server]
pub async fn get_journey(token: String) -> Result<JourneyLookup, ServerFnError> {
    use crate::domain::ShopperToken;
    use crate::ports::AppServices;

    let services = expect_context::<AppServices>();
    let token = match ShopperToken::parse(&token) {
        Ok(token) => token,
        Err(reason) => return Ok(JourneyLookup::Malformed(reason.to_string())),
    };
    let journey = services.journeys.journey_by_token(&token).await.map_err(|e| ServerFnError::new(e.to_string()))?;
    let tiles = tile_source(&services);
    Ok(match journey {
        Some(journey) => {
            // Engagement numbers are a nicety: a failure to count never hides the journey.
            let view = services.journeys.record_view(&token).await.unwrap_or_else(|error| {
                leptos::logging::warn!("page view not recorded: {error}");
                None
            });
            JourneyLookup::Found { journey: Box::new(journey), tiles, view }
        }
        None => JourneyLookup::NotFound,
    })
}

/// The map's base layer as configured.
#[cfg(feature = "ssr")]
pub fn tile_source(services: &crate::ports::AppServices) -> Option<TileSource> {
    services.map.tile_url.clone().map(|url_template| TileSource {
        url_template,
        attribution: services.map.tile_attribution.clone().unwrap_or_default(),
    })
}

/// A real journey as its shopper sees it, for the seller's preview: nothing live, nothing
/// the shopper alone may do (share, rate), nothing counted.
#[component]
pub fn JourneyPreview(journey: JourneyView, tiles: Option<TileSource>) -> impl IntoView {
    view! { <Journey journey tiles token=String::new() view=None preview=true/> }
}

#[component]
pub fn JourneyPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let lookup = Resource::new(token, get_journey);
    let t = use_text();

    view! {
        <Suspense fallback=move || view! { <p class="loading">{t(Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                match lookup.await {
                    Ok(JourneyLookup::Found { journey, tiles, view }) => {
                        view! { <Journey journey=*journey tiles token=token() view/> }.into_any()
                    }
                    Ok(JourneyLookup::NotFound) => view! { <NotFound/> }.into_any(),
                    Ok(JourneyLookup::Malformed(reason)) => {
                        set_status(400);
                        view! { <ErrorPage title=Text::BadLinkTitle body=reason/> }.into_any()
                    }
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Journey(
    journey: JourneyView,
    tiles: Option<TileSource>,
    token: String,
    view: Option<i64>,
    #[prop(optional)] preview: bool,
) -> impl IntoView {
    let t = use_text();
    let locale = crate::i18n::use_locale();
    // The parcel's latest fix and milestones: the server's answer, then the live stream's.
    let position = RwSignal::new(journey.last_position.clone());
    let milestones = RwSignal::new(journey.milestones.clone());
    let timeline = RwSignal::new(journey.timeline.clone());
    let outlook = RwSignal::new(journey.outlook.clone());
    let rewards = RwSignal::new(journey.rewards.clone());
    let follow = RwSignal::new(false);
    // The shop's words name the tiers and tell the story, in every part of the page.
    provide_context(journey.shop.words.clone());
    engagement::report_time_on_page(&token, view);
    let signals = live::LiveSignals { position, milestones, timeline, outlook, rewards };
    let status = if preview {
        signal(live::LiveStatus::Connecting).0
    } else {
        live::use_live_updates(token.clone(), journey.last_event_id, signals)
    };
    let delivered_at = Signal::derive(move || outlook.with(|o| o.proof.as_ref().and_then(|p| p.point)));
    let carrier_names: Vec<(String, String)> =
        journey.legs.iter().map(|leg| (leg.carrier.clone(), leg.carrier_name.clone())).collect();
    // Type-erased halves keep the page's view type shallow enough for the compiler.
    let side = view! {
            <div class="journey-side">
                <status::StatusPanel
                    outlook
                    timeline
                    lane=status::LaneNames::of(&journey)
                    destination_city=journey.destination.city.clone()
                />
                <progress::ProgressTrack milestones timeline/>
                {(!preview).then(|| view! {
                    <help::HelpPanel
                        token=token.clone()
                        shop=journey.shop.name.clone()
                        outlook
                        timeline
                        milestones
                    />
                })}
                <JourneyRewardsPanel rewards milestones token=token.clone() footprint=journey.footprint preview/>
                {(!preview).then(|| view! {
                    <SharePanel
                        token=token.clone()
                        origin=journey.origin.city.clone()
                        destination=journey.destination.city.clone()
                        milestones
                    />
                })}
            </div>
    }
    .into_any();
    let main = view! {
            <div class="journey-main">
            <section class="map-panel">
                <map::JourneyMap legs=journey.route() position follow tiles delivered_at/>
                <div class="map-controls">
                    <button
                        type="button"
                        class="follow-toggle"
                        aria-pressed=move || if follow.get() { "true" } else { "false" }
                        on:click=move |_| follow.update(|f| *f = !*f)
                    >
                        {t(Text::FollowParcel)}
                    </button>
                    <p class="position-readout" aria-live="polite" data-testid="position-readout">
                        <span class="label">{t(Text::ParcelPosition)}": "</span>
                        {move || position.get().map_or_else(|| t(Text::NoPositionYet).to_owned(), |fix| fix_label(locale, &fix))}
                    </p>
                </div>
                <map::RouteLegend legs=journey.route()/>
            </section>
            <timeline::Timeline timeline outlook carrier_names/>
            </div>
    }
    .into_any();
    let title = format!("{} · {} → {}", journey.tracking_number, journey.origin.city, journey.destination.city);

    view! {
        <Title text=title/>
        <article class="journey branded" style=format!("--brand: {}", journey.shop.colour.as_str())>
            <header class="journey-head">
                <p class="shipped-by">
                    {journey.shop.logo.clone().map(|src| view! {
                        // Beside the shop's name: decorative, so screen readers read the name once.
                        <img class="shop-logo" src=src alt="" data-testid="shop-logo"/>
                    })}
                    <span data-testid="shipped-by">{fill(share_text(locale, ShareText::ShippedBy), &[("shop", &journey.shop.name)])}</span>
                </p>
                <p class="tracking">
                    <span class="label">{t(Text::TrackingNumber)}</span>
                    " "
                    <strong data-testid="tracking-number">{journey.tracking_number.to_string()}</strong>
                </p>
                <h1 class="route">
                    <span><span class="sr-only">{t(Text::From)}" "</span>{place_label(&journey.origin)}</span>
                    <span aria-hidden="true">" → "</span>
                    <span><span class="sr-only">" "{t(Text::To)}" "</span>{place_label(&journey.destination)}</span>
                </h1>
                {(!preview).then(|| view! { <live::LiveBadge status/> })}
            </header>
            {side}
            {main}
        </article>
    }
}

fn place_label(place: &Place) -> String {
    format!("{}, {}", place.city, place.country_code)
}

fn fix_label(locale: crate::i18n::Locale, fix: &PositionFix) -> String {
    use crate::i18n::datetime::format_local_time;
    format!("{} · {} (UTC)", fix.point, format_local_time(locale, fix.recorded_at.fixed_offset()))
}
