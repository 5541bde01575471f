//! The seller console: Leptos pages under `/console` for the people who run a shop. The
//! server signs them in (plain form posts, `server::console`), admits only signed-in users
//! of a merchant to these routes, and hands each page and server function the [`SignedIn`]
//! user; every server function here asks [`crate::ports::ConsoleServices`] on that user's
//! behalf, so every answer is the user's merchant's.

pub mod account;
pub mod analytics;
pub mod attention;
#[cfg(feature = "ssr")]
pub mod charts;
pub mod dead_letters;
pub mod design;
pub mod engagement;
pub mod feedback;
pub mod imports;
pub mod keys;
pub mod performance;
pub mod shipments;
pub mod sign_in;
pub mod users;
pub mod webhooks;

use crate::domain::account::Role;
use crate::i18n::analytics::{analytics_text, AnalyticsText};
use crate::i18n::console::{console_text, role_label, ConsoleText as C};
use crate::i18n::engagement::{engagement_text, EngagementText};
use crate::i18n::feedback::{feedback_text, FeedbackText};
use crate::i18n::performance::{performance_text, PerformanceText};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

pub const PREFIX: &str = "/console";
pub const SIGN_IN_PATH: &str = "/console/sign-in";
pub const SIGN_OUT_PATH: &str = "/console/sign-out";
pub const ACCOUNT_PATH: &str = "/console/account";
pub const PASSWORD_PATH: &str = "/console/account/password";
pub const KEYS_PATH: &str = "/console/keys";
pub const SHIPMENTS_PATH: &str = "/console/shipments";
pub const USERS_PATH: &str = "/console/users";
pub const WEBHOOKS_PATH: &str = "/console/webhooks";
pub const DEAD_LETTERS_PATH: &str = "/console/dead-letters";
pub const IMPORT_PATH: &str = "/console/import";
pub const DESIGN_PATH: &str = "/console/design";
/// The shop's journey page as the design being edited would make it (framed by the editor).
pub const DESIGN_PREVIEW_PATH: &str = "/console/design/preview";
/// Posted a `tracking_number`, opens that shipment's journey page as its shopper sees it.
pub const JOURNEYS_PATH: &str = "/console/journeys";
/// Where the console's server functions answer (inside the session cookie's path).
pub const API_PREFIX: &str = "/console/api";

/// The user a console request is made by, as the server admitted them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedIn {
    pub user_id: i64,
    pub merchant_id: i64,
    pub merchant_name: String,
    pub merchant_slug: String,
    pub email: String,
    pub role: Role,
}

/// What a sign-in form post came to, as the sign-in page's `?result=` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInOutcome {
    /// Wrong email or password (never which).
    Invalid,
    /// Too many wrong passwords for this account or from this client.
    Locked,
    SignedOut,
}

impl SignInOutcome {
    const ALL: [Self; 3] = [Self::Invalid, Self::Locked, Self::SignedOut];

    pub fn code(self) -> &'static str {
        match self {
            Self::Invalid => "invalid",
            Self::Locked => "locked",
            Self::SignedOut => "signed-out",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// What a password change came to, as the account page's `?result=` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountOutcome {
    PasswordChanged,
    WrongPassword,
    Mismatch,
    Weak,
    Locked,
}

impl AccountOutcome {
    const ALL: [Self; 5] = [Self::PasswordChanged, Self::WrongPassword, Self::Mismatch, Self::Weak, Self::Locked];

    pub fn code(self) -> &'static str {
        match self {
            Self::PasswordChanged => "password-changed",
            Self::WrongPassword => "wrong-password",
            Self::Mismatch => "mismatch",
            Self::Weak => "weak",
            Self::Locked => "locked",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// The signed-in user and the console's services, for a server function.
#[cfg(feature = "ssr")]
pub fn desk() -> Result<(std::sync::Arc<dyn crate::ports::ConsoleServices>, SignedIn), ServerFnError> {
    let who = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SignedIn>().cloned())
        .ok_or_else(|| ServerFnError::new("sign in to the console first"))?;
    Ok((expect_context::<crate::ports::AppServices>().console, who))
}

/// The signed-in owner and the console's services; staff are refused (403): only owners
/// manage users, keys and secrets.
#[cfg(feature = "ssr")]
pub fn owners_desk() -> Result<(std::sync::Arc<dyn crate::ports::ConsoleServices>, SignedIn), ServerFnError> {
    let (console, who) = desk()?;
    if !who.role.manages_access() {
        crate::errors::set_status(403);
        return Err(ServerFnError::new("only the shop's owners manage users, keys and secrets"));
    }
    Ok((console, who))
}

/// Nothing of the signed-in merchant's answers to this: 404, as for anything of another shop.
#[cfg(feature = "ssr")]
pub fn not_found(what: &str) -> ServerFnError {
    crate::errors::set_status(404);
    ServerFnError::new(format!("your shop has no {what}"))
}

#[cfg(feature = "ssr")]
pub fn failed(error: impl std::fmt::Display) -> ServerFnError {
    ServerFnError::new(error.to_string())
}

/// Who is signed in: the console's header shows it, and pages hide what their role may not do.
#[server(prefix = "/console/api", endpoint = "me")]
pub async fn who_am_i() -> Result<SignedIn, ServerFnError> {
    Ok(desk()?.1)
}

pub type Me = Resource<Result<SignedIn, ServerFnError>>;

/// Every console page but the sign-in: the shop, the user, the sections, sign-out.
#[component]
pub fn ConsoleLayout() -> impl IntoView {
    let me: Me = Resource::new(|| (), |_| who_am_i());
    provide_context(me);
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    // Effects run in the browser only: the mark says the page is hydrated (tests wait for it).
    let hydrated = RwSignal::new(false);
    Effect::new(move || hydrated.set(true));
    view! {
        <div class="console" data-hydrated=move || hydrated.get().then_some("true")>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move { me.await.ok().map(|me| view! { <ConsoleBar me/> }) })}
            </Suspense>
            <Outlet/>
            <noscript><p>{text(C::Console)}</p></noscript>
        </div>
    }
}

#[component]
fn ConsoleBar(me: SignedIn) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let location = use_location();
    let current = move |path: &'static str| (location.pathname.get() == path).then_some("page");
    let mut sections = vec![
        (PREFIX, text(C::NavAttention)),
        (analytics::ANALYTICS_PATH, analytics_text(locale, AnalyticsText::NavAnalytics)),
        (performance::PERFORMANCE_PATH, performance_text(locale, PerformanceText::NavPerformance)),
        (feedback::FEEDBACK_PATH, feedback_text(locale, FeedbackText::NavFeedback)),
        (engagement::ENGAGEMENT_PATH, engagement_text(locale, EngagementText::NavEngagement)),
        (SHIPMENTS_PATH, text(C::NavShipments)),
        (IMPORT_PATH, text(C::NavImport)),
        (DEAD_LETTERS_PATH, text(C::NavDeadLetters)),
        (DESIGN_PATH, text(C::NavDesign)),
    ];
    if me.role.manages_access() {
        sections.push((KEYS_PATH, text(C::NavKeys)));
        sections.push((WEBHOOKS_PATH, text(C::NavWebhooks)));
        sections.push((USERS_PATH, text(C::NavUsers)));
    }
    sections.push((ACCOUNT_PATH, text(C::NavAccount)));
    view! {
        <div class="console-bar">
            <p class="console-who">
                <strong>{me.merchant_name.clone()}</strong>
                <span class="console-user">{me.email.clone()}" · "{role_label(locale, me.role)}</span>
            </p>
            <nav aria-label=text(C::SectionsLabel) class="console-nav">
                <ul>
                    {sections
                        .into_iter()
                        .map(|(path, label)| view! {
                            <li><a href=path aria-current=move || current(path)>{label}</a></li>
                        })
                        .collect_view()}
                </ul>
            </nav>
            <form method="post" action=SIGN_OUT_PATH class="sign-out">
                <button type="submit">{text(C::SignOut)}</button>
            </form>
        </div>
    }
}

/// An owners' page: `owners` renders it for the signed-in owner; staff read `refusal`.
pub fn owners_only<V: IntoView + 'static>(
    refusal: C,
    owners: impl Fn(SignedIn) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let me = expect_context::<Me>();
    let locale = use_locale();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let owners = owners.clone();
                Suspend::new(async move {
                    match me.await {
                        Ok(me) if me.role.manages_access() => owners(me).into_any(),
                        Ok(_) => view! { <p class="console-message" role="status">{console_text(locale, refusal)}</p> }.into_any(),
                        Err(_) => view! { <crate::errors::ServerError/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// How long ago `since` was, at `now`, in days and hours.
pub fn age_label(
    locale: crate::i18n::Locale,
    since: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    use crate::i18n::template::fill;
    let hours = (now - since).num_hours().max(0);
    let (days, hours) = (hours / 24, hours % 24);
    if days == 0 {
        fill(console_text(locale, C::AgeHours), &[("hours", &hours.to_string())])
    } else {
        fill(console_text(locale, C::AgeDaysHours), &[("days", &days.to_string()), ("hours", &hours.to_string())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_read_back_from_their_codes() {
        for outcome in SignInOutcome::ALL {
            assert_eq!(SignInOutcome::parse(outcome.code()), Some(outcome));
        }
        for outcome in AccountOutcome::ALL {
            assert_eq!(AccountOutcome::parse(outcome.code()), Some(outcome));
        }
        assert_eq!(SignInOutcome::parse("anything"), None);
    }

    #[test]
    fn ages_read_in_days_and_hours() {
        let now: chrono::DateTime<chrono::Utc> = "2026-12-04T12:00:00Z".parse().unwrap();
        let en = crate::i18n::Locale::En;
        assert_eq!(age_label(en, "2026-12-04T09:10:00Z".parse().unwrap(), now), "2 h");
        assert_eq!(age_label(en, "2026-12-01T07:00:00Z".parse().unwrap(), now), "3 d 5 h");
        assert_eq!(age_label(en, "2026-12-05T07:00:00Z".parse().unwrap(), now), "0 h", "never negative");
    }
}
