//! `/console/design`: how the shop's journey pages look and reward. The shop's name, colour
//! (with a live contrast check) and logo; its own words for the journey levels and the
//! parcel's story in each language; its reward rules, with personal ones for first-time and
//! frequent customers. Every change is checked as it is typed and shown in a preview of a real
//! journey of the shop's (`/console/design/preview`, framed beside the form); saving keeps it
//! as a new version with who saved it and when. Awards already granted never change.

use crate::console::DESIGN_PREVIEW_PATH;
use crate::domain::design::{contrast_on_white, DesignDraft, LocaleWords, StoryLine, TierName, MIN_CONTRAST};
use crate::domain::gamification::{Audience, Badge, Grant, PoolName, Rule, Tier, Trigger};
use crate::domain::{FieldError, Milestone};
use crate::i18n::console::{console_text, ConsoleText as C};
use crate::i18n::datetime::format_local_time;
use crate::i18n::rewards::{badge_name, milestone_story, tier_name};
use crate::i18n::template::fill;
use crate::i18n::{milestone_label, use_locale, Locale, Text};
use crate::journey::TileSource;
use crate::model::console::{CouponPoolRow, DesignDesk, DesignSaved, DesignVersionRow};
use crate::model::journey::JourneyView;
use crate::model::share::BrandColour;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[server(prefix = "/console/api", endpoint = "design")]
pub async fn load_design() -> Result<DesignDesk, ServerFnError> {
    let (console, who) = super::desk()?;
    console.design(&who).await.map_err(super::failed)
}

/// Checks the draft and shows it in the preview: the fields that are wrong (none: shown).
#[server(prefix = "/console/api", endpoint = "design/preview", input = Json)]
pub async fn preview_draft(draft: DesignDraft) -> Result<Vec<FieldError>, ServerFnError> {
    let (console, who) = super::desk()?;
    console.preview_design(&who, draft).await.map_err(super::failed)
}

#[server(prefix = "/console/api", endpoint = "design/save", input = Json)]
pub async fn save_draft(base: i64, draft: DesignDraft) -> Result<DesignSaved, ServerFnError> {
    let (console, who) = super::desk()?;
    console.save_design(&who, base, draft).await.map_err(super::failed)
}

/// What uploading a logo came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LogoUpload {
    Uploaded { digest: String },
    Refused { reason: String },
}

/// Takes the form's `logo` file.
#[server(prefix = "/console/api", endpoint = "design/logo", input = MultipartFormData)]
pub async fn upload_logo(data: MultipartData) -> Result<LogoUpload, ServerFnError> {
    use crate::domain::design::MAX_LOGO_BYTES;
    let (console, who) = super::desk()?;
    let unreadable = |error: String| ServerFnError::new(format!("the form could not be read: {error}"));
    let mut form = data.into_inner().ok_or_else(|| unreadable("not multipart".into()))?;
    while let Some(mut field) = form.next_field().await.map_err(|e| unreadable(e.to_string()))? {
        if field.name() != Some("logo") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| unreadable(e.to_string()))? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > MAX_LOGO_BYTES {
                break;
            }
        }
        return Ok(match console.upload_logo(&who, bytes).await.map_err(super::failed)? {
            Ok(digest) => LogoUpload::Uploaded { digest },
            Err(error) => LogoUpload::Refused { reason: error.reason },
        });
    }
    Ok(LogoUpload::Refused { reason: "choose an image file".into() })
}

/// What adding codes to a pool came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CodesAdded {
    /// The shop's pools after.
    Added(Vec<CouponPoolRow>),
    Refused {
        field: String,
        reason: String,
    },
}

#[server(prefix = "/console/api", endpoint = "design/coupon-codes")]
pub async fn add_coupon_codes(pool: String, codes: String) -> Result<CodesAdded, ServerFnError> {
    let (console, who) = super::desk()?;
    Ok(match console.add_coupon_codes(&who, &pool, &codes).await.map_err(super::failed)? {
        Ok(pools) => CodesAdded::Added(pools),
        Err(error) => CodesAdded::Refused { field: error.field, reason: error.reason },
    })
}

#[server(prefix = "/console/api", endpoint = "design/preview-journey")]
pub async fn preview_journey() -> Result<Option<(JourneyView, Option<TileSource>)>, ServerFnError> {
    let (console, who) = super::desk()?;
    let services = expect_context::<crate::ports::AppServices>();
    let journey = console.preview_journey(&who).await.map_err(super::failed)?;
    Ok(journey.map(|journey| (journey, crate::journey::tile_source(&services))))
}

/// The framed preview: a real journey page of the shop's wearing the draft.
#[component]
pub fn DesignPreviewPage() -> impl IntoView {
    let locale = use_locale();
    let journey = Resource::new(|| (), |_| preview_journey());
    view! {
        <Suspense fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                match journey.await {
                    Ok(Some((journey, tiles))) => view! { <crate::journey::JourneyPreview journey tiles/> }.into_any(),
                    Ok(None) => view! { <p class="console-message">{console_text(locale, C::NoPreviewJourney)}</p> }.into_any(),
                    Err(_) => view! { <crate::errors::ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn DesignPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let desk = Resource::new(|| (), |_| load_design());
    view! {
        <Title text=text(C::NavDesign)/>
        <section class="console-page design">
            <h1>{text(C::NavDesign)}</h1>
            <p class="tagline">{text(C::DesignIntro)}</p>
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match desk.await {
                        Ok(desk) => view! { <DesignEditor desk/> }.into_any(),
                        Err(_) => view! { <crate::errors::ServerError/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The fields that are wrong, as the server said; each input shows its own.
#[derive(Clone, Copy)]
struct Problems(RwSignal<Vec<FieldError>>);

impl Problems {
    fn of(self, field: &str) -> Option<String> {
        self.0.with(|errors| errors.iter().find(|e| e.field == field).map(|e| e.reason.clone()))
    }

    /// Every problem inside `prefix` (a rule's, say).
    fn within(self, prefix: &str) -> Vec<FieldError> {
        self.0.with(|errors| errors.iter().filter(|e| e.field.starts_with(prefix)).cloned().collect())
    }
}

#[derive(Clone, Copy)]
struct Pools(RwSignal<Vec<CouponPoolRow>>);

/// Where the editor's save stands.
#[derive(Debug, Clone, PartialEq)]
enum SaveNote {
    Saved(i64),
    Invalid,
    Conflict(DesignVersionRow),
    Failed,
}

#[component]
fn DesignEditor(desk: DesignDesk) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let base = RwSignal::new(desk.version);
    let draft = RwSignal::new(desk.draft.clone());
    let problems = Problems(RwSignal::new(Vec::new()));
    let note = RwSignal::new(None::<SaveNote>);
    let history = RwSignal::new(desk.history.clone());
    // The shop's coupon pools: their form, and each coupon rule's choice of codes.
    provide_context(Pools(RwSignal::new(desk.pools.clone())));
    // Bumped after each preview the server accepted: the frame reloads.
    let shown = RwSignal::new(0u32);
    watch_draft(draft, problems, shown);
    let save = move |_| {
        let (base_version, sent) = (base.get_untracked(), draft.get_untracked());
        leptos::task::spawn_local(async move {
            match save_draft(base_version, sent).await {
                Ok(DesignSaved::Saved(row)) => {
                    let version = row.version;
                    base.set(version);
                    problems.0.set(Vec::new());
                    history.update(|h| h.insert(0, row));
                    note.set(Some(SaveNote::Saved(version)));
                    shown.update(|n| *n += 1);
                }
                Ok(DesignSaved::Invalid(errors)) => {
                    problems.0.set(errors);
                    note.set(Some(SaveNote::Invalid));
                }
                Ok(DesignSaved::Conflict(newest)) => note.set(Some(SaveNote::Conflict(newest))),
                Err(_) => note.set(Some(SaveNote::Failed)),
            }
        });
    };
    let note_view = move || {
        note.get().map(|note| match note {
            SaveNote::Saved(version) => view! {
                <p class="console-message done" role="status" data-testid="design-saved">
                    {fill(text(C::DesignSaved), &[("version", &version.to_string())])}
                </p>
            }
            .into_any(),
            SaveNote::Invalid => view! {
                <div class="console-message error" role="alert" data-testid="design-invalid">
                    <p>{text(C::DesignInvalid)}</p>
                    <ul>{problems.0.get().into_iter().map(|e| view! { <li><code>{e.field}</code>": "{e.reason}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any(),
            SaveNote::Conflict(newest) => view! {
                <p class="console-message error" role="alert" data-testid="design-conflict">
                    {fill(text(C::DesignConflict), &[
                        ("version", &newest.version.to_string()),
                        ("who", &newest.saved_by),
                        ("time", &format_local_time(locale, newest.saved_at.fixed_offset())),
                    ])}
                </p>
            }
            .into_any(),
            SaveNote::Failed => view! { <p class="console-message error" role="alert">{text(C::ActionFailed)}</p> }.into_any(),
        })
    };
    let preview_title = fill(text(C::PreviewTitle), &[("number", desk.preview_of.as_deref().unwrap_or("-"))]);
    let form = view! {
        <div class="design-form">
            <BrandSection draft problems shop_slug=desk.shop_slug.clone()/>
            <WordsSection draft problems/>
            <RulesSection draft problems/>
            <div class="design-actions">
                <button type="button" on:click=save data-testid="design-save">
                    {move || fill(text(C::SaveVersion), &[("version", &(base.get() + 1).to_string())])}
                </button>
                {note_view}
            </div>
            <History history/>
        </div>
    }
    .into_any();
    view! {
        <div class="design-layout">
            {form}
            <aside class="design-preview" aria-label=text(C::PreviewLabel)>
                <h2>{text(C::PreviewLabel)}</h2>
                {match desk.preview_of {
                    Some(_) => view! {
                        <iframe
                            src=move || format!("{DESIGN_PREVIEW_PATH}?v={}", shown.get())
                            title=preview_title.clone()
                            data-testid="design-preview"
                            data-shown=move || shown.get()
                        ></iframe>
                    }
                    .into_any(),
                    None => view! { <p class="hint">{text(C::NoPreviewJourney)}</p> }.into_any(),
                }}
            </aside>
        </div>
    }
}

/// Every change goes to the server's checks (after a pause in typing); a valid draft reloads
/// the preview, an invalid one marks its fields.
fn watch_draft(draft: RwSignal<DesignDraft>, problems: Problems, shown: RwSignal<u32>) {
    let edits = StoredValue::new(0u32);
    Effect::new(move |first: Option<()>| {
        let sent = draft.get();
        if first.is_none() {
            return;
        }
        edits.update_value(|n| *n += 1);
        let edit = edits.get_value();
        set_timeout(
            move || {
                if edits.try_get_value() != Some(edit) {
                    return; // typed on since
                }
                leptos::task::spawn_local(async move {
                    if let Ok(errors) = preview_draft(sent).await {
                        if edits.try_get_value() != Some(edit) {
                            return;
                        }
                        let valid = errors.is_empty();
                        let _ = problems.0.try_set(errors);
                        if valid {
                            let _ = shown.try_update(|n| *n += 1);
                        }
                    }
                });
            },
            std::time::Duration::from_millis(500),
        );
    });
}

/// An input's problem, told beside it and tied to it for screen readers.
#[component]
fn FieldProblem(problems: Problems, field: String, id: String) -> impl IntoView {
    move || problems.of(&field).map(|reason| view! { <p class="field-error" id=id.clone()>{reason}</p> })
}

#[component]
fn BrandSection(draft: RwSignal<DesignDraft>, problems: Problems, shop_slug: String) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let colour = move || draft.with(|d| d.colour.clone());
    let contrast = move || {
        BrandColour::parse(colour().trim()).ok().map(|c| {
            let ratio = contrast_on_white(&c);
            let words = if ratio >= MIN_CONTRAST { C::ContrastGood } else { C::ContrastLow };
            (ratio >= MIN_CONTRAST, fill(text(words), &[("ratio", &format!("{ratio:.1}"))]))
        })
    };
    let invalid = move |field: &'static str| problems.of(field).is_some().then_some("true");
    let logo_status = RwSignal::new(None::<String>);
    let logo_src = move || draft.with(|d| d.logo.clone()).map(|digest| format!("/shops/{shop_slug}/logo/{digest}"));
    let on_logo = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        browser::send_logo(&ev, draft, logo_status);
    };
    view! {
        <fieldset class="design-section">
            <legend>{text(C::BrandHeading)}</legend>
            <label for="shop-name">{text(C::ShopNameLabel)}</label>
            <input
                id="shop-name"
                type="text"
                maxlength="60"
                prop:value=move || draft.with(|d| d.shop_name.clone())
                on:input=move |ev| draft.update(|d| d.shop_name = event_target_value(&ev))
                aria-invalid=move || invalid("shop_name")
                aria-describedby="shop-name-error"
                data-testid="shop-name"
            />
            <FieldProblem problems field="shop_name".into() id="shop-name-error".into()/>
            <label for="brand-colour">{text(C::ColourLabel)}</label>
            <div class="colour-pick">
                <input
                    type="color"
                    aria-label=text(C::ColourPicker)
                    prop:value=move || BrandColour::parse(colour().trim()).map(|c| c.as_str().to_owned()).unwrap_or_default()
                    on:input=move |ev| draft.update(|d| d.colour = event_target_value(&ev))
                />
                <input
                    id="brand-colour"
                    type="text"
                    maxlength="7"
                    prop:value=colour
                    on:input=move |ev| draft.update(|d| d.colour = event_target_value(&ev))
                    aria-invalid=move || invalid("colour")
                    aria-describedby="brand-colour-contrast brand-colour-error"
                    data-testid="brand-colour"
                />
                <span class="swatch" aria-hidden="true" style=move || format!("background: {}", colour())>"Aa"</span>
            </div>
            <p id="brand-colour-contrast" class=move || if contrast().is_some_and(|c| c.0) { "hint" } else { "hint warn" }>
                {move || contrast().map(|c| c.1)}
            </p>
            <FieldProblem problems field="colour".into() id="brand-colour-error".into()/>
        </fieldset>
        <form class="design-section logo-form" on:submit=on_logo>
            <fieldset>
                <legend>{text(C::LogoHeading)}</legend>
                {move || logo_src().map(|src| view! {
                    <p class="logo-current">
                        <img src=src alt=text(C::LogoCurrent) data-testid="logo-current"/>
                        <button type="button" on:click=move |_| draft.update(|d| d.logo = None)>{text(C::LogoRemove)}</button>
                    </p>
                })}
                <label for="logo-file">{text(C::LogoFileLabel)}</label>
                <input id="logo-file" type="file" name="logo" accept="image/png,image/jpeg,image/webp" required aria-describedby="logo-hint"/>
                <p class="hint" id="logo-hint">{text(C::LogoHint)}</p>
                <button type="submit" data-testid="logo-upload">{text(C::LogoUpload)}</button>
                {move || logo_status.get().map(|reason| view! { <p class="field-error" role="alert">{reason}</p> })}
                <FieldProblem problems field="logo".into() id="logo-error".into()/>
            </fieldset>
        </form>
    }
}

/// The words of one language in the draft, created when first typed.
fn words_mut(draft: &mut DesignDraft, locale: Locale) -> &mut LocaleWords {
    let index = match draft.words.iter().position(|w| w.locale == locale.tag()) {
        Some(index) => index,
        None => {
            draft.words.push(LocaleWords { locale: locale.tag().to_owned(), ..Default::default() });
            draft.words.len() - 1
        }
    };
    &mut draft.words[index]
}

#[component]
fn WordsSection(draft: RwSignal<DesignDraft>, problems: Problems) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let editing = RwSignal::new(locale);
    let words_of =
        move |l: Locale| draft.with(|d| d.words.iter().find(|w| w.locale == l.tag()).cloned().unwrap_or_default());
    let index_of = move |l: Locale| draft.with(|d| d.words.iter().position(|w| w.locale == l.tag()));
    let tier_inputs = move || {
        let l = editing.get();
        Tier::ALL
            .into_iter()
            .map(|tier| {
                let id = format!("tier-{}", tier.code());
                let value = move || {
                    words_of(l).tiers.iter().find(|t| t.tier == tier).map(|t| t.name.clone()).unwrap_or_default()
                };
                let field = move || {
                    let i = index_of(l)?;
                    let j = words_of(l).tiers.iter().position(|t| t.tier == tier)?;
                    problems.of(&format!("words[{i}].tiers[{j}].name"))
                };
                view! {
                    <label for=id.clone()>{tier_name(locale, tier)}</label>
                    <input
                        id=id.clone()
                        type="text"
                        maxlength="30"
                        placeholder=tier_name(l, tier)
                        prop:value=value
                        on:input=move |ev| {
                            let name = event_target_value(&ev);
                            draft.update(|d| {
                                let words = words_mut(d, l);
                                match words.tiers.iter_mut().find(|t| t.tier == tier) {
                                    Some(t) => t.name = name,
                                    None => words.tiers.push(TierName { tier, name }),
                                }
                            })
                        }
                        data-testid=format!("tier-name-{}", tier.code())
                    />
                    {move || field().map(|reason| view! { <p class="field-error">{reason}</p> })}
                }
            })
            .collect_view()
    };
    let story_inputs = move || {
        let l = editing.get();
        Milestone::ALL
            .into_iter()
            .map(|milestone| {
                let id = format!("story-{}", milestone.code());
                let value = move || {
                    words_of(l)
                        .story
                        .iter()
                        .find(|s| s.milestone == milestone)
                        .map(|s| s.line.clone())
                        .unwrap_or_default()
                };
                let field = move || {
                    let i = index_of(l)?;
                    let j = words_of(l).story.iter().position(|s| s.milestone == milestone)?;
                    problems.of(&format!("words[{i}].story[{j}].line"))
                };
                view! {
                    <label for=id.clone()>{milestone_label(locale, milestone)}</label>
                    <input
                        id=id.clone()
                        type="text"
                        maxlength="160"
                        placeholder=milestone_story(l, milestone)
                        prop:value=value
                        on:input=move |ev| {
                            let line = event_target_value(&ev);
                            draft.update(|d| {
                                let words = words_mut(d, l);
                                match words.story.iter_mut().find(|s| s.milestone == milestone) {
                                    Some(s) => s.line = line,
                                    None => words.story.push(StoryLine { milestone, line }),
                                }
                            })
                        }
                        data-testid=format!("story-{}", milestone.code())
                    />
                    {move || field().map(|reason| view! { <p class="field-error">{reason}</p> })}
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="design-section">
            <legend>{text(C::WordsHeading)}</legend>
            <p class="hint">{text(C::WordsIntro)}</p>
            <label for="words-language">{text(C::WordsLanguage)}</label>
            <select
                id="words-language"
                on:change=move |ev| {
                    if let Some(l) = Locale::from_tag(&event_target_value(&ev)) {
                        editing.set(l);
                    }
                }
                data-testid="words-language"
            >
                {Locale::ALL.into_iter().map(|l| view! {
                    <option value=l.tag() selected=move || editing.get() == l>{l.native_name()}</option>
                }).collect_view()}
            </select>
            <h3>{text(C::TierNamesHeading)}</h3>
            <div class="design-grid" lang=move || editing.get().tag()>{tier_inputs}</div>
            <h3>{text(C::StoryHeading)}</h3>
            <div class="design-grid" lang=move || editing.get().tag()>{story_inputs}</div>
        </fieldset>
    }
}

/// What a rule's trigger is, without its number: the form's first choice.
const TRIGGERS: [&str; 9] = [
    "milestone",
    "tier",
    "delivered_within_window",
    "eco_choice",
    "nth_order",
    "borders_crossed",
    "distance",
    "shared_journey",
    "rated_delivery",
];

fn trigger_code(trigger: &Trigger) -> &'static str {
    match trigger {
        Trigger::Milestone { .. } => "milestone",
        Trigger::Tier { .. } => "tier",
        Trigger::DeliveredWithinWindow => "delivered_within_window",
        Trigger::EcoChoice => "eco_choice",
        Trigger::NthOrder { .. } => "nth_order",
        Trigger::BordersCrossed { .. } => "borders_crossed",
        Trigger::Distance { .. } => "distance",
        Trigger::SharedJourney => "shared_journey",
        Trigger::RatedDelivery => "rated_delivery",
    }
}

/// A trigger of this kind with a sensible starting number.
fn trigger_of(code: &str) -> Trigger {
    match code {
        "tier" => Trigger::Tier { tier: Tier::Border },
        "delivered_within_window" => Trigger::DeliveredWithinWindow,
        "eco_choice" => Trigger::EcoChoice,
        "nth_order" => Trigger::NthOrder { n: 1 },
        "borders_crossed" => Trigger::BordersCrossed { at_least: 2 },
        "distance" => Trigger::Distance { at_least_km: 5_000 },
        "shared_journey" => Trigger::SharedJourney,
        "rated_delivery" => Trigger::RatedDelivery,
        _ => Trigger::Milestone { milestone: Milestone::CustomsCleared },
    }
}

fn trigger_label(code: &str) -> C {
    match code {
        "milestone" => C::TriggerMilestone,
        "tier" => C::TriggerTier,
        "delivered_within_window" => C::TriggerOnTime,
        "eco_choice" => C::TriggerEco,
        "nth_order" => C::TriggerNthOrder,
        "borders_crossed" => C::TriggerBorders,
        "distance" => C::TriggerDistance,
        "shared_journey" => C::TriggerShared,
        _ => C::TriggerRated,
    }
}

const GRANTS: [&str; 4] = ["badge", "points", "coupon", "vip_invite"];

fn grant_code(grant: &Grant) -> &'static str {
    match grant {
        Grant::Badge { .. } => "badge",
        Grant::Points { .. } => "points",
        Grant::Coupon { .. } => "coupon",
        Grant::VipInvite => "vip_invite",
    }
}

fn grant_of(code: &str) -> Grant {
    match code {
        "badge" => Grant::Badge { badge: Badge::Welcome },
        "coupon" => Grant::Coupon { percent_off: 10, valid_days: 30, pool: None },
        "vip_invite" => Grant::VipInvite,
        _ => Grant::Points { points: 50 },
    }
}

fn grant_label(code: &str) -> C {
    match code {
        "badge" => C::GrantBadge,
        "points" => C::GrantPoints,
        "coupon" => C::GrantCoupon,
        _ => C::GrantVip,
    }
}

const AUDIENCES: [&str; 3] = ["everyone", "first_time_buyers", "frequent_customers"];

fn audience_code(audience: &Audience) -> &'static str {
    match audience {
        Audience::Everyone => "everyone",
        Audience::FirstTimeBuyers => "first_time_buyers",
        Audience::FrequentCustomers { .. } => "frequent_customers",
    }
}

fn audience_of(code: &str) -> Audience {
    match code {
        "first_time_buyers" => Audience::FirstTimeBuyers,
        "frequent_customers" => Audience::FrequentCustomers { min_orders: 3 },
        _ => Audience::Everyone,
    }
}

fn audience_label(code: &str) -> C {
    match code {
        "first_time_buyers" => C::AudienceFirstTime,
        "frequent_customers" => C::AudienceFrequent,
        _ => C::AudienceEveryone,
    }
}

/// A number field's value; an unreadable one becomes 0, which the checks refuse by name.
fn number(ev: &leptos::ev::Event) -> u32 {
    event_target_value(ev).trim().parse().unwrap_or(0)
}

#[component]
fn RulesSection(draft: RwSignal<DesignDraft>, problems: Problems) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    // Rows are drawn again only when one is added or removed: an edit keeps its focus.
    let count = Memo::new(move |_| draft.with(|d| d.rules.len()));
    let add = move |_| {
        draft.update(|d| {
            let taken = |id: &str| d.rules.iter().any(|r| r.id == id);
            let id = (1..).map(|n| format!("rule-{n}")).find(|id| !taken(id)).expect("some number is free");
            d.rules.push(Rule {
                id,
                trigger: Trigger::Milestone { milestone: Milestone::Delivered },
                audience: Audience::Everyone,
                grant: Grant::Points { points: 50 },
            });
        })
    };
    view! {
        <fieldset class="design-section">
            <legend>{text(C::RulesHeading)}</legend>
            <p class="hint">{text(C::RulesIntro)}</p>
            <CouponPools/>
            <ol class="rule-list" data-testid="rules">
                {move || (0..count.get()).map(|i| view! { <RuleRow i draft problems/> }).collect_view()}
            </ol>
            <button type="button" class="secondary" on:click=add data-testid="add-rule">{text(C::AddRule)}</button>
        </fieldset>
    }
}

/// The shop's own coupon codes, by pool: how many are left, and more pasted in.
#[component]
fn CouponPools() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let pools = expect_context::<Pools>();
    let add = ServerAction::<AddCouponCodes>::new();
    Effect::new(move || {
        if let Some(Ok(CodesAdded::Added(now))) = add.value().get() {
            pools.0.set(now);
        }
    });
    let refused = move || match add.value().get() {
        Some(Ok(CodesAdded::Refused { field, reason })) => Some(format!("{field}: {reason}")),
        Some(Err(_)) => Some(text(C::ActionFailed).to_owned()),
        _ => None,
    };
    view! {
        <details class="coupon-pools">
            <summary>{text(C::PoolsHeading)}</summary>
            <p class="hint">{text(C::PoolsIntro)}</p>
            <ul class="pool-list" data-testid="coupon-pools">
                {move || pools.0.get().into_iter().map(|p| view! {
                    <li data-pool=p.name.clone() data-left=p.left>
                        <code>{p.name.clone()}</code>" "
                        {fill(text(C::PoolCounts), &[("left", &p.left.to_string()), ("given", &p.given.to_string())])}
                    </li>
                }).collect_view()}
            </ul>
            <ActionForm action=add attr:class="pool-form">
                <label for="pool-name">{text(C::PoolName)}</label>
                <input id="pool-name" name="pool" type="text" maxlength="24" required pattern="[a-z0-9\\-]{1,24}" aria-describedby="pool-name-hint"/>
                <p class="hint" id="pool-name-hint">{text(C::PoolNameHint)}</p>
                <label for="pool-codes">{text(C::PoolCodes)}</label>
                <textarea id="pool-codes" name="codes" rows="4" required></textarea>
                <button type="submit" class="secondary" data-testid="add-codes">{text(C::AddCodes)}</button>
                {move || refused().map(|reason| view! { <p class="field-error" role="alert">{reason}</p> })}
            </ActionForm>
        </details>
    }
}

#[component]
fn RuleRow(i: usize, draft: RwSignal<DesignDraft>, problems: Problems) -> impl IntoView {
    let locale = use_locale();
    let pools = expect_context::<Pools>();
    let text = move |key| console_text(locale, key);
    let rule = move || draft.with(|d| d.rules.get(i).cloned());
    let edit = move |change: Box<dyn FnOnce(&mut Rule)>| {
        draft.update(|d| {
            if let Some(rule) = d.rules.get_mut(i) {
                change(rule)
            }
        })
    };
    let id = move |part: &str| format!("rule-{i}-{part}");
    // Each part's fields are drawn again only when that part changes.
    let trigger = Memo::new(move |_| draft.with(|d| d.rules.get(i).map(|r| r.trigger)));
    let grant = Memo::new(move |_| draft.with(|d| d.rules.get(i).map(|r| r.grant)));
    let audience = Memo::new(move |_| draft.with(|d| d.rules.get(i).map(|r| r.audience)));
    let trigger_param = move || match trigger.get() {
        Some(Trigger::Milestone { milestone }) => view! {
            <label for=id("milestone")>{text(C::RuleMilestone)}</label>
            <select id=id("milestone") on:change=move |ev| {
                let code = event_target_value(&ev);
                if let Some(m) = Milestone::ALL.into_iter().find(|m| m.code() == code) {
                    edit(Box::new(move |r| r.trigger = Trigger::Milestone { milestone: m }));
                }
            } data-testid="rule-milestone">
                {Milestone::ALL.into_iter().map(|m| view! {
                    <option value=m.code() selected=m == milestone>{milestone_label(locale, m)}</option>
                }).collect_view()}
            </select>
        }
        .into_any(),
        Some(Trigger::Tier { tier }) => view! {
            <label for=id("tier")>{text(C::RuleTier)}</label>
            <select id=id("tier") on:change=move |ev| {
                let code = event_target_value(&ev);
                if let Some(t) = Tier::ALL.into_iter().find(|t| t.code() == code) {
                    edit(Box::new(move |r| r.trigger = Trigger::Tier { tier: t }));
                }
            }>
                {Tier::ALL.into_iter().map(|t| view! {
                    <option value=t.code() selected=t == tier>{tier_name(locale, t)}</option>
                }).collect_view()}
            </select>
        }
        .into_any(),
        Some(Trigger::NthOrder { n }) => number_field(id("n"), text(C::RuleNthOrder), n, move |n| {
            edit(Box::new(move |r| r.trigger = Trigger::NthOrder { n }))
        }),
        Some(Trigger::BordersCrossed { at_least }) => {
            number_field(id("borders"), text(C::RuleBorders), at_least, move |n| {
                edit(Box::new(move |r| r.trigger = Trigger::BordersCrossed { at_least: n }))
            })
        }
        Some(Trigger::Distance { at_least_km }) => {
            number_field(id("km"), text(C::RuleDistance), at_least_km, move |n| {
                edit(Box::new(move |r| r.trigger = Trigger::Distance { at_least_km: n }))
            })
        }
        _ => ().into_any(),
    };
    let audience_param = move || match audience.get() {
        Some(Audience::FrequentCustomers { min_orders }) => {
            number_field(id("orders"), text(C::RuleMinOrders), min_orders, move |n| {
                edit(Box::new(move |r| r.audience = Audience::FrequentCustomers { min_orders: n }))
            })
        }
        _ => ().into_any(),
    };
    let grant_param = move || {
        match grant.get() {
        Some(Grant::Badge { badge }) => view! {
            <label for=id("badge")>{text(C::RuleBadge)}</label>
            <select id=id("badge") on:change=move |ev| {
                let code = event_target_value(&ev);
                if let Some(b) = Badge::from_code(&code) {
                    edit(Box::new(move |r| r.grant = Grant::Badge { badge: b }));
                }
            }>
                {Badge::ALL.into_iter().map(|b| view! {
                    <option value=b.code() selected=b == badge>{badge_name(locale, b)}</option>
                }).collect_view()}
            </select>
        }
        .into_any(),
        Some(Grant::Points { points }) => number_field(id("points"), text(C::RulePoints), points, move |n| {
            edit(Box::new(move |r| r.grant = Grant::Points { points: n }))
        }),
        Some(Grant::Coupon { percent_off, valid_days, pool }) => view! {
            {number_field(id("percent"), text(C::RulePercentOff), u32::from(percent_off), move |n| {
                let percent_off = u8::try_from(n).unwrap_or(u8::MAX);
                edit(Box::new(move |r| r.grant = Grant::Coupon { percent_off, valid_days, pool }))
            })}
            {number_field(id("days"), text(C::RuleValidDays), u32::from(valid_days), move |n| {
                let valid_days = u16::try_from(n).unwrap_or(u16::MAX);
                edit(Box::new(move |r| r.grant = Grant::Coupon { percent_off, valid_days, pool }))
            })}
            <label for=id("pool")>{text(C::RuleCodes)}</label>
            <select id=id("pool") on:change=move |ev| {
                let pool = PoolName::parse(&event_target_value(&ev)).ok();
                edit(Box::new(move |r| r.grant = Grant::Coupon { percent_off, valid_days, pool }))
            } data-testid="rule-pool">
                <option value="" selected=pool.is_none()>{text(C::TrekpostCodes)}</option>
                {move || {
                    let mut names: Vec<String> = pools.0.with(|p| p.iter().map(|p| p.name.clone()).collect());
                    // A pool the rule names before any code was added to it.
                    if let Some(own) = pool.filter(|p| !names.iter().any(|n| n == p.as_str())) {
                        names.push(own.as_str().to_owned());
                    }
                    names.into_iter().map(|name| {
                        let selected = pool.is_some_and(|p| p.as_str() == name);
                        view! { <option value=name.clone() selected=selected>{fill(text(C::PoolOption), &[("pool", &name)])}</option> }
                    }).collect_view()
                }}
            </select>
        }
        .into_any(),
        _ => ().into_any(),
    }
    };
    let row_problems = move || problems.within(&format!("rules[{i}]"));
    let label = move || fill(text(C::RuleLabel), &[("id", &rule().map(|r| r.id).unwrap_or_default())]);
    // Closed, a rule reads as one line; a wrong one opens so its problem shows.
    let summary = move || rule().map(|r| rule_summary(locale, &r)).unwrap_or_default();
    let opened = RwSignal::new(false);
    Effect::new(move || {
        if !row_problems().is_empty() {
            opened.set(true);
        }
    });
    view! {
        <li class="rule" data-testid="rule" data-rule=move || rule().map(|r| r.id)>
            <details prop:open=move || opened.get()>
            <summary>
                <strong>{move || rule().map(|r| r.id)}</strong>
                <span class="rule-summary">{summary}</span>
            </summary>
            <fieldset>
                <legend class="sr-only">{label}</legend>
                <label for=id("id")>{text(C::RuleId)}</label>
                <input
                    id=id("id")
                    type="text"
                    maxlength="40"
                    prop:value=move || rule().map(|r| r.id).unwrap_or_default()
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        edit(Box::new(move |r| r.id = value))
                    }
                />
                <label for=id("trigger")>{text(C::RuleWhen)}</label>
                <select id=id("trigger") on:change=move |ev| {
                    let code = event_target_value(&ev);
                    edit(Box::new(move |r| r.trigger = trigger_of(&code)))
                } data-testid="rule-trigger">
                    {TRIGGERS.into_iter().map(|code| view! {
                        <option value=code selected=move || trigger.get().is_some_and(|t| trigger_code(&t) == code)>{text(trigger_label(code))}</option>
                    }).collect_view()}
                </select>
                {trigger_param}
                <label for=id("audience")>{text(C::RuleWho)}</label>
                <select id=id("audience") on:change=move |ev| {
                    let code = event_target_value(&ev);
                    edit(Box::new(move |r| r.audience = audience_of(&code)))
                }>
                    {AUDIENCES.into_iter().map(|code| view! {
                        <option value=code selected=move || audience.get().is_some_and(|a| audience_code(&a) == code)>{text(audience_label(code))}</option>
                    }).collect_view()}
                </select>
                {audience_param}
                <label for=id("grant")>{text(C::RuleGives)}</label>
                <select id=id("grant") on:change=move |ev| {
                    let code = event_target_value(&ev);
                    edit(Box::new(move |r| r.grant = grant_of(&code)))
                } data-testid="rule-grant">
                    {GRANTS.into_iter().map(|code| view! {
                        <option value=code selected=move || grant.get().is_some_and(|g| grant_code(&g) == code)>{text(grant_label(code))}</option>
                    }).collect_view()}
                </select>
                {grant_param}
                {move || row_problems().into_iter().map(|e| view! { <p class="field-error"><code>{e.field}</code>": "{e.reason}</p> }).collect_view()}
                <button type="button" class="secondary danger" on:click=move |_| draft.update(|d| {
                    if i < d.rules.len() {
                        d.rules.remove(i);
                    }
                })>{move || fill(text(C::RemoveRule), &[("id", &rule().map(|r| r.id).unwrap_or_default())])}</button>
            </fieldset>
            </details>
        </li>
    }
}

/// "When customs cleared · first-time customers · 10% off your next order".
fn rule_summary(locale: Locale, rule: &Rule) -> String {
    let text = |key| console_text(locale, key);
    let when = match rule.trigger {
        Trigger::Milestone { milestone } => milestone_label(locale, milestone).to_owned(),
        Trigger::Tier { tier } => tier_name(locale, tier).to_owned(),
        Trigger::NthOrder { n } => format!("{} {n}", text(C::RuleNthOrder)),
        Trigger::BordersCrossed { at_least } => format!("{} {at_least}", text(C::RuleBorders)),
        Trigger::Distance { at_least_km } => format!("{} {at_least_km}", text(C::RuleDistance)),
        other => text(trigger_label(trigger_code(&other))).to_owned(),
    };
    let who = match rule.audience {
        Audience::FrequentCustomers { min_orders } => format!("{} ({min_orders}+)", text(C::AudienceFrequent)),
        other => text(audience_label(audience_code(&other))).to_owned(),
    };
    format!("{when} · {who} · {}", crate::rewards::journey::grant_label(locale, rule.grant))
}

fn number_field(id: String, label: &'static str, value: u32, set: impl Fn(u32) + 'static) -> AnyView {
    view! {
        <label for=id.clone()>{label}</label>
        <input id=id.clone() type="number" min="1" inputmode="numeric" value=value on:change=move |ev| set(number(&ev)) data-testid=id/>
    }
    .into_any()
}

#[component]
fn History(history: RwSignal<Vec<DesignVersionRow>>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    view! {
        <section class="design-history" aria-labelledby="design-history-heading">
            <h2 id="design-history-heading">{text(C::HistoryHeading)}</h2>
            {move || {
                let rows = history.get();
                if rows.is_empty() {
                    return view! { <p class="hint">{text(C::HistoryEmpty)}</p> }.into_any();
                }
                view! {
                    <ol class="version-list" data-testid="design-history">
                        {rows.into_iter().map(|row| view! {
                            <li data-version=row.version>
                                {fill(text(C::VersionLine), &[
                                    ("version", &row.version.to_string()),
                                    ("who", &row.saved_by),
                                    ("time", &format_local_time(locale, row.saved_at.fixed_offset())),
                                ])}
                            </li>
                        }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
}

/// The logo upload, in the browser.
#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use wasm_bindgen::JsCast;

    pub fn send_logo(ev: &leptos::ev::SubmitEvent, draft: RwSignal<DesignDraft>, status: RwSignal<Option<String>>) {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
        status.set(None);
        leptos::task::spawn_local(async move {
            match upload_logo(data.into()).await {
                Ok(LogoUpload::Uploaded { digest }) => draft.update(|d| d.logo = Some(digest)),
                Ok(LogoUpload::Refused { reason }) => status.set(Some(reason)),
                Err(error) => status.set(Some(error.to_string())),
            }
        });
    }
}
