//! Cross-site request forgery: a console request that changes anything must come from the
//! console's own pages. Browsers say where a request comes from (`Sec-Fetch-Site`, and
//! `Origin` on every POST), and a page on another site cannot forge either, so the check is
//! strict: same-origin by `Sec-Fetch-Site`, or an `Origin` naming this site; anything else
//! (another site, no evidence at all) is refused with 403 before the handler runs. Together
//! with `SameSite=Lax` cookies this needs no token in the forms.

use crate::http::problem::Problem;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The addresses this site answers on besides the request's own Host (`site.public_url`).
#[derive(Debug, Clone, Default)]
pub struct OwnOrigins(pub Vec<String>);

/// Whether a state-changing request to the console comes from this site.
pub fn same_site(headers: &HeaderMap, own: &OwnOrigins) -> bool {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    match header("sec-fetch-site") {
        Some("same-origin") => return true,
        // "same-site" is a sibling subdomain, which may be someone else's.
        Some(_) => return false,
        None => {}
    }
    let Some(origin) = header(header::ORIGIN.as_str()) else { return false };
    let origin = origin.trim_end_matches('/');
    if own.0.iter().any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(origin)) {
        return true;
    }
    // Otherwise the Origin's host must be the Host the request was sent to (the scheme may
    // differ behind a TLS-terminating proxy; the host cannot).
    let host = header(header::HOST.as_str());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses cross-site state changes under `/console`.
pub async fn refuse_cross_site(
    axum::extract::State(own): axum::extract::State<OwnOrigins>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path().starts_with(super::PREFIX)
        && changes_state(request.method())
        && !same_site(request.headers(), &own)
    {
        let problem = Problem::new(
            axum::http::StatusCode::FORBIDDEN,
            "Cross-site request refused",
            "console changes must come from the console's own pages; nothing was changed",
        );
        return problem.with_field("Origin").into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn the_browsers_own_word_decides_first() {
        let own = OwnOrigins::default();
        assert!(same_site(&headers(&[("sec-fetch-site", "same-origin")]), &own));
        for other in ["cross-site", "same-site", "none"] {
            let h = headers(&[("sec-fetch-site", other), ("origin", "http://shop.test"), ("host", "shop.test")]);
            assert!(!same_site(&h, &own), "{other}");
        }
    }

    #[test]
    fn otherwise_the_origin_must_be_this_site() {
        let own = OwnOrigins(vec!["https://track.example.com".into()]);
        assert!(same_site(&headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")]), &own));
        assert!(same_site(&headers(&[("origin", "https://track.example.com"), ("host", "10.0.0.5:3000")]), &own));
        assert!(!same_site(&headers(&[("origin", "http://evil.test"), ("host", "127.0.0.1:3000")]), &own));
        assert!(!same_site(&headers(&[("origin", "http://127.0.0.1:3001"), ("host", "127.0.0.1:3000")]), &own));
        assert!(!same_site(&headers(&[("origin", "null"), ("host", "127.0.0.1:3000")]), &own));
        assert!(!same_site(&headers(&[("host", "127.0.0.1:3000")]), &own), "no evidence is refused");
    }
}
