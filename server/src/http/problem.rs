//! RFC 9457 problem details: every API error is `application/problem+json` naming what was
//! wrong and, where one field is to blame, which.

use crate::storage::StorageError;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'static str,
    #[serde(serialize_with = "as_u16")]
    status: StatusCode,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
}

fn as_u16<S: serde::Serializer>(status: &StatusCode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u16(status.as_u16())
}

impl Problem {
    pub fn new(status: StatusCode, title: &'static str, detail: impl Into<String>) -> Self {
        Self { kind: "about:blank", title, status, detail: detail.into(), field: None }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The request is malformed: unreadable JSON, a bad path segment, a bad header.
    pub fn bad_request(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "Bad request", detail).with_field(field)
    }

    /// Well-formed, but a value is not acceptable (e.g. a latitude of 123).
    pub fn invalid_field(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "Invalid field", detail).with_field(field)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "Not found", detail)
    }

    pub fn payload_too_large() -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "Payload too large", "the body is larger than this endpoint accepts")
            .with_field("body")
    }

    pub fn unsupported_media_type() -> Self {
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", "send Content-Type: application/json")
            .with_field("Content-Type")
    }

    pub fn too_many_requests(retry_after_seconds: u64) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests",
            format!("slow down: try again in {retry_after_seconds} s; nothing from this request was accepted"),
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal error",
            "the request could not be completed; nothing was accepted",
        )
    }

    pub fn conflict(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "Conflict", detail).with_field(field)
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The same problem about a field one level down, e.g. `events[3].occurred_at`.
    pub fn inside(mut self, parent: &str) -> Self {
        self.field = Some(match self.field.take() {
            Some(field) if field != "body" => format!("{parent}.{field}"),
            _ => parent.to_owned(),
        });
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self).expect("problems always serialise");
        (self.status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response()
    }
}

impl From<StorageError> for Problem {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::Conflict { field, reason } => Problem::conflict(field, reason),
            error => {
                tracing::error!(error = ?error, "storage failed");
                Problem::internal()
            }
        }
    }
}

impl From<app::domain::FieldError> for Problem {
    fn from(error: app::domain::FieldError) -> Self {
        let field = if error.field.is_empty() { "body".to_owned() } else { error.field };
        Problem::invalid_field(field, error.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_problem_details_with_the_field() {
        let json = serde_json::to_value(Problem::invalid_field("lat", "latitude 123 is outside -90..=90")).unwrap();
        assert_eq!(json["status"], 422);
        assert_eq!(json["field"], "lat");
        assert_eq!(json["type"], "about:blank");
        assert!(json["detail"].as_str().unwrap().contains("123"));
    }
}
