//! `POST /api/v1/shipments/{tracking_number}/positions`: record where a parcel is. The
//! position is committed, then fanned out to every open journey page, then acknowledged.

use super::auth::AuthenticatedMerchant;
use super::json::ApiJson;
use super::problem::Problem;
use crate::startup::AppState;
use app::domain::{GeoPoint, Latitude, Longitude, TrackingNumber};
use app::journey::model::{LiveUpdate, PositionFix};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::Deserialize;

/// How far ahead of the server's clock a reported time may be.
const MAX_CLOCK_SKEW: Duration = Duration::minutes(5);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionInput {
    lat: Latitude,
    lon: Longitude,
    /// When the position was measured, RFC 3339 with offset; defaults to now.
    recorded_at: Option<DateTime<FixedOffset>>,
}

pub async fn record_position(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    Path(tracking_number): Path<String>,
    ApiJson(input): ApiJson<PositionInput>,
) -> Result<(StatusCode, Json<PositionFix>), Problem> {
    let number =
        TrackingNumber::parse(&tracking_number).map_err(|e| Problem::bad_request("tracking_number", e.to_string()))?;
    let recorded_at = input.recorded_at.map_or_else(Utc::now, |at| at.with_timezone(&Utc));
    if recorded_at > Utc::now() + MAX_CLOCK_SKEW {
        return Err(Problem::invalid_field("recorded_at", "lies in the future"));
    }
    let shipment = state
        .storage
        .shipment_of_merchant(merchant, &number)
        .await?
        .ok_or_else(|| Problem::not_found(format!("you have no shipment {number}")))?;
    let point = GeoPoint { lat: input.lat, lon: input.lon };
    let fix = state.storage.record_position(shipment, point, recorded_at).await?;
    let watchers = state.hub.publish(shipment, &LiveUpdate::Position(fix.clone()));
    tracing::info!(shipment = shipment.0, position = fix.id, watchers, "position recorded");
    Ok((StatusCode::CREATED, Json(fix)))
}
