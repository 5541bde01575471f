//! The words of the console's feedback page: `[English, 简体中文, Español, Deutsch]`.

use super::{pick, Locale};
use crate::domain::feedback::CommentTheme;

i18n_table! {
    /// The feedback page's sentences. Templates name their `{placeholders}`.
    pub enum FeedbackText => pub fn feedback_text {
        NavFeedback => ["Shopper feedback", "顾客反馈", "Opiniones de clientes", "Kundenfeedback"],
        Intro => [
            "What shoppers said after delivery: how they rated the delivery and the tracking, week by week and per lane, and what their comments are about.",
            "顾客在送达后的反馈：他们如何按周、按线路评价配送和物流追踪，以及他们的评论在说什么。",
            "Lo que dijeron los clientes tras la entrega: cómo valoraron la entrega y el seguimiento, semana a semana y por ruta, y de qué hablan sus comentarios.",
            "Was Kunden nach der Zustellung sagten: wie sie Zustellung und Sendungsverfolgung Woche für Woche und je Route bewerteten, und worum es in ihren Kommentaren geht.",
        ],
        Export => ["Download the comments (CSV)", "下载评论（CSV）", "Descargar los comentarios (CSV)", "Kommentare herunterladen (CSV)"],
        DeliveryTitle => ["Delivery rating, mean stars per week", "配送评分：每周平均星级", "Valoración de la entrega, media de estrellas por semana", "Zustellbewertung, mittlere Sterne je Woche"],
        TrackingTitle => ["Tracking rating, mean stars per week", "物流追踪评分：每周平均星级", "Valoración del seguimiento, media de estrellas por semana", "Bewertung der Sendungsverfolgung, mittlere Sterne je Woche"],
        RatingsIntro => [
            "A rating counts in the week its order was delivered. 5 stars is best.",
            "评分计入订单送达的那一周。5 星为最佳。",
            "Una valoración cuenta en la semana en que se entregó su pedido. 5 estrellas es lo mejor.",
            "Eine Bewertung zählt in der Woche, in der ihre Bestellung zugestellt wurde. 5 Sterne sind das Beste.",
        ],
        StarsAxis => ["Mean stars (1–5)", "平均星级（1–5）", "Media de estrellas (1–5)", "Mittlere Sterne (1–5)"],
        MeanOfWeeks => ["Mean of these weeks", "这几周的平均值", "Media de estas semanas", "Mittel dieser Wochen"],
        /// `{weeks}`
        WeeksDescription => ["Per week: {weeks}", "每周：{weeks}", "Por semana: {weeks}", "Je Woche: {weeks}"],
        NoRatings => ["No ratings in these weeks yet.", "这几周还没有评分。", "Aún no hay valoraciones en estas semanas.", "In diesen Wochen gibt es noch keine Bewertungen."],
        Ratings => ["Ratings", "评分数", "Valoraciones", "Bewertungen"],
        DeliveryMean => ["Delivery (mean stars)", "配送（平均星级）", "Entrega (media)", "Zustellung (Mittel)"],
        TrackingMean => ["Tracking (mean stars)", "物流追踪（平均星级）", "Seguimiento (media)", "Verfolgung (Mittel)"],
        TrackingLow => ["Tracking 1–2 stars", "物流追踪 1–2 星", "Seguimiento 1–2 estrellas", "Verfolgung 1–2 Sterne"],
        LanesTitle => ["Ratings per lane and carrier, least liked tracking first", "各线路和承运商的评分（物流追踪评分最低在前）", "Valoraciones por ruta y transportista, el seguimiento peor valorado primero", "Bewertungen je Route und Versender, schlechteste Verfolgung zuerst"],
        ThemesTitle => ["What the comments are about", "评论在说什么", "De qué hablan los comentarios", "Worum es in den Kommentaren geht"],
        /// `{count}`
        ThemesIntro => [
            "{count} comments from ratings and problem reports, tagged by keywords in all four languages. A comment can be about several themes.",
            "来自评分和问题报告的 {count} 条评论，按四种语言的关键词归类。一条评论可以涉及多个主题。",
            "{count} comentarios de valoraciones y reclamaciones, etiquetados por palabras clave en los cuatro idiomas. Un comentario puede tratar varios temas.",
            "{count} Kommentare aus Bewertungen und Problemmeldungen, nach Stichwörtern in allen vier Sprachen zugeordnet. Ein Kommentar kann mehrere Themen haben.",
        ],
        /// `{count}`
        Capped => [
            "The newest {count} comments are read here; the CSV has them all.",
            "此处读取最新的 {count} 条评论；CSV 中包含全部。",
            "Aquí se leen los {count} comentarios más recientes; el CSV los tiene todos.",
            "Hier werden die neuesten {count} Kommentare gelesen; die CSV enthält alle.",
        ],
        NoComments => ["No comments in these weeks yet.", "这几周还没有评论。", "Aún no hay comentarios en estas semanas.", "In diesen Wochen gibt es noch keine Kommentare."],
        Theme => ["Theme", "主题", "Tema", "Thema"],
        Comments => ["Comments", "评论数", "Comentarios", "Kommentare"],
        Share => ["Share", "占比", "Parte", "Anteil"],
        ThisWeek => ["This week", "本周", "Esta semana", "Diese Woche"],
        WeeksBefore => ["Weeks before", "此前几周", "Semanas anteriores", "Wochen davor"],
        PercentAxis => ["Percent of comments", "占评论的百分比", "Porcentaje de comentarios", "Prozent der Kommentare"],
        /// `{themes}`
        ThemesDescription => ["Share of comments per theme: {themes}", "各主题占评论的比例：{themes}", "Parte de los comentarios por tema: {themes}", "Anteil der Kommentare je Thema: {themes}"],
        Examples => ["Newest comments", "最新评论", "Comentarios más recientes", "Neueste Kommentare"],
        FromDispute => ["problem report", "问题报告", "reclamación", "Problemmeldung"],
        /// `{stars}`
        StarsGiven => ["{stars}/5 stars", "{stars}/5 星", "{stars}/5 estrellas", "{stars}/5 Sterne"],
    }
}

/// A theme's name in the reader's language.
pub fn theme_label(locale: Locale, theme: CommentTheme) -> &'static str {
    use CommentTheme::*;
    pick(
        locale,
        match theme {
            Silence => ["No updates", "没有更新", "Sin novedades", "Keine Updates"],
            Late => ["Late or slow", "迟到或太慢", "Tarde o lento", "Spät oder langsam"],
            Customs => ["Customs and duties", "海关与关税", "Aduana e impuestos", "Zoll und Abgaben"],
            Damaged => ["Damaged", "损坏", "Dañado", "Beschädigt"],
            Missing => {
                ["Not received or missing", "未收到或缺件", "No recibido o falta algo", "Nicht erhalten oder fehlt"]
            }
            Courier => {
                ["The courier and the handover", "快递员与交付", "El repartidor y la entrega", "Zusteller und Übergabe"]
            }
            Praise => ["Praise", "好评", "Elogios", "Lob"],
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::template::placeholders;

    #[test]
    fn every_language_uses_the_same_placeholders_and_names_every_theme() {
        for key in FeedbackText::ALL {
            let en = placeholders(feedback_text(Locale::En, key));
            for locale in Locale::ALL {
                assert!(!feedback_text(locale, key).is_empty(), "{key:?} in {locale:?}");
                assert_eq!(placeholders(feedback_text(locale, key)), en, "{key:?} in {locale:?}");
            }
        }
        for locale in Locale::ALL {
            for theme in CommentTheme::ALL {
                assert!(!theme_label(locale, theme).is_empty());
            }
        }
    }
}
