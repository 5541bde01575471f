//! `/console/account`: who is signed in, and the password change (a plain form post; the
//! server answers with a redirect back here carrying the outcome).

use super::{AccountOutcome, Me, PASSWORD_PATH};
use crate::i18n::console::{console_text, role_label, ConsoleText as C};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let me = expect_context::<Me>();
    let query = use_query_map();
    let message = move || {
        let outcome = query.read().get("result").as_deref().and_then(AccountOutcome::parse)?;
        let (key, role, class) = match outcome {
            AccountOutcome::PasswordChanged => (C::PasswordChanged, "status", "console-message done"),
            AccountOutcome::WrongPassword => (C::WrongPassword, "alert", "console-message error"),
            AccountOutcome::Mismatch => (C::PasswordMismatch, "alert", "console-message error"),
            AccountOutcome::Weak => (C::PasswordWeak, "alert", "console-message error"),
            AccountOutcome::Locked => (C::SignInLocked, "alert", "console-message error"),
        };
        Some(view! { <p class=class role=role data-testid="account-message">{text(key)}</p> })
    };
    view! {
        <Title text=text(C::NavAccount)/>
        <section class="console-page">
            <h1>{text(C::NavAccount)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    me.await.ok().map(|me| view! {
                        <dl class="console-facts">
                            <dt>{text(C::EmailLabel)}</dt><dd>{me.email}</dd>
                            <dt>{text(C::ShopLabel)}</dt><dd>{me.merchant_name}</dd>
                            <dt>{text(C::RoleLabel)}</dt><dd>{role_label(locale, me.role)}</dd>
                        </dl>
                    })
                })}
            </Suspense>
            <h2>{text(C::ChangePassword)}</h2>
            {message}
            <form method="post" action=PASSWORD_PATH class="console-form">
                <label for="current-password">{text(C::CurrentPassword)}</label>
                <input id="current-password" name="current" type="password" required autocomplete="current-password" maxlength="128"/>
                <label for="new-password">{text(C::NewPassword)}</label>
                <input
                    id="new-password"
                    name="new"
                    type="password"
                    required
                    minlength="12"
                    maxlength="128"
                    autocomplete="new-password"
                    aria-describedby="password-rule"
                />
                <p id="password-rule" class="hint">{text(C::PasswordRule)}</p>
                <label for="confirm-password">{text(C::ConfirmPassword)}</label>
                <input id="confirm-password" name="confirm" type="password" required minlength="12" maxlength="128" autocomplete="new-password"/>
                <button type="submit">{text(C::ChangePassword)}</button>
            </form>
        </section>
    }
}
