//! `GET`/`PUT /api/v1/brand`: the merchant's brand colour, the accent of their shoppers' share
//! pages and cards (`null`: Trekpost's own blue).

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
    let colour = state.storage.brand_colour(merchant).await?;
    Ok(Json(BrandBody { colour: colour.map(String::from) }))
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
    state.storage.set_brand_colour(merchant, colour.as_ref()).await?;
    Ok(Json(BrandBody { colour: colour.map(String::from) }))
}
