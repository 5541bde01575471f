//! `POST /console/journeys`: opens a shipment's journey page as its shopper sees it. Only
//! hashes of journey links are stored, so the console issues a link of its own, one that
//! lapses after a day, for the seller's look; the shopper's own link is untouched.

use crate::api::shipments::{issue_journey_link, parse_number};
use crate::http::problem::Problem;
use crate::state::AppState;
use crate::storage::MerchantId;
use app::console::SignedIn;
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
    let number = match parse_number(&form.tracking_number) {
        Ok(number) => number,
        Err(problem) => return problem.into_response(),
    };
    // Scoped to the signed-in merchant: another shop's number is simply not found.
    let expires_at = chrono::Utc::now() + chrono::Duration::hours(LOOK_HOURS);
    match issue_journey_link(state.storage.as_ref(), MerchantId(who.merchant_id), &number, Some(expires_at)).await {
        Ok(Some(token)) => Redirect::to(&token.journey_path()).into_response(),
        Ok(None) => Problem::not_found("you have no shipment with this tracking number").into_response(),
        Err(error) => Problem::from(error).into_response(),
    }
}
