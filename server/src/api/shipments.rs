//! `POST /api/v1/shipments` and `GET /api/v1/shipments/{tracking_number}`: a merchant creates
//! a shipment with its legs and reads it back with every event and the state they add up to.

use super::auth::AuthenticatedMerchant;
use super::dead_letters::Rejection;
use crate::http::json::{self, JsonBody};
use crate::http::problem::Problem;
use crate::state::AppState;
use crate::storage::{Engagement, MerchantId, NewShipment, ShipmentRecord, Storage, StorageError, StoredEvent};
use app::domain::event::EventSource;
use app::domain::shipment::{Leg, RoutePlace, ServiceLevel, ShipmentInput, ShipmentSpec, Shopper};
use app::domain::shipment_state::OpenProblem;
use app::domain::tracking_number::TrackingNumberError;
use app::domain::{ShipmentStatus, ShopperToken, TrackingNumber};
use app::model::journey::MilestoneReached;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A shipment as the API returns it.
#[derive(Debug, Serialize)]
pub struct ShipmentView {
    pub tracking_number: TrackingNumber,
    /// The shopper's journey page: send this link, it is the only way in. Only in the answer
    /// that issued it (the shipment's creation, `POST …/journey-link`): Trekpost keeps a
    /// hash of it, never the link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey_path: Option<String>,
    pub order_ref: Option<String>,
    pub shopper: Shopper,
    pub origin: RoutePlace,
    pub destination: RoutePlace,
    pub service: ServiceLevel,
    pub eco: bool,
    pub legs: Vec<Leg>,
    pub status: ShipmentStatus,
    pub progress_percent: u8,
    pub milestones: Vec<MilestoneReached>,
    pub open_problem: Option<OpenProblem>,
    pub last_event_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// Every distinct event in journey order (by when it happened).
    pub events: Vec<StoredEvent>,
    /// Journey page views and seconds the shopper had it in view.
    pub engagement: Engagement,
}

impl From<ShipmentRecord> for ShipmentView {
    fn from(record: ShipmentRecord) -> Self {
        let ShipmentSpec { order_ref, shopper, origin, destination, service, eco, legs, .. } = record.spec;
        Self {
            journey_path: None,
            tracking_number: record.tracking_number,
            order_ref: order_ref.map(String::from),
            shopper,
            origin,
            destination,
            service,
            eco,
            legs,
            status: record.state.status,
            progress_percent: record.state.progress().percent(),
            milestones: record
                .state
                .milestones
                .iter()
                .map(|(milestone, reached_at)| MilestoneReached { milestone: *milestone, reached_at: *reached_at })
                .collect(),
            open_problem: record.state.open_problem,
            last_event_at: record.state.last_event_at,
            created_at: record.created_at,
            events: record.events,
            engagement: record.engagement,
        }
    }
}

pub async fn create_shipment(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    JsonBody(body): JsonBody,
) -> Result<(StatusCode, Json<ShipmentView>), Problem> {
    match accept_shipment(&state, merchant, &body).await {
        Ok(view) => Ok((StatusCode::CREATED, Json(view))),
        Err(rejection) => Err(rejection.kept(&state, merchant, EventSource::Native, SHIPMENTS_ENDPOINT, &body).await),
    }
}

pub const SHIPMENTS_ENDPOINT: &str = "/api/v1/shipments";

/// A new shipment from its JSON: the request's work, and a replayed dead letter's.
pub async fn accept_shipment(state: &AppState, merchant: MerchantId, body: &[u8]) -> Result<ShipmentView, Rejection> {
    let parsed = json::parse::<ShipmentInput>(body).and_then(|input| Ok(ShipmentSpec::from_input(input)?));
    let spec = parsed.map_err(Rejection::Refused)?;
    let shipment = NewShipment::issue(spec);
    state.storage.create_shipment(merchant, &shipment).await.map_err(Rejection::failed)?;
    tracing::info!(merchant = merchant.0, tracking_number = %shipment.tracking_number, "shipment created");
    let record = state
        .storage
        .shipment_record(merchant, &shipment.tracking_number)
        .await
        .map_err(Rejection::failed)?
        .ok_or_else(|| Rejection::Failed(Problem::internal()))?;
    Ok(ShipmentView { journey_path: Some(shipment.shopper_token.journey_path()), ..record.into() })
}

/// A new link to the shipment's journey page, for a shopper who lost theirs (the ones sent
/// before keep working).
#[derive(Debug, Serialize)]
pub struct JourneyLink {
    pub journey_path: String,
}

pub async fn new_journey_link(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    Path(tracking_number): Path<String>,
) -> Result<(StatusCode, Json<JourneyLink>), Problem> {
    let number = parse_number(&tracking_number)?;
    let token = issue_journey_link(state.storage.as_ref(), merchant, &number, None)
        .await?
        .ok_or_else(|| Problem::not_found(format!("you have no shipment {number}")))?;
    Ok((StatusCode::CREATED, Json(JourneyLink { journey_path: token.journey_path() })))
}

/// A new link to the merchant's shipment `number` (lasting until `expires_at`, or for good);
/// `None` when the merchant has no such shipment. Only its hash is stored.
pub async fn issue_journey_link(
    storage: &dyn Storage,
    merchant: MerchantId,
    number: &TrackingNumber,
    expires_at: Option<DateTime<Utc>>,
) -> Result<Option<ShopperToken>, StorageError> {
    let Some(shipment) = storage.shipment_of_merchant(merchant, number).await? else { return Ok(None) };
    let token = crate::ids::new_shopper_token();
    storage.add_journey_token(shipment, &token, expires_at).await?;
    Ok(Some(token))
}

/// A number of the right shape whose check character fails names no shipment: 404, as a
/// well-formed number nobody issued would.
pub fn parse_number(raw: &str) -> Result<TrackingNumber, Problem> {
    TrackingNumber::parse(raw).map_err(|e| match e {
        TrackingNumberError::Checksum => Problem::not_found(format!("no shipment has this number: {e}")),
        e => Problem::bad_request("tracking_number", e.to_string()),
    })
}

pub async fn get_shipment(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    Path(tracking_number): Path<String>,
) -> Result<Json<ShipmentView>, Problem> {
    let number = parse_number(&tracking_number)?;
    let record = state
        .storage
        .shipment_record(merchant, &number)
        .await?
        .ok_or_else(|| Problem::not_found(format!("you have no shipment {number}")))?;
    Ok(Json(record.into()))
}
