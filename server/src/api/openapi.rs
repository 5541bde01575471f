//! `GET /api/v1/openapi.json`: the API described for client generators and humans. Written by
//! hand; a test checks that every route the router serves is in it.

use axum::http::header;
use axum::response::IntoResponse;

pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_openapi_and_names_every_route() {
        let doc: serde_json::Value = serde_json::from_str(DOCUMENT).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let source = include_str!("mod.rs");
        let mut routes = 0;
        for line in source.lines().filter(|l| l.trim_start().starts_with(".route(\"")) {
            let path = line.split('"').nth(1).unwrap();
            assert!(doc["paths"].get(path).is_some(), "{path} is served but not documented");
            routes += 1;
        }
        assert_eq!(routes, doc["paths"].as_object().unwrap().len(), "documented paths that are not served");
    }
}
