//! `POST /track`: the lookup form's answer. A tracking number (Trekpost's or a carrier's) and
//! the destination postal code lead to the journey page; anything else, a wrong postal code or
//! a number that does not exist, gets one and the same answer, and each client has only a few
//! tries a minute, so the form cannot be used to find out which parcels exist.

use crate::http::client::ClientAddr;
use crate::http::problem::Problem;
use crate::http::rate_limit::RateLimiter;
use crate::state::AppState;
use app::domain::shipment::postal_codes_match;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Instant;

/// Missing fields are empty: they find nothing, like any other miss.
#[derive(Debug, Deserialize)]
pub struct LookupForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    postal_code: String,
}

/// The limiter for lookups, separate from (and much stricter than) the API's.
#[derive(Clone)]
pub struct LookupLimiter(pub Arc<RateLimiter>);

pub async fn find(
    State(state): State<AppState>,
    Extension(LookupLimiter(limiter)): Extension<LookupLimiter>,
    ClientAddr(client): ClientAddr,
    form: Result<Form<LookupForm>, FormRejection>,
) -> Response {
    if let Err(wait) = limiter.check(client, Instant::now()) {
        let mut response = Redirect::to("/track?result=too-many").into_response();
        response.headers_mut().insert(header::RETRY_AFTER, wait.as_secs().max(1).into());
        return response;
    }
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) => {
            let problem = Problem::new(rejection.status(), "Unreadable lookup form", rejection.body_text());
            return problem.with_field("body").into_response();
        }
    };
    let number: String = form.number.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let found = match state.storage.shipments_by_number(&number).await {
        Ok(found) => found,
        Err(error) => {
            tracing::error!(error = %error, "parcel lookup failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let mut matching = found
        .into_iter()
        .filter(|(_, postal)| postal.as_deref().is_some_and(|stored| postal_codes_match(&form.postal_code, stored)));
    // A carrier's number is unique within a shop, not across shops: when two shops' parcels
    // answer, neither is shown (which would be a guess, and one shop's parcel to another's
    // shopper); the answer is the same as for no parcel.
    let Some((shipment, _)) = matching.next().filter(|_| matching.next().is_none()) else {
        return Redirect::to("/track?result=not-found").into_response();
    };
    // Only hashes of links are stored, so the lookup issues a link of its own, which lasts
    // as long as a parcel's journey reasonably does.
    let token = crate::ids::new_shopper_token();
    let expires_at = chrono::Utc::now() + chrono::Duration::days(LOOKUP_LINK_DAYS);
    match state.storage.add_journey_token(shipment, &token, Some(expires_at)).await {
        Ok(()) => Redirect::to(&token.journey_path()).into_response(),
        Err(error) => {
            tracing::error!(error = %error, "parcel lookup link not stored");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// How long a link issued by a lookup opens the journey.
const LOOKUP_LINK_DAYS: i64 = 60;
