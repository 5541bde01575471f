//! Error pages and the HTTP status that goes with them.

use crate::i18n::{use_text, Text};
use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the status of the server-rendered response (a no-op in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code))
    {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
pub fn ErrorPage(title: Text, body: String) -> impl IntoView {
    let t = use_text();
    view! {
        <Title text=t(title)/>
        <section class="error-page">
            <h1>{t(title)}</h1>
            <p>{body}</p>
            <p><a href="/">{t(Text::BackHome)}</a></p>
        </section>
    }
}

/// The router's fallback: any path that is not a page.
#[component]
pub fn NotFound() -> impl IntoView {
    let t = use_text();
    set_status(404);
    view! { <ErrorPage title=Text::NotFoundTitle body=t(Text::NotFoundBody).to_owned()/> }
}

/// A failure on the server's side: the page says so and answers 500.
#[component]
pub fn ServerError() -> impl IntoView {
    let t = use_text();
    set_status(500);
    view! { <ErrorPage title=Text::ServerErrorTitle body=t(Text::ServerErrorBody).to_owned()/> }
}
