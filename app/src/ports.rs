//! What the server functions need from the server, as traits the server implements.
//! Keeps `app` free of storage code while its server functions run on the server.

use crate::console::SignedIn;
use crate::domain::gamification::DisplayName;
use crate::domain::share::ShareSlug;
use crate::domain::wismo::{ContactCategory, DisputeReason, Measure};
use crate::domain::ShopperToken;
use crate::i18n::Locale;
use crate::model::analytics::{
    EngagementFigures, FeedbackFigures, OrderBehindRow, PerformanceFigures, WismoFigures, WismoFilter,
};
use crate::model::console::{
    ApiKeyRow, AttentionList, CouponPoolRow, DeadLetterRow, DesignDesk, DesignSaved, EventAdded, ImportForm,
    ImportKind, ImportProgress, IssuedApiKey, ReplayOutcome, ShipmentDetail, ShipmentHit, UserAdded, UserRow,
    WebhookSetting,
};
use crate::model::journey::{JourneySummary, JourneyView};
use crate::model::rewards::{Board, JourneyRewards, LeaderboardView, ShopperRewardsView};
use crate::model::share::{ShareLink, ShareRequest, ShareView};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
#[error("journey storage failed: {0}")]
pub struct RepositoryError(#[from] pub Box<dyn std::error::Error + Send + Sync>);

#[async_trait::async_trait]
pub trait JourneyRepository: Send + Sync + 'static {
    async fn journey_by_token(&self, token: &ShopperToken) -> Result<Option<JourneyView>, RepositoryError>;
    async fn demo_journeys(&self) -> Result<Vec<JourneySummary>, RepositoryError>;
    /// Counts one opening of the journey page; returns the view's id (for its time on page).
    async fn record_view(&self, token: &ShopperToken) -> Result<Option<i64>, RepositoryError>;
}

/// What a rating did.
#[derive(Debug, Clone, PartialEq)]
pub enum Rating {
    /// Recorded; the shipment's rewards after the rules ran.
    Recorded(JourneyRewards),
    /// Only a delivered parcel can be rated.
    NotDelivered,
    AlreadyRated,
    UnknownJourney,
}

/// The shopper's side of gamification, behind their secret journey token.
#[async_trait::async_trait]
pub trait ShopperRewards: Send + Sync + 'static {
    /// Rates a delivered journey, once; `locale` is the language the shopper wrote in.
    async fn rate_delivery(
        &self,
        token: &ShopperToken,
        rating: &crate::domain::wismo::DeliveryRating,
        locale: crate::i18n::Locale,
    ) -> Result<Rating, RepositoryError>;
    /// The board of the shop named by `shop` (a merchant slug) or of the token's shipment, with
    /// the token's shopper's standing. `None` when neither names a shop.
    async fn leaderboard(
        &self,
        shop: Option<&str>,
        me: Option<&ShopperToken>,
        board: Board,
    ) -> Result<Option<LeaderboardView>, RepositoryError>;
    async fn my_rewards(&self, token: &ShopperToken) -> Result<Option<ShopperRewardsView>, RepositoryError>;
    /// Shows the chosen name on leaderboards, or hides it (`None`). False for an unknown token.
    async fn set_display_name(&self, token: &ShopperToken, name: Option<DisplayName>) -> Result<bool, RepositoryError>;
}

/// What a share link leads to, before the page adds its absolute addresses.
#[derive(Debug, Clone, PartialEq)]
pub enum SharedView {
    Open(Box<ShareView>),
    /// Revoked or expired.
    Gone,
    NotFound,
}

/// Public share links: created and revoked behind the shopper's secret token, opened by anyone
/// with the link.
#[async_trait::async_trait]
pub trait JourneySharing: Send + Sync + 'static {
    /// The journey's newest open link, or a new one; `None` for an unknown token. Creating the
    /// first link counts as sharing for the rewards. `locale` is the card's language.
    async fn share(
        &self,
        token: &ShopperToken,
        request: ShareRequest,
        locale: Locale,
    ) -> Result<Option<ShareLink>, RepositoryError>;
    /// Closes the link for good; false when the token does not own it.
    async fn revoke(&self, token: &ShopperToken, slug: &ShareSlug) -> Result<bool, RepositoryError>;
    async fn shared_view(&self, slug: &ShareSlug) -> Result<SharedView, RepositoryError>;
}

/// What the seller console's server functions ask of the server. Every call names the
/// signed-in user, and answers only with what belongs to their merchant.
#[async_trait::async_trait]
pub trait ConsoleServices: Send + Sync + 'static {
    async fn attention(&self, who: &SignedIn) -> Result<AttentionList, RepositoryError>;
    async fn api_keys(&self, who: &SignedIn) -> Result<Vec<ApiKeyRow>, RepositoryError>;
    async fn create_api_key(&self, who: &SignedIn) -> Result<IssuedApiKey, RepositoryError>;
    /// False when the merchant has no live key with this prefix.
    async fn revoke_api_key(&self, who: &SignedIn, prefix: &str) -> Result<bool, RepositoryError>;
    /// The replacement; `None` when the merchant has no live key with this prefix.
    async fn rotate_api_key(&self, who: &SignedIn, prefix: &str) -> Result<Option<IssuedApiKey>, RepositoryError>;
    async fn find_shipments(&self, who: &SignedIn, query: &str) -> Result<Vec<ShipmentHit>, RepositoryError>;
    /// `None` when the merchant has no shipment with this tracking number.
    async fn shipment(&self, who: &SignedIn, tracking_number: &str) -> Result<Option<ShipmentDetail>, RepositoryError>;
    /// Adds an event as the native API would (`event` is its JSON, validated the same way);
    /// `None` when the merchant has no such shipment.
    async fn add_event(
        &self,
        who: &SignedIn,
        tracking_number: &str,
        event: serde_json::Value,
    ) -> Result<Option<EventAdded>, RepositoryError>;
    async fn webhooks(&self, who: &SignedIn) -> Result<Vec<WebhookSetting>, RepositoryError>;
    /// Sets (or replaces) the secret the aggregator signs with; `Err` names what is wrong with it.
    async fn set_webhook_secret(
        &self,
        who: &SignedIn,
        aggregator: &str,
        secret: &str,
    ) -> Result<Result<(), crate::domain::FieldError>, RepositoryError>;
    /// The merchant's dead letters, newest first, with ids below `before`.
    async fn dead_letters(&self, who: &SignedIn, before: Option<i64>) -> Result<Vec<DeadLetterRow>, RepositoryError>;
    /// Sends the letter's payload through the endpoint it first came to.
    async fn replay_dead_letter(&self, who: &SignedIn, id: i64) -> Result<ReplayOutcome, RepositoryError>;
    async fn users(&self, who: &SignedIn) -> Result<Vec<UserRow>, RepositoryError>;
    /// A new user of the merchant with a generated password.
    async fn add_user(&self, who: &SignedIn, email: &str, role: &str) -> Result<UserAdded, RepositoryError>;
    /// False when the merchant has no such active user.
    async fn disable_user(&self, who: &SignedIn, email: &str) -> Result<bool, RepositoryError>;
    /// A new journey link for the shipment's shopper (its path); `None` for no such shipment.
    async fn new_journey_link(&self, who: &SignedIn, tracking_number: &str) -> Result<Option<String>, RepositoryError>;
    /// The files an import takes: their columns and largest size.
    fn import_form(&self) -> ImportForm;
    /// Starts importing a CSV file (checked, then written, as `server import` does) in the
    /// background: the import's id to poll, or why it cannot start.
    async fn start_import(
        &self,
        who: &SignedIn,
        kind: ImportKind,
        file_name: String,
        skip_invalid: bool,
        csv: Vec<u8>,
    ) -> Result<Result<String, crate::domain::FieldError>, RepositoryError>;
    /// Where the merchant's import stands; `None` for an id it did not start (or long finished).
    async fn import_progress(&self, who: &SignedIn, id: &str) -> Result<Option<ImportProgress>, RepositoryError>;
    async fn design(&self, who: &SignedIn) -> Result<DesignDesk, RepositoryError>;
    /// Checks the draft and, when it is valid, shows it in the user's preview; the fields
    /// that are wrong otherwise.
    async fn preview_design(
        &self,
        who: &SignedIn,
        draft: crate::domain::design::DesignDraft,
    ) -> Result<Vec<crate::domain::FieldError>, RepositoryError>;
    /// Saves the draft as the version after `base`.
    async fn save_design(
        &self,
        who: &SignedIn,
        base: i64,
        draft: crate::domain::design::DesignDraft,
    ) -> Result<DesignSaved, RepositoryError>;
    /// Keeps an uploaded logo: its digest, or why it is refused.
    async fn upload_logo(
        &self,
        who: &SignedIn,
        bytes: Vec<u8>,
    ) -> Result<Result<String, crate::domain::FieldError>, RepositoryError>;
    /// Adds the shop's own codes (one per line) to a pool: the pools after, or what is wrong.
    async fn add_coupon_codes(
        &self,
        who: &SignedIn,
        pool: &str,
        codes: &str,
    ) -> Result<Result<Vec<CouponPoolRow>, crate::domain::FieldError>, RepositoryError>;
    /// The journey the user's preview shows, wearing their last previewed draft (or the live
    /// design).
    async fn preview_journey(&self, who: &SignedIn) -> Result<Option<JourneyView>, RepositoryError>;
    /// The five WISMO measures per week over the filter's weeks (the last nine by default).
    async fn wismo(&self, who: &SignedIn, filter: &WismoFilter) -> Result<WismoFigures, RepositoryError>;
    /// Carrier and lane performance over the filter's weeks.
    async fn performance(&self, who: &SignedIn, filter: &WismoFilter) -> Result<PerformanceFigures, RepositoryError>;
    /// Ratings over time and per lane, and the themes of the shoppers' comments.
    async fn feedback(&self, who: &SignedIn, filter: &WismoFilter) -> Result<FeedbackFigures, RepositoryError>;
    /// How shoppers used the journey pages of the filter's orders.
    async fn engagement(&self, who: &SignedIn, filter: &WismoFilter) -> Result<EngagementFigures, RepositoryError>;
    /// The orders behind one measure, worst first: in one week (the Monday of `week`), or in all
    /// the filter's weeks.
    async fn orders_behind(
        &self,
        who: &SignedIn,
        filter: &WismoFilter,
        measure: Measure,
        week: Option<chrono::NaiveDate>,
    ) -> Result<Vec<OrderBehindRow>, RepositoryError>;
}

/// What a shopper's question did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// Recorded as a contact, with its id (to pass it on to the shop).
    Recorded(i64),
    UnknownJourney,
}

pub use crate::model::analytics::DisputeFiled;

/// The journey page's help entry and problem report, behind the shopper's secret token.
#[async_trait::async_trait]
pub trait ShopperHelp: Send + Sync + 'static {
    /// Records a WISMO contact with the stage and silence the journey is at now.
    async fn ask(&self, token: &ShopperToken, category: ContactCategory) -> Result<Asked, RepositoryError>;
    /// Passes a contact on to the shop; false when it is not this journey's.
    async fn pass_on(&self, token: &ShopperToken, contact: i64) -> Result<bool, RepositoryError>;
    async fn report_problem(
        &self,
        token: &ShopperToken,
        reason: DisputeReason,
        comment: Option<String>,
    ) -> Result<DisputeFiled, RepositoryError>;
}

/// Map settings the page needs.
#[derive(Debug, Clone, Default)]
pub struct MapConfig {
    /// An XYZ tile URL template; without it the page uses the bundled world outline.
    pub tile_url: Option<String>,
    pub tile_attribution: Option<String>,
}

/// Provided as Leptos context to every server function and SSR render.
#[derive(Clone)]
pub struct AppServices {
    pub journeys: Arc<dyn JourneyRepository>,
    pub rewards: Arc<dyn ShopperRewards>,
    pub sharing: Arc<dyn JourneySharing>,
    pub console: Arc<dyn ConsoleServices>,
    pub help: Arc<dyn ShopperHelp>,
    pub map: MapConfig,
    /// The site's address as the world reaches it (`https://track.example.com`), for the
    /// absolute links social networks need; unset, the request's Host is used.
    pub public_url: Option<String>,
    /// Whether the landing page lists the demo merchant's journeys.
    pub demo: bool,
}
