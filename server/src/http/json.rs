//! JSON request bodies: the content type and size checked, then read by the domain's one
//! JSON rule (`app::domain::json`) into a problem+json naming the field at fault.

use super::problem::Problem;
use app::domain::json::{self, JsonError};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;

pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let JsonBody(body) = JsonBody::from_request(request, state).await?;
        parse(&body).map(ApiJson)
    }
}

/// The raw bytes of a JSON body (content type and size checked), for handlers that must keep
/// what they could not parse or check a signature over the exact bytes.
pub struct JsonBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime.eq_ignore_ascii_case("application/json") || mime.ends_with("+json")
            });
        if !is_json {
            return Err(Problem::unsupported_media_type());
        }
        let body = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                Problem::payload_too_large()
            } else if is_body_timeout(&rejection) {
                Problem::new(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    "Request timeout",
                    "the body did not arrive in time; nothing from this request was accepted",
                )
                .with_field("body")
            } else {
                Problem::bad_request("body", rejection.body_text())
            }
        })?;
        Ok(JsonBody(body))
    }
}

/// Whether buffering the body failed because it arrived too slowly (tower-http's body timeout).
fn is_body_timeout(rejection: &axum::extract::rejection::BytesRejection) -> bool {
    use std::error::Error;
    let mut source = rejection.source();
    while let Some(error) = source {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        source = error.source();
    }
    false
}

/// Parses a JSON object: bad syntax is a 400 about the body, a value that does not fit a 422
/// naming it.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    let problem = |error: JsonError| match error {
        JsonError::Syntax(_) => Problem::bad_request("body", error.to_string()),
        JsonError::Field(error) => Problem::from(error),
    };
    // Every body this API takes is an object (serde alone would read a struct from an array);
    // the first byte tells, so an object is read once, straight into `T`.
    if body.trim_ascii_start().first() != Some(&b'{') {
        json::parse::<serde_json::Value>(body).map_err(problem)?;
        return Err(not_an_object());
    }
    json::parse(body).map_err(problem)
}

fn not_an_object() -> Problem {
    Problem::invalid_field("body", "must be a JSON object")
}

/// As [`parse`], for JSON already read (a batch item): no second trip through text.
pub fn parse_value<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, Problem> {
    // Every body this API takes is an object; serde alone would read a struct from an array.
    if !value.is_object() {
        return Err(not_an_object());
    }
    json::from_value(value, "").map_err(Problem::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::Latitude;

    /// The domain's rule decides the field (its own tests say how); here, only the statuses.
    #[test]
    fn a_value_that_does_not_fit_is_a_422_naming_it_and_broken_json_a_400_about_the_body() {
        type Body = std::collections::BTreeMap<String, Latitude>;
        let problem = serde_json::to_value(parse::<Body>(br#"{"lat": 123.5}"#).unwrap_err()).unwrap();
        assert_eq!((problem["status"].as_u64(), problem["field"].as_str()), (Some(422), Some("lat")));
        assert_eq!(problem["detail"], "latitude 123.5 is outside -90..=90");
        let problem = serde_json::to_value(parse::<Body>(br#"{"lat": "#).unwrap_err()).unwrap();
        assert_eq!((problem["status"].as_u64(), problem["field"].as_str()), (Some(400), Some("body")));
        // serde would read a struct from an array: the API takes objects only.
        let problem = serde_json::to_value(parse::<Body>(b"[1]").unwrap_err()).unwrap();
        assert_eq!((problem["status"].as_u64(), problem["field"].as_str()), (Some(422), Some("body")));
    }
}
