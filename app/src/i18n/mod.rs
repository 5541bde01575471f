//! Every shopper-facing string goes through here. The locale is chosen on the server from
//! Accept-Language, written into `<html lang>`, and read back from there when the page
//! hydrates, so both halves render the same words.

use crate::domain::Milestone;
use leptos::prelude::*;

/// Declares a table of texts once: each key is written in one place, with its docs and its
/// words as `[en, zh-Hans, es, de]`. From that one declaration come the key enum, its `ALL`
/// (every key, in the order declared) and the lookup that picks a key's words for a locale.
///
/// ```ignore
/// i18n_table! {
///     /// The words of an example page.
///     pub enum ExampleText => pub fn example_text {
///         Hello => ["Hello", "你好", "Hola", "Hallo"],
///         /// `{name}`
///         Welcome => ["Welcome, {name}", "欢迎，{name}", "Hola, {name}", "Willkommen, {name}"],
///     }
/// }
/// ```
macro_rules! i18n_table {
    (
        $(#[$meta:meta])*
        $vis:vis enum $Key:ident => $fn_vis:vis fn $lookup:ident {
            $(
                $(#[$key_meta:meta])*
                $variant:ident => [$en:literal, $zh:literal, $es:literal, $de:literal $(,)?]
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $Key {
            $( $(#[$key_meta])* $variant, )+
        }

        impl $Key {
            /// Every key, in the order the table declares them.
            pub const ALL: [Self; [$(stringify!($variant)),+].len()] = [$(Self::$variant),+];
        }

        #[doc = concat!("The words of a [`", stringify!($Key), "`] in `locale`.")]
        $fn_vis fn $lookup(locale: $crate::i18n::Locale, key: $Key) -> &'static str {
            $crate::i18n::pick(locale, match key { $( $Key::$variant => [$en, $zh, $es, $de], )+ })
        }
    };
}

pub mod analytics;
pub mod console;
pub mod countries;
pub mod datetime;
pub mod engagement;
pub mod feedback;
pub mod help;
pub mod journey;
pub mod performance;
pub mod rewards;
pub mod share;
pub mod template;

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

i18n_table! {
    /// The keys of every string the shopper can read.
    pub enum Text => pub fn text {
        AppName => ["Trekpost", "Trekpost", "Trekpost", "Trekpost"],
        Tagline => [
            "Follow your parcel's journey, live.",
            "实时追踪您的包裹旅程。",
            "Sigue el viaje de tu paquete, en directo.",
            "Verfolge die Reise deines Pakets – live.",
        ],
        DemoJourneysHeading => [
            "Demo journeys under way",
            "进行中的演示旅程",
            "Viajes de demostración en curso",
            "Laufende Demo-Sendungen",
        ],
        DemoJourneysEmpty => [
            "No demo journeys yet.",
            "暂无演示旅程。",
            "Todavía no hay viajes de demostración.",
            "Noch keine Demo-Sendungen.",
        ],
        TrackingNumber => ["Tracking number", "运单号", "Número de seguimiento", "Sendungsnummer"],
        From => ["From", "发自", "Desde", "Von"],
        To => ["To", "寄往", "Hasta", "Nach"],
        JourneyProgress => ["Journey progress", "旅程进度", "Progreso del viaje", "Sendungsverlauf"],
        Reached => ["reached", "已完成", "completado", "erreicht"],
        Pending => ["not yet", "未完成", "pendiente", "noch nicht"],
        NextUp => ["Next up", "下一步", "Lo siguiente", "Als Nächstes"],
        Delivered => ["Delivered", "已签收", "Entregado", "Zugestellt"],
        FollowParcel => ["Follow parcel", "跟随包裹", "Seguir el paquete", "Paket folgen"],
        LiveConnecting => ["Connecting…", "正在连接…", "Conectando…", "Verbinde…"],
        LiveOn => ["Live", "实时", "En directo", "Live"],
        LiveReconnecting => ["Reconnecting…", "正在重新连接…", "Reconectando…", "Verbinde erneut…"],
        ParcelPosition => ["Parcel position", "包裹位置", "Posición del paquete", "Position des Pakets"],
        NoPositionYet => [
            "No position reported yet",
            "尚未上报位置",
            "Aún no se ha informado ninguna posición",
            "Noch keine Position gemeldet",
        ],
        MapLabel => [
            "Map of the parcel's route and current position",
            "包裹路线与当前位置地图",
            "Mapa de la ruta del paquete y su posición actual",
            "Karte mit der Route und der aktuellen Position des Pakets",
        ],
        NotFoundTitle => [
            "We can't find that journey",
            "找不到该旅程",
            "No encontramos ese viaje",
            "Diese Sendung finden wir nicht",
        ],
        NotFoundBody => [
            "Check that the link is complete, or ask the shop for a new one.",
            "请检查链接是否完整，或向商家索取新链接。",
            "Comprueba que el enlace esté completo o pide uno nuevo a la tienda.",
            "Prüfe, ob der Link vollständig ist, oder bitte den Shop um einen neuen.",
        ],
        BadLinkTitle => [
            "This tracking link is not valid",
            "此追踪链接无效",
            "Este enlace de seguimiento no es válido",
            "Dieser Sendungslink ist ungültig",
        ],
        ServerErrorTitle => ["Something went wrong", "出了点问题", "Algo ha fallado", "Etwas ist schiefgelaufen"],
        ServerErrorBody => [
            "Please try again in a moment.",
            "请稍后再试。",
            "Inténtalo de nuevo dentro de un momento.",
            "Bitte versuche es gleich noch einmal.",
        ],
        Loading => ["Loading…", "加载中…", "Cargando…", "Lädt…"],
        BackHome => ["Back to Trekpost", "返回 Trekpost", "Volver a Trekpost", "Zurück zu Trekpost"],
        Language => ["Language", "语言", "Idioma", "Sprache"],
        TrackTitle => ["Track a parcel", "查询包裹", "Seguir un paquete", "Sendung verfolgen"],
        TrackIntro => [
            "Enter the tracking number from your shipping email and the postal code it is going to.",
            "请输入发货邮件中的运单号和收件地邮政编码。",
            "Introduce el número de seguimiento del correo de envío y el código postal de destino.",
            "Gib die Sendungsnummer aus deiner Versand-E-Mail und die Postleitzahl des Ziels ein.",
        ],
        TrackNumberLabel => ["Tracking number", "运单号", "Número de seguimiento", "Sendungsnummer"],
        TrackPostalLabel => [
            "Destination postal code",
            "收件地邮政编码",
            "Código postal de destino",
            "Postleitzahl des Ziels",
        ],
        TrackSubmit => ["Find my parcel", "查找我的包裹", "Buscar mi paquete", "Mein Paket finden"],
        TrackNotFound => [
            "We couldn't find a parcel with that tracking number and postal code. Check both and try again.",
            "找不到与该运单号和邮政编码对应的包裹。请检查后重试。",
            "No encontramos ningún paquete con ese número de seguimiento y código postal. Revisa ambos y vuelve a intentarlo.",
            "Wir finden keine Sendung mit dieser Sendungsnummer und Postleitzahl. Prüfe beides und versuche es erneut.",
        ],
        TrackTooMany => [
            "Too many attempts. Please wait a minute and try again.",
            "尝试次数过多。请稍候一分钟再试。",
            "Demasiados intentos. Espera un minuto y vuelve a intentarlo.",
            "Zu viele Versuche. Bitte warte eine Minute und versuche es erneut.",
        ],
    }
}

pub fn milestone_label(locale: Locale, milestone: Milestone) -> &'static str {
    use Milestone::*;
    pick(
        locale,
        match milestone {
            OrderConfirmed => ["Order confirmed", "订单已确认", "Pedido confirmado", "Bestellung bestätigt"],
            Packed => ["Packed", "已打包", "Empaquetado", "Verpackt"],
            CarrierReceived => {
                ["Carrier has it", "承运商已揽收", "En manos del transportista", "Beim Versanddienstleister"]
            }
            DepartedOrigin => ["Left the origin", "已离开始发地", "Salió del origen", "Ausgangsland verlassen"],
            ArrivedDestination => {
                ["Arrived in destination country", "已到达目的国", "Llegó al país de destino", "Im Zielland angekommen"]
            }
            CustomsCleared => ["Cleared customs", "已清关", "Despachado en aduana", "Verzollt"],
            OutForDelivery => ["Out for delivery", "派送中", "En reparto", "In Zustellung"],
            Delivered => ["Delivered", "已签收", "Entregado", "Zugestellt"],
        },
    )
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
        for locale in Locale::ALL {
            for key in Text::ALL {
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

    /// `ALL` is generated from each table's one declaration: every key once, in declaration order.
    #[test]
    fn every_table_lists_each_key_once_in_order() {
        fn in_order<K: Copy + std::fmt::Debug>(keys: &[K], index: impl Fn(K) -> usize) {
            for (i, &key) in keys.iter().enumerate() {
                assert_eq!(index(key), i, "{key:?}");
            }
        }
        in_order(&Text::ALL, |k| k as usize);
        in_order(&journey::JourneyText::ALL, |k| k as usize);
        in_order(&rewards::RewardText::ALL, |k| k as usize);
        in_order(&share::ShareText::ALL, |k| k as usize);
        in_order(&console::ConsoleText::ALL, |k| k as usize);
    }
}

/// Checks every table's tests share.
#[cfg(test)]
pub(crate) mod checks {
    use super::Locale;

    /// Every label for `keys` is non-blank in every language; Chinese never copies English,
    /// and Spanish and German differ from English for most keys.
    pub fn assert_translated<K: Copy + std::fmt::Debug, T: AsRef<str>>(
        what: &str,
        keys: &[K],
        label: impl Fn(Locale, K) -> T,
    ) {
        let text = |locale, key| label(locale, key).as_ref().to_owned();
        for &key in keys {
            for locale in Locale::ALL {
                assert!(!text(locale, key).trim().is_empty(), "{what} {locale:?} {key:?}");
            }
            assert_ne!(text(Locale::ZhHans, key), text(Locale::En, key), "{what} {key:?} is English in Chinese");
        }
        for locale in [Locale::Es, Locale::De] {
            let same = keys.iter().filter(|&&k| text(locale, k) == text(Locale::En, k)).count();
            assert!(same * 2 < keys.len().max(2), "{what}: {same} of {} {locale:?} labels are English", keys.len());
        }
    }
}
