//! Every shopper-facing string goes through here. The locale is chosen on the server from
//! Accept-Language, written into `<html lang>`, and read back from there when the page
//! hydrates, so both halves render the same words.

use crate::domain::Milestone;
use leptos::prelude::*;

pub mod journey;
pub mod rewards;
pub mod share;

/// Picks this locale's word from `[en, zh-Hans, es, de]`: every label is written that way, so a
/// key can never lack a language.
fn pick<T>(locale: Locale, [en, zh, es, de]: [T; 4]) -> T {
    match locale {
        Locale::En => en,
        Locale::ZhHans => zh,
        Locale::Es => es,
        Locale::De => de,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    En,
    ZhHans,
    Es,
    De,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::En, Locale::ZhHans, Locale::Es, Locale::De];

    /// The BCP 47 tag written into `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhHans => "zh-Hans",
            Locale::Es => "es",
            Locale::De => "de",
        }
    }

    /// The language's own name, as the switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhHans => "简体中文",
            Locale::Es => "Español",
            Locale::De => "Deutsch",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "zh" => Some(Locale::ZhHans),
            "es" => Some(Locale::Es),
            "de" => Some(Locale::De),
            _ => None,
        }
    }

    /// Picks the best supported language from an Accept-Language header, honouring q-values.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut candidates: Vec<(f32, usize, Locale)> = accept_language
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let locale = Locale::from_tag(pieces.next()?)?;
                let q =
                    pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
                (q > 0.0).then_some((q, i, locale))
            })
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.first().map(|c| c.2).unwrap_or_default()
    }
}

/// The keys of every string the shopper can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    AppName,
    Tagline,
    DemoJourneysHeading,
    DemoJourneysEmpty,
    TrackingNumber,
    From,
    To,
    JourneyProgress,
    Reached,
    Pending,
    NextUp,
    Delivered,
    FollowParcel,
    LiveConnecting,
    LiveOn,
    LiveReconnecting,
    ParcelPosition,
    NoPositionYet,
    MapLabel,
    NotFoundTitle,
    NotFoundBody,
    BadLinkTitle,
    ServerErrorTitle,
    ServerErrorBody,
    Loading,
    BackHome,
    Language,
    TrackTitle,
    TrackIntro,
    TrackNumberLabel,
    TrackPostalLabel,
    TrackSubmit,
    TrackNotFound,
    TrackTooMany,
}

pub fn text(locale: Locale, key: Text) -> &'static str {
    use Text::*;
    match locale {
        Locale::En => match key {
            AppName => "Trekpost",
            Tagline => "Follow your parcel's journey, live.",
            DemoJourneysHeading => "Demo journeys under way",
            DemoJourneysEmpty => "No demo journeys yet.",
            TrackingNumber => "Tracking number",
            From => "From",
            To => "To",
            JourneyProgress => "Journey progress",
            Reached => "reached",
            Pending => "not yet",
            NextUp => "Next up",
            Delivered => "Delivered",
            FollowParcel => "Follow parcel",
            LiveConnecting => "Connecting…",
            LiveOn => "Live",
            LiveReconnecting => "Reconnecting…",
            ParcelPosition => "Parcel position",
            NoPositionYet => "No position reported yet",
            MapLabel => "Map of the parcel's route and current position",
            NotFoundTitle => "We can't find that journey",
            NotFoundBody => "Check that the link is complete, or ask the shop for a new one.",
            BadLinkTitle => "This tracking link is not valid",
            ServerErrorTitle => "Something went wrong",
            ServerErrorBody => "Please try again in a moment.",
            Loading => "Loading…",
            BackHome => "Back to Trekpost",
            Language => "Language",
            TrackTitle => "Track a parcel",
            TrackIntro => "Enter the tracking number from your shipping email and the postal code it is going to.",
            TrackNumberLabel => "Tracking number",
            TrackPostalLabel => "Destination postal code",
            TrackSubmit => "Find my parcel",
            TrackNotFound => "We couldn't find a parcel with that tracking number and postal code. Check both and try again.",
            TrackTooMany => "Too many attempts. Please wait a minute and try again.",
        },
        Locale::ZhHans => match key {
            AppName => "Trekpost",
            Tagline => "实时追踪您的包裹旅程。",
            DemoJourneysHeading => "进行中的演示旅程",
            DemoJourneysEmpty => "暂无演示旅程。",
            TrackingNumber => "运单号",
            From => "发自",
            To => "寄往",
            JourneyProgress => "旅程进度",
            Reached => "已完成",
            Pending => "未完成",
            NextUp => "下一步",
            Delivered => "已签收",
            FollowParcel => "跟随包裹",
            LiveConnecting => "正在连接…",
            LiveOn => "实时",
            LiveReconnecting => "正在重新连接…",
            ParcelPosition => "包裹位置",
            NoPositionYet => "尚未上报位置",
            MapLabel => "包裹路线与当前位置地图",
            NotFoundTitle => "找不到该旅程",
            NotFoundBody => "请检查链接是否完整，或向商家索取新链接。",
            BadLinkTitle => "此追踪链接无效",
            ServerErrorTitle => "出了点问题",
            ServerErrorBody => "请稍后再试。",
            Loading => "加载中…",
            BackHome => "返回 Trekpost",
            Language => "语言",
            TrackTitle => "查询包裹",
            TrackIntro => "请输入发货邮件中的运单号和收件地邮政编码。",
            TrackNumberLabel => "运单号",
            TrackPostalLabel => "收件地邮政编码",
            TrackSubmit => "查找我的包裹",
            TrackNotFound => "找不到与该运单号和邮政编码对应的包裹。请检查后重试。",
            TrackTooMany => "尝试次数过多。请稍候一分钟再试。",
        },
        Locale::Es => match key {
            AppName => "Trekpost",
            Tagline => "Sigue el viaje de tu paquete, en directo.",
            DemoJourneysHeading => "Viajes de demostración en curso",
            DemoJourneysEmpty => "Todavía no hay viajes de demostración.",
            TrackingNumber => "Número de seguimiento",
            From => "Desde",
            To => "Hasta",
            JourneyProgress => "Progreso del viaje",
            Reached => "completado",
            Pending => "pendiente",
            NextUp => "Lo siguiente",
            Delivered => "Entregado",
            FollowParcel => "Seguir el paquete",
            LiveConnecting => "Conectando…",
            LiveOn => "En directo",
            LiveReconnecting => "Reconectando…",
            ParcelPosition => "Posición del paquete",
            NoPositionYet => "Aún no se ha informado ninguna posición",
            MapLabel => "Mapa de la ruta del paquete y su posición actual",
            NotFoundTitle => "No encontramos ese viaje",
            NotFoundBody => "Comprueba que el enlace esté completo o pide uno nuevo a la tienda.",
            BadLinkTitle => "Este enlace de seguimiento no es válido",
            ServerErrorTitle => "Algo ha fallado",
            ServerErrorBody => "Inténtalo de nuevo dentro de un momento.",
            Loading => "Cargando…",
            BackHome => "Volver a Trekpost",
            Language => "Idioma",
            TrackTitle => "Seguir un paquete",
            TrackIntro => "Introduce el número de seguimiento del correo de envío y el código postal de destino.",
            TrackNumberLabel => "Número de seguimiento",
            TrackPostalLabel => "Código postal de destino",
            TrackSubmit => "Buscar mi paquete",
            TrackNotFound => "No encontramos ningún paquete con ese número de seguimiento y código postal. Revisa ambos y vuelve a intentarlo.",
            TrackTooMany => "Demasiados intentos. Espera un minuto y vuelve a intentarlo.",
        },
        Locale::De => match key {
            AppName => "Trekpost",
            Tagline => "Verfolge die Reise deines Pakets – live.",
            DemoJourneysHeading => "Laufende Demo-Sendungen",
            DemoJourneysEmpty => "Noch keine Demo-Sendungen.",
            TrackingNumber => "Sendungsnummer",
            From => "Von",
            To => "Nach",
            JourneyProgress => "Sendungsverlauf",
            Reached => "erreicht",
            Pending => "noch nicht",
            NextUp => "Als Nächstes",
            Delivered => "Zugestellt",
            FollowParcel => "Paket folgen",
            LiveConnecting => "Verbinde…",
            LiveOn => "Live",
            LiveReconnecting => "Verbinde erneut…",
            ParcelPosition => "Position des Pakets",
            NoPositionYet => "Noch keine Position gemeldet",
            MapLabel => "Karte mit der Route und der aktuellen Position des Pakets",
            NotFoundTitle => "Diese Sendung finden wir nicht",
            NotFoundBody => "Prüfe, ob der Link vollständig ist, oder bitte den Shop um einen neuen.",
            BadLinkTitle => "Dieser Sendungslink ist ungültig",
            ServerErrorTitle => "Etwas ist schiefgelaufen",
            ServerErrorBody => "Bitte versuche es gleich noch einmal.",
            Loading => "Lädt…",
            BackHome => "Zurück zu Trekpost",
            Language => "Sprache",
            TrackTitle => "Sendung verfolgen",
            TrackIntro => "Gib die Sendungsnummer aus deiner Versand-E-Mail und die Postleitzahl des Ziels ein.",
            TrackNumberLabel => "Sendungsnummer",
            TrackPostalLabel => "Postleitzahl des Ziels",
            TrackSubmit => "Mein Paket finden",
            TrackNotFound => "Wir finden keine Sendung mit dieser Sendungsnummer und Postleitzahl. Prüfe beides und versuche es erneut.",
            TrackTooMany => "Zu viele Versuche. Bitte warte eine Minute und versuche es erneut.",
        },
    }
}

pub fn milestone_label(locale: Locale, milestone: Milestone) -> &'static str {
    use Milestone::*;
    match locale {
        Locale::En => match milestone {
            OrderConfirmed => "Order confirmed",
            Packed => "Packed",
            CarrierReceived => "Carrier has it",
            DepartedOrigin => "Left the origin",
            ArrivedDestination => "Arrived in destination country",
            CustomsCleared => "Cleared customs",
            OutForDelivery => "Out for delivery",
            Delivered => "Delivered",
        },
        Locale::ZhHans => match milestone {
            OrderConfirmed => "订单已确认",
            Packed => "已打包",
            CarrierReceived => "承运商已揽收",
            DepartedOrigin => "已离开始发地",
            ArrivedDestination => "已到达目的国",
            CustomsCleared => "已清关",
            OutForDelivery => "派送中",
            Delivered => "已签收",
        },
        Locale::Es => match milestone {
            OrderConfirmed => "Pedido confirmado",
            Packed => "Empaquetado",
            CarrierReceived => "En manos del transportista",
            DepartedOrigin => "Salió del origen",
            ArrivedDestination => "Llegó al país de destino",
            CustomsCleared => "Despachado en aduana",
            OutForDelivery => "En reparto",
            Delivered => "Entregado",
        },
        Locale::De => match milestone {
            OrderConfirmed => "Bestellung bestätigt",
            Packed => "Verpackt",
            CarrierReceived => "Beim Versanddienstleister",
            DepartedOrigin => "Ausgangsland verlassen",
            ArrivedDestination => "Im Zielland angekommen",
            CustomsCleared => "Verzollt",
            OutForDelivery => "In Zustellung",
            Delivered => "Zugestellt",
        },
    }
}

/// The locale of the page being rendered.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// A translator closure for views: `let t = use_text(); t(Text::AppName)`.
pub fn use_text() -> impl Fn(Text) -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move |key| text(locale, key)
}

/// The name of the cookie that keeps the shopper's choice of language.
pub const LANGUAGE_COOKIE: &str = "lang";

/// The locale of this request: a `?lang=` choice, else the remembered choice (cookie), else
/// the browser's Accept-Language.
#[cfg(feature = "ssr")]
pub fn detect_locale() -> Locale {
    let Some(parts) = use_context::<http::request::Parts>() else { return Locale::default() };
    chosen_in_query(&parts)
        .or_else(|| {
            let cookies = parts.headers.get_all(http::header::COOKIE).into_iter().filter_map(|v| v.to_str().ok());
            cookies
                .flat_map(|header| header.split(';'))
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(name, _)| *name == LANGUAGE_COOKIE)
                .and_then(|(_, value)| Locale::from_tag(value))
        })
        .or_else(|| {
            let header = parts.headers.get(http::header::ACCEPT_LANGUAGE)?.to_str().ok()?;
            Some(Locale::negotiate(header))
        })
        .unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn chosen_in_query(parts: &http::request::Parts) -> Option<Locale> {
    let query = parts.uri.query()?;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| Locale::from_tag(v))
}

/// Remembers a `?lang=` choice for the shopper's next pages (a year, this site only).
#[cfg(feature = "ssr")]
pub fn remember_chosen_locale() {
    let (Some(parts), Some(response)) =
        (use_context::<http::request::Parts>(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    if let Some(locale) = chosen_in_query(&parts) {
        let cookie = format!("{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", locale.tag());
        if let Ok(value) = http::HeaderValue::from_str(&cookie) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
}

/// The language switcher: plain links, so it works before (and without) the wasm; each
/// reloads the page in that language and the server remembers the choice.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let t = use_text();
    let current = use_locale();
    view! {
        <nav class="language-switcher" aria-label=t(Text::Language)>
            <ul>
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <li>
                                <a
                                    href=format!("?lang={}", locale.tag())
                                    hreflang=locale.tag()
                                    lang=locale.tag()
                                    rel="external"
                                    aria-current=(locale == current).then_some("true")
                                >
                                    {locale.native_name()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// The locale the server rendered this page in, read back from `<html lang>`.
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub fn detect_locale() -> Locale {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|lang| Locale::from_tag(&lang))
        .unwrap_or_default()
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
pub fn detect_locale() -> Locale {
    Locale::default()
}

/// The `{placeholder}` names of a template: every language must use the same ones.
#[cfg(test)]
pub(crate) fn placeholders(text: &str) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').expect("an unclosed brace") + open;
        names.insert(rest[open + 1..close].to_owned());
        rest = &rest[close + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality_then_order() {
        assert_eq!(Locale::negotiate("zh-CN,zh;q=0.9,en;q=0.8"), Locale::ZhHans);
        assert_eq!(Locale::negotiate("fr-FR, en;q=0.5, zh;q=0.4"), Locale::En);
        assert_eq!(Locale::negotiate("en;q=0.2, zh-TW;q=0.7"), Locale::ZhHans);
        assert_eq!(Locale::negotiate("fr, de"), Locale::De);
        assert_eq!(Locale::negotiate("fr, it"), Locale::En);
        assert_eq!(Locale::negotiate("es-MX,es;q=0.9,en;q=0.5"), Locale::Es);
        assert_eq!(Locale::negotiate("de-AT;q=0.8, en;q=0.9"), Locale::En);
        assert_eq!(Locale::negotiate("zh;q=0, en"), Locale::En);
        assert_eq!(Locale::negotiate(""), Locale::En);
    }

    #[test]
    fn every_text_is_translated_and_not_blank() {
        let keys = [
            Text::AppName,
            Text::Tagline,
            Text::DemoJourneysHeading,
            Text::DemoJourneysEmpty,
            Text::TrackingNumber,
            Text::From,
            Text::To,
            Text::JourneyProgress,
            Text::Reached,
            Text::Pending,
            Text::NextUp,
            Text::Delivered,
            Text::FollowParcel,
            Text::LiveConnecting,
            Text::LiveOn,
            Text::LiveReconnecting,
            Text::ParcelPosition,
            Text::NoPositionYet,
            Text::MapLabel,
            Text::NotFoundTitle,
            Text::NotFoundBody,
            Text::BadLinkTitle,
            Text::ServerErrorTitle,
            Text::ServerErrorBody,
            Text::Loading,
            Text::BackHome,
            Text::Language,
            Text::TrackTitle,
            Text::TrackIntro,
            Text::TrackNumberLabel,
            Text::TrackPostalLabel,
            Text::TrackSubmit,
            Text::TrackNotFound,
            Text::TrackTooMany,
        ];
        for locale in Locale::ALL {
            for key in keys {
                assert!(!text(locale, key).trim().is_empty(), "{locale:?} {key:?}");
            }
            for m in Milestone::ALL {
                assert!(!milestone_label(locale, m).is_empty());
            }
        }
        // Each language has its own words, not English left in place.
        let labels: std::collections::HashSet<_> = Locale::ALL.iter().map(|&l| text(l, Text::FollowParcel)).collect();
        assert_eq!(labels.len(), Locale::ALL.len());
    }
}
