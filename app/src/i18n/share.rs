//! The words of sharing: the journey page's share panel, the public share page and the social
//! card. Written as `[English, 简体中文, Español, Deutsch]` like the rest; templates name their
//! `{placeholders}` (filled with [`super::template::fill`]), the same in every language.

use super::{pick, Locale};
use crate::domain::share::ShareExpiry;

i18n_table! {
    pub enum ShareText => pub fn share_text {
        PanelHeading => ["Share this journey", "分享这段旅程", "Comparte este viaje", "Diese Reise teilen"],
        PanelIntro => [
            "Anyone with the link sees the route city by city, the progress and the badges. Never your name, address, tracking number or codes.",
            "拿到链接的人只能看到按城市显示的路线、进度和徽章，绝不会看到您的姓名、地址、运单号或优惠码。",
            "Quien tenga el enlace verá la ruta ciudad a ciudad, el progreso y las insignias. Nunca tu nombre, tu dirección, tu número de seguimiento ni tus códigos.",
            "Wer den Link hat, sieht die Route Stadt für Stadt, den Fortschritt und die Abzeichen. Nie deinen Namen, deine Adresse, deine Sendungsnummer oder Codes.",
        ],
        ExpiryLabel => ["Link works", "链接有效期", "El enlace funciona", "Link gilt"],
        ShareButton => ["Share journey", "分享旅程", "Compartir viaje", "Reise teilen"],
        Sharing => ["Creating your link…", "正在生成链接…", "Creando tu enlace…", "Link wird erstellt…"],
        LinkLabel => ["Your share link", "您的分享链接", "Tu enlace para compartir", "Dein Link zum Teilen"],
        LinkCopied => [
            "Link copied. Paste it anywhere.",
            "链接已复制，可以粘贴到任何地方。",
            "Enlace copiado. Pégalo donde quieras.",
            "Link kopiert. Füge ihn überall ein.",
        ],
        LinkShared => ["Shared!", "已分享！", "¡Compartido!", "Geteilt!"],
        CopyFailed => [
            "Copy the link below by hand.",
            "请手动复制下面的链接。",
            "Copia el enlace de abajo a mano.",
            "Kopiere den Link unten von Hand.",
        ],
        CopyLink => ["Copy link", "复制链接", "Copiar enlace", "Link kopieren"],
        DownloadCard => ["Download card", "下载卡片", "Descargar tarjeta", "Karte herunterladen"],
        StopSharing => ["Stop sharing", "停止分享", "Dejar de compartir", "Nicht mehr teilen"],
        Stopped => [
            "Sharing stopped: the link no longer opens.",
            "已停止分享：该链接已失效。",
            "Has dejado de compartir: el enlace ya no se abre.",
            "Teilen beendet: Der Link öffnet sich nicht mehr.",
        ],
        /// `{date}`
        ExpiresOn => ["Works until {date}", "有效期至 {date}", "Funciona hasta el {date}", "Gilt bis {date}"],
        NeverExpires => [
            "Works until you stop sharing",
            "在您停止分享前一直有效",
            "Funciona hasta que dejes de compartir",
            "Gilt, bis du das Teilen beendest",
        ],
        ShareFailed => [
            "The link could not be created. Please try again.",
            "无法生成链接，请重试。",
            "No se pudo crear el enlace. Inténtalo de nuevo.",
            "Der Link konnte nicht erstellt werden. Bitte versuche es erneut.",
        ],
        /// `{from}`, `{to}`
        PageTitle => [
            "A parcel's journey: {from} → {to}",
            "包裹之旅：{from} → {to}",
            "El viaje de un paquete: {from} → {to}",
            "Die Reise eines Pakets: {from} → {to}",
        ],
        /// `{shop}`
        ShippedBy => ["Shipped by {shop}", "由 {shop} 发货", "Enviado por {shop}", "Versendet von {shop}"],
        /// `{percent}`
        PercentOfTheWay => [
            "{percent}% of the way",
            "已完成 {percent}%",
            "{percent}% del camino",
            "{percent} % geschafft",
        ],
        /// `{tier}`
        LevelNow => ["Level: {tier}", "当前关卡：{tier}", "Etapa: {tier}", "Stufe: {tier}"],
        LevelNone => ["Level: getting ready", "当前关卡：准备出发", "Etapa: preparando", "Stufe: startklar"],
        Distance => ["Distance", "里程", "Distancia", "Strecke"],
        /// `{km}`
        Kilometres => ["{km} km", "{km} 公里", "{km} km", "{km} km"],
        Days => ["On the way", "在途时间", "En camino", "Unterwegs"],
        OneDay => ["1 day", "1 天", "1 día", "1 Tag"],
        /// `{days}`
        ManyDays => ["{days} days", "{days} 天", "{days} días", "{days} Tage"],
        EcoScore => ["Eco score", "环保评分", "Puntuación eco", "Öko-Wertung"],
        /// `{kg}`
        Co2Figure => ["{kg} kg CO₂e", "{kg} 千克二氧化碳当量", "{kg} kg de CO₂e", "{kg} kg CO₂e"],
        BadgesHeading => [
            "Badges earned on this journey",
            "本次旅程获得的徽章",
            "Insignias de este viaje",
            "Abzeichen dieser Reise",
        ],
        NoBadgesYet => [
            "No badges yet: they unlock as the parcel travels.",
            "还没有徽章：包裹前进时就会解锁。",
            "Aún no hay insignias: se desbloquean mientras el paquete viaja.",
            "Noch keine Abzeichen: Sie werden unterwegs freigeschaltet.",
        ],
        Delivered => ["Delivered!", "已送达！", "¡Entregado!", "Zugestellt!"],
        OnItsWay => ["On its way", "运输中", "En camino", "Unterwegs"],
        PrivacyNote => [
            "Shown city by city. No names, addresses or tracking numbers.",
            "仅按城市显示，不含姓名、地址或运单号。",
            "Se muestra ciudad a ciudad. Sin nombres, direcciones ni números de seguimiento.",
            "Stadt für Stadt gezeigt. Ohne Namen, Adressen oder Sendungsnummern.",
        ],
        TrackYourOwn => [
            "Follow your own parcels with Trekpost",
            "用 Trekpost 追踪您自己的包裹",
            "Sigue tus propios paquetes con Trekpost",
            "Verfolge deine eigenen Pakete mit Trekpost",
        ],
        GoneTitle => [
            "This journey is no longer shared",
            "这段旅程已不再分享",
            "Este viaje ya no se comparte",
            "Diese Reise wird nicht mehr geteilt",
        ],
        GoneBody => [
            "Its owner stopped sharing it, or the link has expired.",
            "分享者已停止分享，或链接已过期。",
            "Quien lo compartió dejó de hacerlo, o el enlace ha caducado.",
            "Die Person hat das Teilen beendet, oder der Link ist abgelaufen.",
        ],
        CardAlt => [
            "Map card of a parcel's journey from {from} to {to}: {percent}% of the way.",
            "包裹从 {from} 到 {to} 的旅程地图卡片：已完成 {percent}%。",
            "Tarjeta con el mapa del viaje de un paquete de {from} a {to}: {percent}% del camino.",
            "Kartenbild der Reise eines Pakets von {from} nach {to}: {percent} % geschafft.",
        ],
        CardTagline => [
            "Followed live on Trekpost",
            "在 Trekpost 实时追踪",
            "Seguido en directo en Trekpost",
            "Live verfolgt mit Trekpost",
        ],
    }
}

/// How long a new link works, as the expiry picker says it.
pub fn expiry_label(locale: Locale, expiry: ShareExpiry) -> &'static str {
    pick(
        locale,
        match expiry {
            ShareExpiry::Week => ["for 7 days", "7 天", "durante 7 días", "7 Tage"],
            ShareExpiry::Month => ["for 30 days", "30 天", "durante 30 días", "30 Tage"],
            ShareExpiry::Never => ["until I stop it", "直到我停止分享", "hasta que lo detenga", "bis ich es beende"],
        },
    )
}

/// "1 day" or "{days} days".
pub fn days_label(locale: Locale, days: u32) -> String {
    if days == 1 {
        share_text(locale, ShareText::OneDay).to_owned()
    } else {
        super::template::fill(share_text(locale, ShareText::ManyDays), &[("days", &days.to_string())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::template::placeholders;

    #[test]
    fn every_language_uses_the_same_placeholders_and_chinese_is_not_english() {
        for key in ShareText::ALL {
            let en = share_text(Locale::En, key);
            for locale in [Locale::ZhHans, Locale::Es, Locale::De] {
                assert_eq!(placeholders(share_text(locale, key)), placeholders(en), "{key:?} in {locale:?}");
            }
            assert_ne!(share_text(Locale::ZhHans, key), en, "{key:?} untranslated");
        }
        assert_eq!(days_label(Locale::En, 1), "1 day");
        assert_eq!(days_label(Locale::De, 9), "9 Tage");
    }
}
