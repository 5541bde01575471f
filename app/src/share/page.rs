//! `/s/{slug}`: the public journey. Route at city level, progress and level, this journey's
//! badges, distance, days and eco score, in the merchant's colour; Open Graph and Twitter tags
//! point at the card. Live while the parcel moves; 410 once the link is stopped or expired.

use crate::domain::GeoPoint;
use crate::errors::{set_status, NotFound, ServerError};
use crate::i18n::rewards::{reward_text, RewardText};
use crate::i18n::share::{days_label, share_text, ShareText};
use crate::i18n::template::fill;
use crate::i18n::{use_locale, use_text, Text};
use crate::journey::live::{LiveBadge, LiveStatus};
use crate::journey::map::{JourneyMap, RouteLegend};
use crate::journey::progress::ProgressTrack;
use crate::journey::TileSource;
use crate::model::journey::{MilestoneReached, PositionFix, TimelineEntry};
use crate::model::share::{ShareView, SharedJourney};
use crate::rewards::journey::{format_thousands, BadgeTile, TierStrip};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[server]
pub async fn get_shared_journey(slug: String) -> Result<(SharedJourney, Option<TileSource>), ServerFnError> {
    use crate::domain::share::ShareSlug;
    use crate::ports::{AppServices, SharedView};

    let services = expect_context::<AppServices>();
    let tiles = services.map.tile_url.clone().map(|url_template| TileSource {
        url_template,
        attribution: services.map.tile_attribution.clone().unwrap_or_default(),
    });
    let Ok(slug) = ShareSlug::parse(&slug) else { return Ok((SharedJourney::NotFound, tiles)) };
    let found = services.sharing.shared_view(&slug).await.map_err(|e| ServerFnError::new(e.to_string()))?;
    Ok((
        match found {
            SharedView::Open(view) => {
                let base = site_base(&services).await;
                SharedJourney::Found {
                    view,
                    page_url: format!("{base}{}", slug.path()),
                    card_url: format!("{base}{}", slug.card_path()),
                }
            }
            SharedView::Gone => SharedJourney::Gone,
            SharedView::NotFound => SharedJourney::NotFound,
        },
        tiles,
    ))
}

/// The site's address for absolute links: the configured public URL, else the request's origin.
#[cfg(feature = "ssr")]
pub(crate) async fn site_base(services: &crate::ports::AppServices) -> String {
    match &services.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => request_origin().await,
    }
}

/// `http://{Host}` of the request (behind a proxy, its forwarded scheme): for absolute links
/// when no public URL is configured.
#[cfg(feature = "ssr")]
async fn request_origin() -> String {
    let headers: http::HeaderMap = leptos_axum::extract().await.unwrap_or_default();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let host = header("x-forwarded-host").or_else(|| header("host")).unwrap_or_else(|| "localhost".to_owned());
    let scheme = header("x-forwarded-proto").unwrap_or_else(|| "http".to_owned());
    format!("{scheme}://{host}")
}

#[component]
pub fn SharePage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let lookup = Resource::new(slug, get_shared_journey);
    let t = use_text();

    view! {
        <Suspense fallback=move || view! { <p class="loading">{t(Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                match lookup.await {
                    Ok((SharedJourney::Found { view, page_url, card_url }, tiles)) => {
                        view! { <SharedJourneyView view=*view page_url card_url tiles slug=slug()/> }.into_any()
                    }
                    Ok((SharedJourney::Gone, _)) => view! { <LinkGone/> }.into_any(),
                    Ok((SharedJourney::NotFound, _)) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// 410: the link worked once and no longer does.
#[component]
fn LinkGone() -> impl IntoView {
    let locale = use_locale();
    let t = use_text();
    set_status(410);
    let title = share_text(locale, ShareText::GoneTitle);
    view! {
        <Title text=title/>
        <Meta name="robots" content="noindex"/>
        <section class="error-page" data-testid="share-gone">
            <h1>{title}</h1>
            <p>{share_text(locale, ShareText::GoneBody)}</p>
            <p><a href="/">{t(Text::BackHome)}</a></p>
        </section>
    }
}

#[component]
fn SharedJourneyView(
    view: ShareView,
    page_url: String,
    card_url: String,
    tiles: Option<TileSource>,
    slug: String,
) -> impl IntoView {
    let locale = use_locale();
    let t = use_text();
    let text = move |key| share_text(locale, key);
    let title = fill(text(ShareText::PageTitle), &[("from", &view.origin.city), ("to", &view.destination.city)]);
    let percent = view.progress().percent();
    let description = format!(
        "{} · {} · {}",
        fill(text(ShareText::PercentOfTheWay), &[("percent", &percent.to_string())]),
        fill(text(ShareText::Kilometres), &[("km", &format_thousands(i64::from(view.distance_km)))]),
        days_label(locale, view.days)
    );
    let card_alt = fill(
        text(ShareText::CardAlt),
        &[("from", &view.origin.city), ("to", &view.destination.city), ("percent", &percent.to_string())],
    );
    let head = view! {
        <Title text=title.clone()/>
        // A journey is shared with people, not with search engines.
        <Meta name="robots" content="noindex"/>
        <Meta name="description" content=description.clone()/>
        <Meta property="og:type" content="website"/>
        <Meta property="og:site_name" content="Trekpost"/>
        <Meta property="og:title" content=title.clone()/>
        <Meta property="og:description" content=description.clone()/>
        <Meta property="og:url" content=page_url/>
        <Meta property="og:image" content=card_url.clone()/>
        <Meta property="og:image:type" content="image/png"/>
        <Meta property="og:image:width" content="1200"/>
        <Meta property="og:image:height" content="630"/>
        <Meta property="og:image:alt" content=card_alt.clone()/>
        <Meta name="twitter:card" content="summary_large_image"/>
        <Meta name="twitter:title" content=title.clone()/>
        <Meta name="twitter:description" content=description/>
        <Meta name="twitter:image" content=card_url/>
        <Meta name="twitter:image:alt" content=card_alt/>
    }
    .into_any();

    // The server's view, then the live stream's.
    let shared = RwSignal::new(view.clone());
    let milestones = RwSignal::new(view.milestones.clone());
    let position = RwSignal::new(view.position.clone());
    let gone = RwSignal::new(false);
    let status = use_share_stream(slug, shared, milestones, position, gone);
    let follow = RwSignal::new(false);
    let no_pin = Signal::derive(|| None::<GeoPoint>);
    // The public page shows milestones in UTC: the scans' local details stay private.
    let no_scans = RwSignal::new(Vec::<TimelineEntry>::new());
    let brand = format!("--brand: {}", view.brand_colour.as_str());
    let legs = view.legs.clone();

    let summary = view! {
        <header class="journey-head share-head">
            <p class="shipped-by">{fill(text(ShareText::ShippedBy), &[("shop", &view.shop_name)])}</p>
            <h1 class="route">
                <span><span class="sr-only">{t(Text::From)}" "</span>{format!("{}, {}", view.origin.city, view.origin.country_code)}</span>
                <span aria-hidden="true">" → "</span>
                <span><span class="sr-only">" "{t(Text::To)}" "</span>{format!("{}, {}", view.destination.city, view.destination.country_code)}</span>
            </h1>
            <p class="share-state" data-testid="share-state">
                {move || if shared.with(ShareView::is_delivered) { text(ShareText::Delivered) } else { text(ShareText::OnItsWay) }}
                " · "
                <span data-testid="share-percent">
                    {move || fill(text(ShareText::PercentOfTheWay), &[("percent", &shared.with(|v| v.progress().percent()).to_string())])}
                </span>
            </p>
            <LiveBadge status/>
        </header>
    }
    .into_any();
    let facts = view! {
        <dl class="share-facts">
            <div>
                <dt>{text(ShareText::Distance)}</dt>
                <dd data-testid="share-distance">
                    {move || fill(text(ShareText::Kilometres), &[("km", &format_thousands(i64::from(shared.with(|v| v.distance_km))))])}
                </dd>
            </div>
            <div>
                <dt>{text(ShareText::Days)}</dt>
                <dd data-testid="share-days">{move || days_label(locale, shared.with(|v| v.days))}</dd>
            </div>
            {move || shared.with(|v| v.footprint.zip(v.eco_grade())).map(|(footprint, grade)| {
                let kg = format!("{:.1}", footprint.grams / 1000.0);
                let saved = footprint.percent_saved_versus_air();
                view! {
                    <div class="eco-score">
                        <dt>{text(ShareText::EcoScore)}</dt>
                        <dd data-testid="share-eco">
                            <span class="eco-grade" style=format!("background: {}", grade.colour())>{grade.letter()}</span>
                            " "{fill(text(ShareText::Co2Figure), &[("kg", &kg)])}
                            {(saved >= 1).then(|| view! {
                                <span class="eco-versus">
                                    {fill(reward_text(locale, RewardText::EcoVersusAir), &[("percent", &saved.to_string())])}
                                </span>
                            })}
                        </dd>
                    </div>
                }
            })}
        </dl>
    }
    .into_any();
    let badges = view! {
        <section class="badge-shelf share-badges" aria-labelledby="share-badges-heading">
            <h2 id="share-badges-heading">{text(ShareText::BadgesHeading)}</h2>
            {move || {
                let earned = shared.with(|v| v.badges.clone());
                if earned.is_empty() {
                    view! { <p class="no-badges">{text(ShareText::NoBadgesYet)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="badges">
                            {earned.into_iter().map(|badge| view! { <BadgeTile badge earned=true on_this_journey=true/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
    .into_any();

    let side = view! {
        <div class="journey-side">
            <ProgressTrack milestones timeline=no_scans/>
            <TierStrip milestones/>
            {facts}
            {badges}
        </div>
    }
    .into_any();
    let main = view! {
        <div class="journey-main">
            <section class="map-panel">
                <JourneyMap legs=legs.clone() position follow tiles delivered_at=no_pin/>
                <RouteLegend legs/>
            </section>
            <p class="privacy-note">{text(ShareText::PrivacyNote)}</p>
            <p class="share-cta"><a href="/">{text(ShareText::TrackYourOwn)}</a></p>
        </div>
    }
    .into_any();

    view! {
        {head}
        <article class="journey shared-journey" style=brand data-testid="shared-journey">
            {summary}
            {move || gone.get().then(|| view! {
                <p class="share-gone-live" role="alert">{text(ShareText::GoneTitle)}</p>
            })}
            {side}
            {main}
        </article>
    }
}

/// Follows `/s/{slug}/live` in the browser: each message is the whole public view (or `gone`).
/// The browser's EventSource reconnects by itself; the server starts each connection with
/// the current view, so nothing is missed.
fn use_share_stream(
    slug: String,
    shared: RwSignal<ShareView>,
    milestones: RwSignal<Vec<MilestoneReached>>,
    position: RwSignal<Option<PositionFix>>,
    gone: RwSignal<bool>,
) -> ReadSignal<LiveStatus> {
    let (status, set_status) = signal(LiveStatus::Connecting);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| stream::connect(&slug, shared, milestones, position, gone, set_status));
    #[cfg(not(feature = "hydrate"))]
    let _ = (slug, shared, milestones, position, gone, set_status);
    status
}

#[cfg(feature = "hydrate")]
mod stream {
    use super::*;
    use crate::domain::share::ShareSlug;
    use crate::model::share::ShareUpdate;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{EventSource, MessageEvent};

    pub fn connect(
        slug: &str,
        shared: RwSignal<ShareView>,
        milestones: RwSignal<Vec<MilestoneReached>>,
        position: RwSignal<Option<PositionFix>>,
        gone: RwSignal<bool>,
        set_status: WriteSignal<LiveStatus>,
    ) {
        let Ok(slug) = ShareSlug::parse(slug) else { return };
        let Ok(source) = EventSource::new(&slug.live_path()) else { return };
        let on_message = {
            let source = source.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                set_status.set(LiveStatus::Live);
                let Some(data) = event.dyn_ref::<MessageEvent>().and_then(|e| e.data().as_string()) else { return };
                match serde_json::from_str::<ShareUpdate>(&data) {
                    Ok(ShareUpdate::View(view)) => {
                        milestones.set(view.milestones.clone());
                        if view.position != position.get_untracked() {
                            position.set(view.position.clone());
                        }
                        shared.set(*view);
                    }
                    Ok(ShareUpdate::Gone) => {
                        source.close();
                        gone.set(true);
                    }
                    Err(error) => leptos::logging::warn!("ignoring a share update that does not parse: {error}"),
                }
            })
        };
        let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| set_status.set(LiveStatus::Live));
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| set_status.set(LiveStatus::Reconnecting));
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The stream and its handlers live as long as the page.
        let kept = SendWrapper::new((source, on_message, on_open, on_error));
        on_cleanup(move || kept.0.close());
    }
}
