//! The journey page's share panel: choose how long the link works, share it (the share sheet
//! where the browser has one, else the clipboard), see the card, download it, stop sharing.

use crate::domain::share::ShareExpiry;
use crate::domain::Progress;
use crate::i18n::datetime::format_date;
use crate::i18n::share::{expiry_label, share_text, ShareText};
use crate::i18n::template::fill;
use crate::i18n::use_locale;
use crate::model::journey::MilestoneReached;
use crate::model::share::ShareLink;
use leptos::prelude::*;

// Stable addresses (`/api/share_journey`): scripts and tests can call them too.
#[server(endpoint = "share_journey")]
pub async fn share_journey(
    token: String,
    expiry: ShareExpiry,
    locale: String,
) -> Result<Option<ShareLink>, ServerFnError> {
    use crate::domain::ShopperToken;
    use crate::i18n::Locale;
    use crate::model::share::ShareRequest;
    use crate::ports::AppServices;

    let services = expect_context::<AppServices>();
    let token = ShopperToken::parse(&token).map_err(|e| ServerFnError::new(e.to_string()))?;
    let locale = Locale::from_tag(&locale).unwrap_or_default();
    services.sharing.share(&token, ShareRequest { expiry }, locale).await.map_err(|e| ServerFnError::new(e.to_string()))
}

#[server(endpoint = "stop_sharing")]
pub async fn stop_sharing(token: String, slug: String) -> Result<bool, ServerFnError> {
    use crate::domain::share::ShareSlug;
    use crate::domain::ShopperToken;
    use crate::ports::AppServices;

    let services = expect_context::<AppServices>();
    let token = ShopperToken::parse(&token).map_err(|e| ServerFnError::new(e.to_string()))?;
    let Ok(slug) = ShareSlug::parse(&slug) else { return Ok(false) };
    services.sharing.revoke(&token, &slug).await.map_err(|e| ServerFnError::new(e.to_string()))
}

#[component]
pub fn SharePanel(
    token: String,
    origin: String,
    destination: String,
    milestones: RwSignal<Vec<MilestoneReached>>,
) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| share_text(locale, key);
    let token = StoredValue::new(token);
    let expiry = RwSignal::new(ShareExpiry::default());
    let link = RwSignal::new(None::<ShareLink>);
    let status = RwSignal::new(None::<ShareText>);
    let busy = RwSignal::new(false);
    let title = fill(text(ShareText::PageTitle), &[("from", &origin), ("to", &destination)]);
    let title = StoredValue::new(title);
    let url = move || link.with(|l| l.as_ref().map(|l| format!("{}{}", page_origin(), l.slug.path())));

    let share = move |_| {
        busy.set(true);
        status.set(Some(ShareText::Sharing));
        leptos::task::spawn_local(async move {
            match share_journey(token.get_value(), expiry.get_untracked(), locale.tag().to_owned()).await {
                Ok(Some(created)) => {
                    let address = format!("{}{}", page_origin(), created.slug.path());
                    link.set(Some(created));
                    status.set(Some(offer(&address, &title.get_value()).await));
                }
                _ => status.set(Some(ShareText::ShareFailed)),
            }
            busy.set(false);
        });
    };
    let copy = move |_| {
        let Some(address) = url() else { return };
        leptos::task::spawn_local(async move { status.set(Some(copy_text(&address).await)) });
    };
    let stop = move |_| {
        let Some(slug) = link.with_untracked(|l| l.as_ref().map(|l| l.slug.to_string())) else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            if let Ok(true) = stop_sharing(token.get_value(), slug).await {
                link.set(None);
                status.set(Some(ShareText::Stopped));
            }
            busy.set(false);
        });
    };
    let card_alt = Signal::derive(move || {
        let percent = milestones.with(|m| Progress::from_reached(m.iter().map(|r| r.milestone))).percent();
        fill(text(ShareText::CardAlt), &[("from", &origin), ("to", &destination), ("percent", &percent.to_string())])
    });

    view! {
        <section class="share-panel" aria-labelledby="share-heading">
            <h2 id="share-heading">{text(ShareText::PanelHeading)}</h2>
            <p class="share-intro">{text(ShareText::PanelIntro)}</p>
            {move || link.with(Option::is_none).then(|| view! {
                <div class="share-start">
                    <label class="share-expiry">
                        {text(ShareText::ExpiryLabel)}" "
                        <select
                            data-testid="share-expiry"
                            on:change=move |ev| {
                                if let Some(chosen) = ShareExpiry::from_code(&event_target_value(&ev)) {
                                    expiry.set(chosen);
                                }
                            }
                        >
                            {ShareExpiry::ALL
                                .into_iter()
                                .map(|option| view! {
                                    <option value=option.code() selected=move || expiry.get() == option>
                                        {expiry_label(locale, option)}
                                    </option>
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <button type="button" class="share-button" data-testid="share-button" on:click=share disabled=move || busy.get()>
                        {text(ShareText::ShareButton)}
                    </button>
                </div>
            })}
            {move || link.get().map(|shared| {
                let until = match shared.expires_at {
                    Some(at) => fill(text(ShareText::ExpiresOn), &[("date", &format_date(locale, at.date_naive()))]),
                    None => text(ShareText::NeverExpires).to_owned(),
                };
                view! {
                    <div class="share-link">
                        <label for="share-url">{text(ShareText::LinkLabel)}</label>
                        <input id="share-url" type="url" readonly value=url data-testid="share-url"/>
                        <p class="share-until">{until}</p>
                        <div class="share-actions">
                            <button type="button" on:click=copy data-testid="copy-link">{text(ShareText::CopyLink)}</button>
                            <a class="button" href=shared.slug.card_path() download="trekpost-journey.png" data-testid="download-card">
                                {text(ShareText::DownloadCard)}
                            </a>
                            <button type="button" class="stop-sharing" on:click=stop disabled=move || busy.get() data-testid="stop-sharing">
                                {text(ShareText::StopSharing)}
                            </button>
                        </div>
                        <img class="share-card-preview" src=shared.slug.card_path() alt=card_alt width="600" height="315" data-testid="card-preview"/>
                    </div>
                }
            })}
            <p class="share-status" role="status" aria-live="polite" data-testid="share-status">
                {move || status.get().map(text)}
            </p>
        </section>
    }
}

fn page_origin() -> String {
    #[cfg(feature = "hydrate")]
    return super::browser::origin();
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

async fn offer(url: &str, title: &str) -> ShareText {
    #[cfg(feature = "hydrate")]
    return super::browser::offer(url, title).await;
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (url, title);
        ShareText::CopyFailed
    }
}

async fn copy_text(text: &str) -> ShareText {
    #[cfg(feature = "hydrate")]
    return super::browser::copy(text).await;
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        ShareText::CopyFailed
    }
}
