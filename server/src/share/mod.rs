//! Sharing a journey: links created and revoked behind the shopper's token, the public view
//! behind a link (only what `ShareView` can hold), the card drawn from it, and the public
//! page's live stream.

pub mod card;
pub mod fonts;
pub mod http;
pub mod render;
pub mod views;

use crate::http::rate_limit;
use crate::live::LiveFeed;
use crate::state::AppState;
use crate::storage::{SharedStorage, StoredShareLink};
use app::domain::share::{link_is_open, ShareSlug};
use app::domain::ShopperToken;
use app::i18n::Locale;
use app::model::share::{ShareLink, ShareRequest, ShareView};
use app::ports::{JourneySharing, RepositoryError, SharedView};
use axum::middleware;
use axum::routing::get;
use axum::Router;
use chrono::Utc;
use render::{Card, CardCache, RenderError};
use std::sync::Arc;
use tokio::sync::broadcast;

/// `GET /s/{slug}/live` and `GET /s/{slug}/card.png`, within the client's rate budget (drawing a
/// card is the costliest public request). The page `/s/{slug}` itself is a Leptos route.
pub fn router(state: &AppState) -> Router<AppState> {
    let rate_limited = middleware::from_fn_with_state(state.rate_limiter.clone(), rate_limit::limit);
    Router::new()
        .route("/s/{slug}/live", get(http::live_stream))
        .route("/s/{slug}/card.png", get(http::card_png))
        .layer(rate_limited)
}

/// How many links' cards stay drawn in memory.
const CARDS_KEPT: usize = 512;

pub struct SharingService {
    storage: SharedStorage,
    live: Arc<LiveFeed>,
    cards: CardCache,
    /// Slugs revoked by their shoppers: open share pages close at once.
    revoked: broadcast::Sender<ShareSlug>,
    /// Share pages woken by one change read its view once, together.
    views: views::SharedViewReads,
}

/// A link's public view and the language its card speaks.
pub struct OpenShare {
    pub link: StoredShareLink,
    pub view: ShareView,
}

/// What opening a link found.
pub enum Opened {
    Open(Box<OpenShare>),
    Gone,
    NotFound,
}

impl SharingService {
    pub fn new(storage: SharedStorage, live: Arc<LiveFeed>) -> Self {
        Self {
            storage,
            live,
            cards: CardCache::new(CARDS_KEPT),
            revoked: broadcast::channel(64).0,
            views: views::SharedViewReads::default(),
        }
    }

    /// The link's public view, if it opens now.
    pub async fn open(&self, slug: &ShareSlug) -> Result<Opened, RepositoryError> {
        let Some(link) = self.storage.share_link(slug).await.map_err(RepositoryError::from)? else {
            return Ok(Opened::NotFound);
        };
        if !link_is_open(link.revoked_at, link.link.expires_at, Utc::now()) {
            return Ok(Opened::Gone);
        }
        let Some(journey) = self.storage.journey_of(link.shipment).await? else { return Ok(Opened::NotFound) };
        let view = ShareView::from_journey(
            &journey,
            link.shop_name.clone(),
            link.brand_colour.clone().unwrap_or_default(),
            Utc::now(),
        );
        Ok(Opened::Open(Box::new(OpenShare { link, view })))
    }

    /// The link's card as it looks now: drawn again only when the journey changed.
    pub async fn card(&self, share: &OpenShare) -> Result<Card, RenderError> {
        let locale = Locale::from_tag(&share.link.locale).unwrap_or_default();
        let svg = card::card_svg(&share.view, locale);
        self.cards.card(share.link.link.slug.as_str(), svg).await
    }

    /// The link's view as read no earlier than `since`, shared with every share page that
    /// asks for the same; `None` if it could not be read.
    pub async fn view_since(&self, slug: &ShareSlug, since: std::time::Instant) -> Option<SharedView> {
        self.views
            .read(slug, since, || async {
                self.read_view(slug)
                    .await
                    .inspect_err(|error| tracing::warn!(error = %error, "share page view not read"))
                    .ok()
            })
            .await
    }

    async fn read_view(&self, slug: &ShareSlug) -> Result<SharedView, RepositoryError> {
        Ok(match self.open(slug).await? {
            Opened::Open(share) => SharedView::Open(Box::new(share.view)),
            Opened::Gone => SharedView::Gone,
            Opened::NotFound => SharedView::NotFound,
        })
    }

    pub fn revocations(&self) -> broadcast::Receiver<ShareSlug> {
        self.revoked.subscribe()
    }

    /// The first link of a journey counts as sharing it: the rules grant what sharing earns.
    async fn reward_sharing(&self, shipment: crate::storage::ShipmentId) {
        let granted = async {
            let state = self.storage.shipment_state(shipment).await?;
            crate::rewards::evaluate(self.storage.as_ref(), &self.live.forecasts, shipment, &state).await
        };
        match granted.await {
            Ok(awards) if !awards.is_empty() => self.live.publish_rewards(self.storage.as_ref(), shipment).await,
            Ok(_) => {}
            // The link stands either way; the award follows with the journey's next event.
            Err(error) => tracing::warn!(error = %error, shipment = shipment.0, "sharing not rewarded yet"),
        }
    }
}

#[async_trait::async_trait]
impl JourneySharing for SharingService {
    async fn share(
        &self,
        token: &ShopperToken,
        request: ShareRequest,
        locale: Locale,
    ) -> Result<Option<ShareLink>, RepositoryError> {
        let Some(shipment) = self.storage.shipment_by_token(token).await.map_err(RepositoryError::from)? else {
            return Ok(None);
        };
        let now = Utc::now();
        // One open link per journey: sharing again gives the same link (stop it to change it).
        if let Some(link) =
            self.storage.open_share_links(shipment, now).await.map_err(RepositoryError::from)?.into_iter().next()
        {
            return Ok(Some(link));
        }
        let link = ShareLink {
            slug: crate::ids::new_share_slug(),
            created_at: now,
            expires_at: request.expiry.expires_at(now),
        };
        self.storage.create_share_link(shipment, &link, locale.tag()).await.map_err(RepositoryError::from)?;
        tracing::info!(shipment = shipment.0, expiry = request.expiry.code(), "journey shared");
        self.reward_sharing(shipment).await;
        Ok(Some(link))
    }

    async fn revoke(&self, token: &ShopperToken, slug: &ShareSlug) -> Result<bool, RepositoryError> {
        let Some(shipment) = self.storage.shipment_by_token(token).await.map_err(RepositoryError::from)? else {
            return Ok(false);
        };
        let revoked =
            self.storage.revoke_share_link(shipment, slug, Utc::now()).await.map_err(RepositoryError::from)?;
        if revoked {
            self.cards.forget(slug.as_str());
            // Nobody listening is fine.
            let _ = self.revoked.send(slug.clone());
        }
        Ok(revoked)
    }

    /// The shared page as it opens: counted as one view (its live refreshes are not).
    async fn shared_view(&self, slug: &ShareSlug) -> Result<SharedView, RepositoryError> {
        let view = self.read_view(slug).await?;
        if matches!(view, SharedView::Open(_)) {
            self.storage.count_share_view(slug).await?;
        }
        Ok(view)
    }
}
