//! `GET /shops/{slug}/logo/{digest}`: a shop's uploaded logo, public like the pages it heads.
//! Its address names its bytes, so it is cached for good; its type was told from its bytes
//! when it was uploaded, and the browser is told not to guess another.

use crate::http::problem::Problem;
use crate::state::AppState;
use app::domain::design::LogoDigest;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub async fn serve(
    State(state): State<AppState>,
    Path((slug, digest)): Path<(String, String)>,
) -> Result<Response, Problem> {
    let not_found = || Problem::not_found("no such logo");
    let digest = LogoDigest::parse(&digest).map_err(|_| not_found())?;
    let merchant = state.storage.merchant_by_slug(&slug).await?.ok_or_else(not_found)?;
    let (kind, bytes) = state.storage.logo(merchant, &digest).await?.ok_or_else(not_found)?;
    Ok((
        [
            (header::CONTENT_TYPE, kind.content_type()),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'"),
        ],
        bytes,
    )
        .into_response())
}
