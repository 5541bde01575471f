//! `/api/v1/api-keys`: the merchant's own keys. List them (prefix, created, last used, revoked;
//! never the key), issue another, revoke one (it gets 401 from the next request on), or rotate
//! one (a new key replaces it in one step). The new key's plaintext is in the answer once.

use super::auth::{issue_key_for, rotate_key, AuthenticatedMerchant, IssuedKey};
use crate::http::problem::Problem;
use crate::state::AppState;
use crate::storage::ApiKeyInfo;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct KeyList {
    pub api_keys: Vec<ApiKeyInfo>,
}

/// A key just issued: `key` is shown this once.
#[derive(Debug, Serialize)]
pub struct NewKey {
    pub key: String,
    pub prefix: String,
}

impl From<IssuedKey> for NewKey {
    fn from(key: IssuedKey) -> Self {
        Self { key: key.plaintext, prefix: key.prefix }
    }
}

fn no_such_key(prefix: &str) -> Problem {
    Problem::not_found(format!("you have no live API key with prefix {prefix:?}"))
}

pub async fn list(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
) -> Result<Json<KeyList>, Problem> {
    Ok(Json(KeyList { api_keys: state.storage.api_keys(merchant).await? }))
}

pub async fn create(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
) -> Result<(StatusCode, Json<NewKey>), Problem> {
    let key = issue_key_for(state.storage.as_ref(), merchant).await?;
    Ok((StatusCode::CREATED, Json(key.into())))
}

pub async fn revoke(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    Path(prefix): Path<String>,
) -> Result<StatusCode, Problem> {
    if state.storage.revoke_api_key(merchant, &prefix).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_such_key(&prefix))
    }
}

pub async fn rotate(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    Path(prefix): Path<String>,
) -> Result<(StatusCode, Json<NewKey>), Problem> {
    match rotate_key(state.storage.as_ref(), merchant, &prefix).await? {
        Some(key) => Ok((StatusCode::CREATED, Json(key.into()))),
        None => Err(no_such_key(&prefix)),
    }
}
