//! `GET`/`PUT /api/v1/brand`: the merchant's brand colour, the accent of their shoppers'
//! journey and share pages and cards (`null`: Trekpost's own blue). White text on it must be
//! readable (WCAG AA contrast). A change is a new version of the shop's page design.

use super::auth::AuthenticatedMerchant;
use crate::http::json::{self, JsonBody};
use crate::http::problem::Problem;
use crate::state::AppState;
use app::model::share::BrandColour;
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandBody {
    /// `#rrggbb`, or `null` for the default.
    pub colour: Option<String>,
}

pub async fn get_brand(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
) -> Result<Json<BrandBody>, Problem> {
    let (_, design) = state.storage.current_design(merchant).await?;
    Ok(Json(BrandBody { colour: Some(design.colour.into()) }))
}

pub async fn put_brand(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    JsonBody(body): JsonBody,
) -> Result<Json<BrandBody>, Problem> {
    let body: BrandBody = json::parse(&body)?;
    let colour = body
        .colour
        .as_deref()
        .map(BrandColour::parse)
        .transpose()
        .map_err(|error| Problem::invalid_field("colour", error.to_string()))?;
    let colour = colour.unwrap_or_default();
    let saved = crate::design::update(state.storage.as_ref(), merchant, crate::design::API_AUTHOR, |draft| {
        draft.colour = colour.as_str().to_owned();
    })
    .await?
    .map_err(super::rewards::first_refusal)?;
    Ok(Json(BrandBody { colour: Some(saved.colour.into()) }))
}
