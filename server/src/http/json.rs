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
            } else {
                Problem::bad_request("body", rejection.body_text())
            }
        })?;
        Ok(JsonBody(body))
    }
}

/// Parses JSON: bad syntax is a 400 about the body, a value that does not fit a 422 naming it.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    json::parse(body).map_err(|error| match error {
        JsonError::Syntax(_) => Problem::bad_request("body", error.to_string()),
        JsonError::Field(error) => Problem::from(error),
    })
}

/// As [`parse`], for JSON already read (a batch item, a CSV row): no second trip through text.
pub fn parse_value<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, Problem> {
    json::from_value(value, "").map_err(Problem::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::Latitude;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Input {
        lat: Latitude,
        note: Option<String>,
    }

    #[test]
    fn a_bad_value_names_its_field() {
        let problem = parse::<Input>(br#"{"lat": 123.5}"#).unwrap_err();
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(json["status"], 422);
        assert_eq!(json["field"], "lat");
        assert_eq!(json["detail"], "latitude 123.5 is outside -90..=90");
    }

    #[test]
    fn missing_and_unknown_fields_are_named() {
        let json = serde_json::to_value(parse::<Input>(br#"{}"#).unwrap_err()).unwrap();
        assert_eq!((json["status"].as_u64(), json["field"].as_str()), (Some(422), Some("lat")));
        assert!(json["detail"].as_str().unwrap().contains("missing field `lat`"));
        let json = serde_json::to_value(parse::<Input>(br#"{"lat": 1, "latt": 2}"#).unwrap_err()).unwrap();
        assert_eq!(json["field"], "latt");
        assert!(json["detail"].as_str().unwrap().contains("unknown field `latt`"));
    }

    #[test]
    fn broken_json_is_a_400() {
        let json = serde_json::to_value(parse::<Input>(br#"{"lat": "#).unwrap_err()).unwrap();
        assert_eq!(json["status"], 400);
        assert_eq!(json["field"], "body");
    }
}
