//! Trekpost's shared crate: domain types, pages, components and server functions, compiled
//! with `ssr` into the server and with `hydrate` into the browser's wasm.
#![recursion_limit = "256"]

pub mod console;
pub mod domain;
pub mod errors;
pub mod i18n;
pub mod journey;
pub mod landing;
pub mod model;
#[cfg(feature = "ssr")]
pub mod ports;
pub mod rewards;
pub mod share;
pub mod track;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = i18n::detect_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1e3a8a"/>
                <link rel="icon" href="data:,"/>
                <link rel="stylesheet" href="/vendor/leaflet/leaflet.css"/>
                <link rel="stylesheet" href=format!("/{}/{}.css", options.site_pkg_dir, options.output_name)/>
                // leaflet-rs binds to the global `L`: Leaflet must run before hydration does.
                <script defer src="/vendor/leaflet/leaflet.js"></script>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(i18n::detect_locale());
    #[cfg(feature = "ssr")]
    i18n::remember_chosen_locale();
    let t = i18n::use_text();

    view! {
        <Title text=t(i18n::Text::AppName)/>
        <Router>
            <header class="site-header">
                <a href="/" class="brand">{t(i18n::Text::AppName)}</a>
                <i18n::LanguageSwitcher/>
            </header>
            <main id="main">
                <Routes fallback=errors::NotFound>
                    <Route path=path!("") view=landing::LandingPage/>
                    <Route path=path!("/t/:token") view=journey::JourneyPage ssr=SsrMode::Async/>
                    <Route path=path!("/t/:token/rewards") view=rewards::mine::MyRewardsPage ssr=SsrMode::Async/>
                    <Route path=path!("/leaderboard") view=rewards::leaderboard::LeaderboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/s/:slug") view=share::page::SharePage ssr=SsrMode::Async/>
                    <Route path=path!("/track") view=track::TrackPage/>
                    <Route path=path!("/console/sign-in") view=console::sign_in::SignInPage/>
                    <Route path=path!("/console/design/preview") view=console::design::DesignPreviewPage ssr=SsrMode::Async/>
                    <ParentRoute path=path!("/console") view=console::ConsoleLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=console::attention::AttentionPage/>
                        <Route path=path!("analytics") view=console::analytics::AnalyticsPage/>
                        <Route path=path!("analytics/orders") view=console::analytics::OrdersBehindPage/>
                        <Route path=path!("analytics/performance") view=console::performance::PerformancePage/>
                        <Route path=path!("analytics/feedback") view=console::feedback::FeedbackPage/>
                        <Route path=path!("analytics/engagement") view=console::engagement::EngagementPage/>
                        <Route path=path!("shipments") view=console::shipments::FindShipmentPage/>
                        <Route path=path!("shipments/:number") view=console::shipments::ShipmentPage/>
                        <Route path=path!("import") view=console::imports::ImportPage/>
                        <Route path=path!("design") view=console::design::DesignPage/>
                        <Route path=path!("dead-letters") view=console::dead_letters::DeadLettersPage/>
                        <Route path=path!("keys") view=console::keys::KeysPage/>
                        <Route path=path!("users") view=console::users::UsersPage/>
                        <Route path=path!("webhooks") view=console::webhooks::WebhooksPage/>
                        <Route path=path!("account") view=console::account::AccountPage/>
                    </ParentRoute>
                </Routes>
            </main>
        </Router>
    }
}
