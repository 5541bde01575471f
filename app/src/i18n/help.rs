//! The words of the journey page's help entry, the delivery problem report and the rating
//! asked after delivery: `[English, 简体中文, Español, Deutsch]`, as everywhere.

use super::{pick, Locale};
use crate::domain::wismo::{ContactCategory, DisputeReason, RatingTag};

i18n_table! {
    /// The help, problem and rating panels' sentences. Templates name their `{placeholders}`.
    pub enum HelpText => pub fn help_text {
        HelpOpen => ["Need help with this order?", "这笔订单需要帮助吗？", "¿Necesitas ayuda con este pedido?", "Brauchst du Hilfe zu dieser Bestellung?"],
        HelpQuestion => ["What would you like to know?", "您想了解什么？", "¿Qué quieres saber?", "Was möchtest du wissen?"],
        HelpAnswerHeading => ["Here is what we know", "我们目前了解的情况", "Esto es lo que sabemos", "Das wissen wir"],
        /// `{news} {when}`
        WhereAnswer => ["Latest news: {news} ({when}).", "最新动态：{news}（{when}）。", "Última novedad: {news} ({when}).", "Neueste Meldung: {news} ({when})."],
        WhereNothingYet => [
            "The carrier has not scanned your parcel yet; the first scan usually follows within two days of the order.",
            "承运商尚未扫描您的包裹；通常在下单后两天内会有首次扫描。",
            "El transportista aún no ha escaneado tu paquete; el primer escaneo suele llegar en los dos días siguientes al pedido.",
            "Der Versanddienstleister hat dein Paket noch nicht gescannt; der erste Scan folgt meist innerhalb von zwei Tagen nach der Bestellung.",
        ],
        /// `{window}`
        WhenAnswer => ["Expected delivery: {window}.", "预计送达：{window}。", "Entrega prevista: {window}.", "Voraussichtliche Zustellung: {window}."],
        WhenUnknown => [
            "There is no delivery window yet: it appears with the first carrier scan.",
            "暂时还没有预计送达时间：首次扫描后会显示。",
            "Aún no hay plazo de entrega: aparece con el primer escaneo del transportista.",
            "Noch gibt es kein Zustellfenster: Es erscheint mit dem ersten Scan.",
        ],
        /// `{date}`
        DeliveredAnswer => ["Delivered on {date}.", "已于 {date} 送达。", "Entregado el {date}.", "Zugestellt am {date}."],
        /// `{date}`
        CustomsClearedAnswer => ["Your parcel cleared customs on {date}.", "您的包裹已于 {date} 清关。", "Tu paquete pasó la aduana el {date}.", "Dein Paket hat den Zoll am {date} passiert."],
        CustomsNotYet => [
            "Your parcel has not reached customs yet: it is checked when it arrives in the destination country. We will show here if anything is needed from you.",
            "您的包裹尚未到达海关：抵达目的国后才会查验。如需您配合，我们会在此显示。",
            "Tu paquete aún no ha llegado a la aduana: se revisa al llegar al país de destino. Si necesitamos algo de ti, lo verás aquí.",
            "Dein Paket ist noch nicht beim Zoll: Er prüft es bei der Ankunft im Zielland. Wenn wir etwas von dir brauchen, steht es hier.",
        ],
        CustomsNow => [
            "Your parcel is with customs now. Nothing is needed from you unless this page asks.",
            "您的包裹正在海关处理。除非本页面提示，否则您无需做任何事。",
            "Tu paquete está ahora en la aduana. No tienes que hacer nada salvo que esta página te lo pida.",
            "Dein Paket ist gerade beim Zoll. Du musst nichts tun, solange diese Seite nicht darum bittet.",
        ],
        /// `{problem}`
        ProblemAnswer => ["Reported by the carrier: {problem}.", "承运商报告：{problem}。", "Comunicado por el transportista: {problem}.", "Vom Versanddienstleister gemeldet: {problem}."],
        NoProblemReported => [
            "No problem has been reported on this journey so far.",
            "目前此行程未报告任何问题。",
            "Hasta ahora no se ha comunicado ningún problema en este viaje.",
            "Bisher wurde auf dieser Reise kein Problem gemeldet.",
        ],
        OtherAnswer => [
            "Tell the shop what you need: it will get back to you.",
            "请告诉商家您的需要，商家会回复您。",
            "Cuéntale a la tienda lo que necesitas: te responderá.",
            "Sag dem Shop, was du brauchst: Er meldet sich bei dir.",
        ],
        /// `{shop}`
        PassOn => ["Still need help? Ask {shop}", "仍需帮助？联系{shop}", "¿Sigues necesitando ayuda? Pregunta a {shop}", "Noch Fragen? {shop} fragen"],
        /// `{shop}`
        PassedOn => [
            "{shop} has your question and will answer you by email.",
            "{shop}已收到您的问题，会通过电子邮件回复您。",
            "{shop} tiene tu pregunta y te responderá por correo electrónico.",
            "{shop} hat deine Frage und antwortet dir per E-Mail.",
        ],
        HelpFailed => ["That did not go through. Please try again.", "提交未成功，请重试。", "No se ha podido enviar. Inténtalo de nuevo.", "Das hat nicht geklappt. Bitte versuche es erneut."],
        ProblemOpen => ["Not received? Problem with the delivery?", "没收到？配送有问题？", "¿No lo has recibido? ¿Problemas con la entrega?", "Nicht erhalten? Problem mit der Zustellung?"],
        ProblemReason => ["What went wrong?", "出了什么问题？", "¿Qué ha pasado?", "Was ist passiert?"],
        CommentLabel => ["Anything else? (optional)", "还有其他想说的吗？（选填）", "¿Algo más? (opcional)", "Sonst noch etwas? (optional)"],
        ProblemSend => ["Report the problem", "提交问题", "Comunicar el problema", "Problem melden"],
        /// `{shop}`
        ProblemFiled => [
            "Thank you. {shop} has your report and will contact you.",
            "谢谢。{shop}已收到您的报告，会与您联系。",
            "Gracias. {shop} tiene tu aviso y se pondrá en contacto contigo.",
            "Danke. {shop} hat deine Meldung und meldet sich bei dir.",
        ],
        RateDeliveryLegend => ["The delivery", "配送", "La entrega", "Die Zustellung"],
        RateTrackingLegend => ["The tracking updates", "物流信息", "La información de seguimiento", "Die Sendungsverfolgung"],
        RateTagsLegend => ["What stood out? (optional)", "印象深刻的是？（选填）", "¿Qué destacarías? (opcional)", "Was ist dir aufgefallen? (optional)"],
        RateSend => ["Send my rating", "提交评价", "Enviar mi valoración", "Bewertung senden"],
        RateNeedsStars => [
            "Choose stars for the delivery and for the tracking updates.",
            "请为配送和物流信息分别选择星级。",
            "Elige estrellas para la entrega y para la información de seguimiento.",
            "Wähle Sterne für die Zustellung und für die Sendungsverfolgung.",
        ],
        CommentTooLong => ["Please keep it under 1,000 characters.", "请控制在 1,000 字以内。", "Por favor, no pases de 1.000 caracteres.", "Bitte bleib unter 1.000 Zeichen."],
    }
}

/// A question the shopper can pick in the help entry.
pub fn category_label(locale: Locale, category: ContactCategory) -> &'static str {
    use ContactCategory::*;
    pick(
        locale,
        match category {
            WhereIsIt => ["Where is my parcel?", "我的包裹在哪里？", "¿Dónde está mi paquete?", "Wo ist mein Paket?"],
            WhenArrives => ["When will it arrive?", "什么时候送达？", "¿Cuándo llegará?", "Wann kommt es an?"],
            Customs => ["Customs and duties", "海关与关税", "Aduanas e impuestos", "Zoll und Abgaben"],
            DeliveryProblem => [
                "A problem with the delivery",
                "配送问题",
                "Un problema con la entrega",
                "Ein Problem mit der Zustellung",
            ],
            Other => ["Something else", "其他问题", "Otra cosa", "Etwas anderes"],
        },
    )
}

pub fn dispute_reason_label(locale: Locale, reason: DisputeReason) -> &'static str {
    use DisputeReason::*;
    pick(
        locale,
        match reason {
            NotReceived => ["I did not receive it", "我没有收到", "No lo he recibido", "Ich habe es nicht erhalten"],
            Damaged => ["It arrived damaged", "到货时已损坏", "Llegó dañado", "Es kam beschädigt an"],
            WrongItem => [
                "It is not what I ordered",
                "不是我订购的商品",
                "No es lo que pedí",
                "Es ist nicht das, was ich bestellt habe",
            ],
            Incomplete => ["Something is missing", "少了东西", "Falta algo", "Etwas fehlt"],
            Other => ["Something else", "其他问题", "Otra cosa", "Etwas anderes"],
        },
    )
}

pub fn rating_tag_label(locale: Locale, tag: RatingTag) -> &'static str {
    use RatingTag::*;
    pick(
        locale,
        match tag {
            Fast => ["Fast", "速度快", "Rápido", "Schnell"],
            Late => ["Late", "送达晚了", "Con retraso", "Verspätet"],
            ClearUpdates => ["Clear updates", "信息清楚", "Avisos claros", "Klare Updates"],
            MissingUpdates => ["Long silences", "长时间没有更新", "Largos silencios", "Lange Funkstille"],
            CarefulCourier => ["Careful courier", "快递员很细心", "Repartidor cuidadoso", "Sorgfältiger Zusteller"],
            Damaged => ["Damaged packaging", "包装破损", "Embalaje dañado", "Beschädigte Verpackung"],
            CustomsFees => ["Unexpected fees", "意外费用", "Cargos inesperados", "Unerwartete Gebühren"],
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::template::placeholders;

    #[test]
    fn every_language_uses_the_same_placeholders() {
        for key in HelpText::ALL {
            let en = placeholders(help_text(Locale::En, key));
            for locale in Locale::ALL {
                assert_eq!(placeholders(help_text(locale, key)), en, "{key:?} in {locale:?}");
            }
        }
    }

    #[test]
    fn every_choice_has_words_in_every_language() {
        for locale in Locale::ALL {
            assert!(ContactCategory::ALL.iter().all(|c| !category_label(locale, *c).is_empty()));
            assert!(DisputeReason::ALL.iter().all(|r| !dispute_reason_label(locale, *r).is_empty()));
            assert!(RatingTag::ALL.iter().all(|t| !rating_tag_label(locale, *t).is_empty()));
        }
    }
}
