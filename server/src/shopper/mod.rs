//! The shopper pages' side of the server: the ports their server functions call (journeys,
//! rewards, help; sharing lives in `share`, the console's in `console`), and the endpoints the pages post to (time on page, the
//! `/track` lookup form).

pub mod engagement;
pub mod help;
pub mod journeys;
pub mod logo;
pub mod lookup;
pub mod rewards;

use crate::config::Settings;
use crate::console::services::ConsoleDesk;
use crate::http::rate_limit::{self, RateLimiter};
use crate::state::AppState;
use crate::storage::DEMO_MERCHANT_SLUG;
use app::ports::{AppServices, ConsoleServices, JourneyRepository, JourneySharing, MapConfig, ShopperRewards};
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{middleware, Extension, Router};
use journeys::JourneyPages;
use lookup::LookupLimiter;
use rewards::ShopperRewardsService;
use std::sync::Arc;

/// `POST /t/{token}/views/{view}` (in the client's rate budget) and `POST /track` (with its
/// own, much stricter one).
pub fn router(state: &AppState) -> Router<AppState> {
    let rate_limited = middleware::from_fn_with_state(state.rate_limiter.clone(), rate_limit::limit);
    let lookups = LookupLimiter(Arc::new(RateLimiter::per_minute(state.limits.lookups_per_minute)));
    Router::new()
        .route(
            "/t/{token}/views/{view}",
            post(engagement::time_on_page).layer(DefaultBodyLimit::max(32)).layer(rate_limited.clone()),
        )
        .route("/track", post(lookup::find).layer(Extension(lookups)))
        .route("/shops/{slug}/logo/{digest}", get(logo::serve).layer(rate_limited))
}

/// What the pages' server functions and SSR renders get as Leptos context.
pub fn services(state: &AppState, settings: &Settings) -> AppServices {
    AppServices {
        journeys: Arc::new(JourneyPages { storage: state.storage.clone(), forecasts: state.live.forecasts.clone() })
            as Arc<dyn JourneyRepository>,
        rewards: Arc::new(ShopperRewardsService {
            storage: state.storage.clone(),
            live: state.live.clone(),
            default_shop: settings.demo.enabled.then(|| DEMO_MERCHANT_SLUG.to_owned()),
        }) as Arc<dyn ShopperRewards>,
        sharing: state.sharing.clone() as Arc<dyn JourneySharing>,
        console: Arc::new(ConsoleDesk::new(state.clone())) as Arc<dyn ConsoleServices>,
        help: Arc::new(help::JourneyHelp { storage: state.storage.clone() }),
        public_url: settings.site.public_url.clone(),
        map: MapConfig {
            tile_url: settings.map.tile_url.as_ref().map(|url| url.template().to_owned()),
            tile_attribution: settings.map.tile_attribution.clone(),
        },
        demo: settings.demo.enabled,
    }
}
