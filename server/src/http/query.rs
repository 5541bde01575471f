//! Query strings parsed into a typed struct, refused as problem+json naming the parameter
//! (axum's own `Query` answers a bad one with a plain-text 400).

use super::problem::Problem;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// `?name=value…` as `T`; a parameter of the wrong type is a 422 naming it.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parse(parts.uri.query().unwrap_or_default()).map(Self)
    }
}

fn parse<T: DeserializeOwned>(query: &str) -> Result<T, Problem> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let field = error.path().to_string();
        let field = if field == "." { "query".to_owned() } else { field };
        Problem::invalid_field(field, error.into_inner().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Page {
        limit: Option<i64>,
    }

    #[test]
    fn a_parameter_of_the_wrong_type_is_named() {
        let problem = parse::<Page>("limit=ten").unwrap_err();
        assert_eq!(problem.field(), Some("limit"));
        assert_eq!(problem.status(), axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(parse::<Page>("limit=10").unwrap().limit, Some(10));
        assert!(parse::<Page>("").is_ok());
    }
}
