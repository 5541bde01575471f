//! What every response tells the browser to refuse: a Content-Security-Policy that runs only
//! the app's own scripts (and, on a page, the one inline hydration script carrying that
//! response's nonce), no MIME sniffing, no framing, and no journey URL sent on as a Referer.

use crate::config::MapSettings;
use axum::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::http::HeaderValue;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy of the rendered pages, with the tile server the configuration names.
#[derive(Debug, Clone)]
pub struct PagePolicy {
    /// Every directive but `script-src`, which takes the response's nonce.
    rest: String,
}

impl PagePolicy {
    pub fn new(map: &MapSettings) -> Self {
        // Tiles are images; the offline world outline is fetched from this origin.
        let tiles = map.tile_url.as_ref().map(|url| format!(" {}", url.csp_source())).unwrap_or_default();
        let rest = [
            "default-src 'self'".to_owned(),
            // Leaflet positions its panes with style attributes.
            "style-src 'self' 'unsafe-inline'".to_owned(),
            format!("img-src 'self' data:{tiles}"),
            "connect-src 'self'".to_owned(),
            "font-src 'self'".to_owned(),
            "object-src 'none'".to_owned(),
            "base-uri 'none'".to_owned(),
            "form-action 'self'".to_owned(),
        ]
        .join("; ");
        Self { rest }
    }

    /// The header for one page: scripts from this origin, the wasm they compile, and the
    /// inline script that carries `nonce`; no other inline script, no `eval`. No page is
    /// framed, but the console's preview, by the console's own pages.
    pub fn header(&self, nonce: &str, framed_by_own_pages: bool) -> HeaderValue {
        let ancestors = if framed_by_own_pages { "'self'" } else { "'none'" };
        let policy =
            format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; {}; frame-ancestors {ancestors}", self.rest);
        HeaderValue::from_str(&policy).expect("a base64 nonce and checked tile origin make a valid header")
    }
}

/// For a page being rendered: its CSP with the nonce Leptos put on its inline scripts. Called in
/// the Leptos context of each page render; outside one (a server function, a file) it does
/// nothing and [`layers`]'s policy applies.
pub fn send_page_policy(policy: &PagePolicy) {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        let preview = use_context::<axum::http::request::Parts>()
            .is_some_and(|parts| parts.uri.path() == app::console::DESIGN_PREVIEW_PATH);
        response.insert_header(CONTENT_SECURITY_POLICY, policy.header(&nonce, preview));
    }
}

/// What is not a page (JSON, streams, files, cards) runs nothing and is framed by nobody.
const NOT_A_PAGE: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The headers every response gets unless it set its own.
pub fn layers<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router
        .layer(SetResponseHeaderLayer::if_not_present(CONTENT_SECURITY_POLICY, HeaderValue::from_static(NOT_A_PAGE)))
        // Journey URLs carry the shopper's secret token: never send them on as a Referer
        // (to a tile server, say).
        .layer(SetResponseHeaderLayer::if_not_present(REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TileUrl;

    fn directives(header: &HeaderValue) -> Vec<String> {
        header.to_str().unwrap().split("; ").map(str::to_owned).collect()
    }

    #[test]
    fn a_page_runs_only_its_own_scripts_and_its_nonce() {
        let policy = PagePolicy::new(&MapSettings { tile_url: None, tile_attribution: None });
        let header = directives(&policy.header("bm9uY2U=", false));
        assert_eq!(header[0], "script-src 'self' 'nonce-bm9uY2U=' 'wasm-unsafe-eval'");
        assert!(header.iter().all(|d| !d.starts_with("script-src") || !d.contains("unsafe-inline")));
        for directive in ["object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "img-src 'self' data:"] {
            assert!(header.iter().any(|d| d == directive), "{directive} in {header:?}");
        }
    }

    #[test]
    fn the_configured_tile_server_may_serve_images() {
        let tile_url = TileUrl::try_from("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png".to_owned()).unwrap();
        let policy = PagePolicy::new(&MapSettings { tile_url: Some(tile_url), tile_attribution: None });
        let header = directives(&policy.header("n", false));
        assert!(header.iter().any(|d| d == "img-src 'self' data: https://*.tile.openstreetmap.org"), "{header:?}");
        assert!(header.iter().any(|d| d == "connect-src 'self'"));
    }
}
