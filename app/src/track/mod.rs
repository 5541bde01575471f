//! The lookup page `/track`: tracking number and destination postal code lead to the journey.
//! A plain HTML form (it works before the wasm loads); `POST /track` on the server answers.

use crate::i18n::{use_text, Text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TrackPage() -> impl IntoView {
    let t = use_text();
    let query = use_query_map();
    let message = move || match query.read().get("result").as_deref() {
        Some("not-found") => Some(t(Text::TrackNotFound)),
        Some("too-many") => Some(t(Text::TrackTooMany)),
        _ => None,
    };
    view! {
        <Title text=t(Text::TrackTitle)/>
        <section class="track">
            <h1>{t(Text::TrackTitle)}</h1>
            <p class="tagline">{t(Text::TrackIntro)}</p>
            {move || message().map(|m| view! { <p class="track-message" role="alert">{m}</p> })}
            <form method="post" action="/track" class="track-form">
                <label for="track-number">{t(Text::TrackNumberLabel)}</label>
                <input
                    id="track-number"
                    name="number"
                    required
                    maxlength="40"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                />
                <label for="track-postal">{t(Text::TrackPostalLabel)}</label>
                <input id="track-postal" name="postal_code" required maxlength="16" autocomplete="postal-code"/>
                <button type="submit">{t(Text::TrackSubmit)}</button>
            </form>
        </section>
    }
}
