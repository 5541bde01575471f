//! `/console/keys`: the merchant's API keys. Owners create one (shown once, here, and never
//! again: only its hash is kept), see each key's last use, revoke and replace them; staff see
//! that only owners may.

use crate::i18n::console::{console_text, ConsoleText as C};
use crate::i18n::datetime::format_local_time;
use crate::i18n::template::fill;
use crate::i18n::{use_locale, Locale, Text};
use crate::model::console::{ApiKeyRow, IssuedApiKey};
use leptos::prelude::*;
use leptos_meta::Title;

#[server(prefix = "/console/api", endpoint = "keys")]
pub async fn list_api_keys() -> Result<Vec<ApiKeyRow>, ServerFnError> {
    let (console, who) = super::owners_desk()?;
    console.api_keys(&who).await.map_err(super::failed)
}

#[server(prefix = "/console/api", endpoint = "keys/create")]
pub async fn create_api_key() -> Result<IssuedApiKey, ServerFnError> {
    let (console, who) = super::owners_desk()?;
    console.create_api_key(&who).await.map_err(super::failed)
}

#[server(prefix = "/console/api", endpoint = "keys/revoke")]
pub async fn revoke_api_key(prefix: String) -> Result<String, ServerFnError> {
    let (console, who) = super::owners_desk()?;
    match console.revoke_api_key(&who, &prefix).await.map_err(super::failed)? {
        true => Ok(prefix),
        false => Err(super::not_found("live key with this prefix")),
    }
}

/// Revokes the key and makes its replacement: (the old prefix, the new key).
#[server(prefix = "/console/api", endpoint = "keys/rotate")]
pub async fn rotate_api_key(prefix: String) -> Result<(String, IssuedApiKey), ServerFnError> {
    let (console, who) = super::owners_desk()?;
    match console.rotate_api_key(&who, &prefix).await.map_err(super::failed)? {
        Some(key) => Ok((prefix, key)),
        None => Err(super::not_found("live key with this prefix")),
    }
}

#[component]
pub fn KeysPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    view! {
        <Title text=text(C::NavKeys)/>
        <section class="console-page keys">
            <h1>{text(C::NavKeys)}</h1>
            <p class="tagline">{text(C::KeysIntro)}</p>
            {super::owners_only(C::OwnersOnly, |_| view! { <Keys/> })}
        </section>
    }
}

/// What the last key action came to, for the message above the list.
#[derive(Clone)]
enum Done {
    Created(IssuedApiKey),
    Rotated(String, IssuedApiKey),
    Revoked(String),
    Failed,
}

#[component]
fn Keys() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let rotate = ServerAction::<RotateApiKey>::new();
    let keys = Resource::new(
        move || (create.version().get(), revoke.version().get(), rotate.version().get()),
        |_| list_api_keys(),
    );
    // The newest of the three actions' outcomes.
    let done = RwSignal::new(None::<Done>);
    Effect::new(move || {
        if let Some(result) = create.value().get() {
            done.set(Some(result.map_or(Done::Failed, Done::Created)));
        }
    });
    Effect::new(move || {
        if let Some(result) = revoke.value().get() {
            done.set(Some(result.map_or(Done::Failed, Done::Revoked)));
        }
    });
    Effect::new(move || {
        if let Some(result) = rotate.value().get() {
            done.set(Some(result.map_or(Done::Failed, |(old, new)| Done::Rotated(old, new))));
        }
    });
    view! {
        <ActionForm action=create attr:class="key-create">
            <button type="submit" data-testid="create-key">{text(C::CreateKey)}</button>
        </ActionForm>
        {move || done.get().map(|done| view! { <KeyMessage done/> })}
        <Transition fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                match keys.await {
                    Ok(rows) if rows.is_empty() => view! { <p>{text(C::NoKeys)}</p> }.into_any(),
                    Ok(rows) => view! { <KeyTable rows revoke rotate/> }.into_any(),
                    Err(_) => view! { <p class="console-message error" role="alert">{text(C::ActionFailed)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn KeyMessage(done: Done) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let shown_once = |key: IssuedApiKey| {
        view! {
            <p class="new-key">
                <code data-testid="new-key">{key.key}</code>
            </p>
        }
    };
    match done {
        Done::Created(key) => view! {
            <div class="console-message done" role="status">
                <p>{text(C::NewKeyOnce)}</p>
                {shown_once(key)}
            </div>
        }
        .into_any(),
        Done::Rotated(old, key) => view! {
            <div class="console-message done" role="status">
                <p>{fill(text(C::RotatedKey), &[("prefix", &old)])}</p>
                {shown_once(key)}
            </div>
        }
        .into_any(),
        Done::Revoked(prefix) => view! {
            <p class="console-message done" role="status" data-testid="key-revoked">
                {fill(text(C::RevokedKey), &[("prefix", &prefix)])}
            </p>
        }
        .into_any(),
        Done::Failed => view! { <p class="console-message error" role="alert">{text(C::ActionFailed)}</p> }.into_any(),
    }
}

fn when(locale: Locale, at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map_or_else(|| console_text(locale, C::NeverUsed).to_owned(), |at| format_local_time(locale, at.fixed_offset()))
}

#[component]
fn KeyTable(
    rows: Vec<ApiKeyRow>,
    revoke: ServerAction<RevokeApiKey>,
    rotate: ServerAction<RotateApiKey>,
) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    view! {
        <div class="table-scroll" role="region" aria-label=text(C::NavKeys) tabindex="0">
            <table class="console-table" role="table">
                <thead role="rowgroup">
                    <tr role="row">
                        <th scope="col" role="columnheader">{text(C::ColKey)}</th>
                        <th scope="col" role="columnheader">{text(C::ColCreated)}</th>
                        <th scope="col" role="columnheader">{text(C::ColLastUsed)}</th>
                        <th scope="col" role="columnheader">{text(C::ColState)}</th>
                        <th scope="col" role="columnheader">{text(C::ColActions)}</th>
                    </tr>
                </thead>
                <tbody role="rowgroup">
                    {rows
                        .into_iter()
                        .map(|row| {
                            let live = row.revoked_at.is_none();
                            let prefix = row.prefix.clone();
                            view! {
                                <tr role="row" data-testid="key-row" data-prefix=row.prefix.clone()>
                                    <th scope="row" role="rowheader"><code>{row.prefix.clone()}"…"</code></th>
                                    <td role="cell" data-label=text(C::ColCreated)>{format_local_time(locale, row.created_at.fixed_offset())}</td>
                                    <td role="cell" data-label=text(C::ColLastUsed)>{when(locale, row.last_used_at)}</td>
                                    <td role="cell" data-label=text(C::ColState)>{text(if live { C::KeyActive } else { C::KeyRevoked })}</td>
                                    <td class="key-actions" role="cell">
                                        {live.then(|| {
                                            let (revoke_prefix, rotate_prefix) = (prefix.clone(), prefix.clone());
                                            let revoke_label = fill(text(C::RevokeKeyLabel), &[("prefix", &prefix)]);
                                            let rotate_label = fill(text(C::RotateKeyLabel), &[("prefix", &prefix)]);
                                            view! {
                                                <ActionForm action=revoke>
                                                    <input type="hidden" name="prefix" value=revoke_prefix/>
                                                    <button type="submit" class="danger" aria-label=revoke_label>
                                                        {text(C::Revoke)}
                                                    </button>
                                                </ActionForm>
                                                <ActionForm action=rotate>
                                                    <input type="hidden" name="prefix" value=rotate_prefix/>
                                                    <button type="submit" aria-label=rotate_label>{text(C::Rotate)}</button>
                                                </ActionForm>
                                            }
                                        })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
