//! `/console/webhooks` (owners): each aggregator's webhook. The address to paste into the
//! aggregator's dashboard, the header it signs with, and its secret: pasted here when the
//! aggregator issues one, replaced when it rotates (deliveries signed with the old one are
//! refused from then on). The secret is never shown back.

use crate::i18n::console::{console_text, ConsoleText as C};
use crate::i18n::datetime::format_local_time;
use crate::i18n::template::fill;
use crate::i18n::{use_locale, Text};
use crate::model::console::WebhookSetting;
use leptos::prelude::*;
use leptos_meta::Title;

/// The aggregators' webhooks, with absolute addresses.
#[server(prefix = "/console/api", endpoint = "webhooks")]
pub async fn list_webhooks() -> Result<Vec<WebhookSetting>, ServerFnError> {
    let (console, who) = super::owners_desk()?;
    let services = expect_context::<crate::ports::AppServices>();
    let base = crate::share::page::site_base(&services).await;
    let mut hooks = console.webhooks(&who).await.map_err(super::failed)?;
    for hook in &mut hooks {
        hook.endpoint_path = format!("{base}{}", hook.endpoint_path);
    }
    Ok(hooks)
}

/// What saving a secret came to, for the aggregator it was sent for.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SecretSaved {
    pub aggregator: String,
    /// Why it was refused; `None`: saved.
    pub refused: Option<String>,
}

#[server(prefix = "/console/api", endpoint = "webhooks/secret")]
pub async fn set_webhook_secret(aggregator: String, secret: String) -> Result<SecretSaved, ServerFnError> {
    let (console, who) = super::owners_desk()?;
    let saved = console.set_webhook_secret(&who, &aggregator, secret.trim()).await.map_err(super::failed)?;
    Ok(SecretSaved { aggregator, refused: saved.err().map(|e| e.reason) })
}

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    view! {
        <Title text=text(C::NavWebhooks)/>
        <section class="console-page webhooks">
            <h1>{text(C::NavWebhooks)}</h1>
            <p class="tagline">{text(C::WebhooksIntro)}</p>
            {super::owners_only(C::OwnersOnlySecrets, |_| view! { <Webhooks/> })}
        </section>
    }
}

#[component]
fn Webhooks() -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SetWebhookSecret>::new();
    let hooks = Resource::new(move || save.version().get(), |_| list_webhooks());
    view! {
        <Transition fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                match hooks.await {
                    Ok(hooks) => view! {
                        <ul class="webhook-list">
                            {hooks.into_iter().map(|hook| view! { <Webhook hook save/> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(_) => view! { <crate::errors::ServerError/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn aggregator_name(path: &str) -> &'static str {
    match path {
        "aftership" => "AfterShip",
        "17track" => "17TRACK",
        "easypost" => "EasyPost",
        _ => "",
    }
}

#[component]
fn Webhook(hook: WebhookSetting, save: ServerAction<SetWebhookSecret>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let name = aggregator_name(&hook.aggregator);
    let id = format!("secret-{}", hook.aggregator);
    let aggregator = hook.aggregator.clone();
    let mine = aggregator.clone();
    // Only the card whose form was sent says how it went.
    let message = move || {
        let result = save.value().get()?;
        match result {
            Ok(SecretSaved { aggregator, refused: None }) if aggregator == mine => Some(
                view! { <p class="console-message done" role="status" data-testid="secret-saved">{text(C::SecretSaved)}</p> }
                    .into_any(),
            ),
            Ok(SecretSaved { aggregator, refused: Some(reason) }) if aggregator == mine => Some(
                view! {
                    <p class="console-message error" role="alert" data-testid="secret-refused">
                        {fill(text(C::EventInvalid), &[("field", "secret"), ("reason", &reason)])}
                    </p>
                }
                .into_any(),
            ),
            Ok(_) => None,
            Err(_) => Some(view! { <p class="console-message error" role="alert">{text(C::ActionFailed)}</p> }.into_any()),
        }
    };
    view! {
        <li class="webhook" data-testid="webhook" data-aggregator=hook.aggregator.clone()>
            <h2>{name}</h2>
            <p class="webhook-state" data-testid="webhook-state">
                {match hook.secret_set_at {
                    Some(at) => fill(text(C::SecretSetOn), &[("time", &format_local_time(locale, at.fixed_offset()))]),
                    None => text(C::SecretNotSet).to_owned(),
                }}
            </p>
            <p class="label">{text(C::EndpointLabel)}</p>
            <p class="new-key"><code data-testid="webhook-endpoint">{hook.endpoint_path.clone()}</code></p>
            <p class="hint">{fill(text(C::SignatureHeader), &[("header", &hook.signature_header)])}</p>
            {message}
            <ActionForm action=save attr:class="console-form">
                <input type="hidden" name="aggregator" value=aggregator/>
                <label for=id.clone()>{fill(text(C::SecretLabel), &[("aggregator", name)])}</label>
                <input id=id name="secret" type="password" required minlength="16" maxlength="256" autocomplete="off"/>
                <button type="submit">{text(if hook.secret_set_at.is_some() { C::ReplaceSecret } else { C::SaveSecret })}</button>
            </ActionForm>
        </li>
    }
}
