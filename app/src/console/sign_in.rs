//! `/console/sign-in`: email and password, posted as a plain form (it works before the wasm
//! loads); the server answers with a redirect back here carrying the outcome, or on to the
//! console page the user was heading for.

use super::{SignInOutcome, SIGN_IN_PATH};
use crate::i18n::console::{console_text, ConsoleText as C};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let query = use_query_map();
    let outcome = move || query.read().get("result").as_deref().and_then(SignInOutcome::parse);
    let next = move || query.read().get("next").unwrap_or_default();
    let message = move || {
        outcome().map(|outcome| {
            let (key, role, class) = match outcome {
                SignInOutcome::Invalid => (C::SignInInvalid, "alert", "console-message error"),
                SignInOutcome::Locked => (C::SignInLocked, "alert", "console-message error"),
                SignInOutcome::SignedOut => (C::SignedOut, "status", "console-message"),
            };
            view! { <p class=class role=role data-testid="sign-in-message">{text(key)}</p> }
        })
    };
    view! {
        <Title text=text(C::SignInTitle)/>
        <section class="console-sign-in">
            <h1>{text(C::SignInTitle)}</h1>
            <p class="tagline">{text(C::SignInIntro)}</p>
            {message}
            <form method="post" action=SIGN_IN_PATH class="console-form">
                <input type="hidden" name="next" value=next/>
                <label for="sign-in-email">{text(C::EmailLabel)}</label>
                <input id="sign-in-email" name="email" type="email" required autocomplete="username" maxlength="254"/>
                <label for="sign-in-password">{text(C::PasswordLabel)}</label>
                <input
                    id="sign-in-password"
                    name="password"
                    type="password"
                    required
                    autocomplete="current-password"
                    maxlength="128"
                />
                <button type="submit">{text(C::SignIn)}</button>
            </form>
        </section>
    }
}
