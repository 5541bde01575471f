//! `POST /console/journeys`: opens a shipment's journey page as its shopper sees it. Only
//! hashes of journey links are stored, so the console issues a link of its own, one that
//! lapses after a day, for the seller's look; the shopper's own link is untouched.

use crate::http::problem::Problem;
use crate::state::AppState;
use crate::storage::MerchantId;
use app::console::SignedIn;
use app::domain::TrackingNumber;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

/// How long a link issued for a seller's look opens the journey.
const LOOK_HOURS: i64 = 24;

#[derive(Deserialize)]
pub struct OpenJourney {
    #[serde(default)]
    tracking_number: String,
}

pub async fn open(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    form: Result<Form<OpenJourney>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else { return Problem::bad_request("body", "send tracking_number").into_response() };
    let number = match TrackingNumber::parse(&form.tracking_number) {
        Ok(number) => number,
        Err(error) => return Problem::invalid_field("tracking_number", error.to_string()).into_response(),
    };
    // Scoped to the signed-in merchant: another shop's number is simply not found.
    let shipment = match state.storage.shipment_of_merchant(MerchantId(who.merchant_id), &number).await {
        Ok(Some(shipment)) => shipment,
        Ok(None) => return Problem::not_found("you have no shipment with this tracking number").into_response(),
        Err(error) => return Problem::from(error).into_response(),
    };
    let token = crate::ids::new_shopper_token();
    let expires_at = chrono::Utc::now() + chrono::Duration::hours(LOOK_HOURS);
    match state.storage.add_journey_token(shipment, &token, Some(expires_at)).await {
        Ok(()) => Redirect::to(&token.journey_path()).into_response(),
        Err(error) => Problem::from(error).into_response(),
    }
}
