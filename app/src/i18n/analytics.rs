//! The words of the console's analytics pages: `[English, 简体中文, Español, Deutsch]`.

use super::{pick, Locale};
use crate::domain::wismo::Measure;

i18n_table! {
    /// The WISMO dashboard's and drill-down's sentences. Templates name their `{placeholders}`.
    pub enum AnalyticsText => pub fn analytics_text {
        NavAnalytics => ["WISMO measures", "WISMO 指标", "Indicadores WISMO", "WISMO-Kennzahlen"],
        Intro => [
            "How well tracking answers \"where is my order?\": five measures per week, this week against the eight before. Every measure is better when it falls.",
            "物流追踪能否回答“我的订单在哪里？”：每周五项指标，本周与前八周对比。每项指标越低越好。",
            "Hasta qué punto el seguimiento responde a \"¿dónde está mi pedido?\": cinco indicadores por semana, esta semana frente a las ocho anteriores. Cada indicador mejora cuando baja.",
            "Wie gut die Sendungsverfolgung „Wo ist meine Bestellung?“ beantwortet: fünf Kennzahlen pro Woche, diese Woche gegen die acht davor. Jede Kennzahl ist besser, wenn sie sinkt.",
        ],
        Filters => ["Filters", "筛选", "Filtros", "Filter"],
        From => ["From", "开始日期", "Desde", "Von"],
        To => ["To", "结束日期", "Hasta", "Bis"],
        Lane => ["Lane", "线路", "Ruta", "Route"],
        Carrier => ["Carrier", "承运商", "Transportista", "Versanddienstleister"],
        Service => ["Service", "服务", "Servicio", "Service"],
        Any => ["Any", "全部", "Todos", "Alle"],
        Apply => ["Show", "显示", "Mostrar", "Anzeigen"],
        /// `{from}` `{to}`
        Span => ["Weeks of {from} to {to}", "{from} 至 {to} 的各周", "Semanas del {from} al {to}", "Wochen vom {from} bis {to}"],
        /// `{value}`
        ThisWeek => ["This week: {value}", "本周：{value}", "Esta semana: {value}", "Diese Woche: {value}"],
        NothingThisWeek => ["This week: nothing to measure yet", "本周：暂无可统计数据", "Esta semana: aún nada que medir", "Diese Woche: noch nichts zu messen"],
        Baseline => ["8-week mean", "8 周均值", "Media de 8 semanas", "8-Wochen-Mittel"],
        /// `{value}`
        BaselineIs => ["8-week mean: {value}", "8 周均值：{value}", "Media de 8 semanas: {value}", "8-Wochen-Mittel: {value}"],
        /// `{percent}`
        Worse => ["▲ {percent} % worse", "▲ 变差 {percent}%", "▲ {percent} % peor", "▲ {percent} % schlechter"],
        /// `{percent}`
        Better => ["▼ {percent} % better", "▼ 改善 {percent}%", "▼ {percent} % mejor", "▼ {percent} % besser"],
        Steady => ["● steady", "● 持平", "● estable", "● stabil"],
        WeekAxis => ["Week starting (Monday)", "每周起始日（周一）", "Semana que empieza (lunes)", "Woche ab (Montag)"],
        TableSummary => ["The figures as a table", "以表格查看数据", "Las cifras en una tabla", "Die Zahlen als Tabelle"],
        Week => ["Week", "周", "Semana", "Woche"],
        Value => ["Value", "数值", "Valor", "Wert"],
        Counted => ["Counted", "统计数", "Contados", "Gezählt"],
        Orders => ["Orders", "订单", "Pedidos", "Bestellungen"],
        /// `{date}`
        OrdersOfWeek => ["Orders, week of {date}", "{date} 当周的订单", "Pedidos, semana del {date}", "Bestellungen, Woche vom {date}"],
        OrdersOfLane => ["Orders on this lane", "该线路的订单", "Pedidos en esta ruta", "Bestellungen auf dieser Route"],
        DwellTitle => ["Customs dwell by lane", "各线路清关时长", "Tiempo en aduana por ruta", "Zollaufenthalt nach Route"],
        DwellIntro => [
            "From arrival in the destination country (or the first customs hold) to clearance, in hours: the longest median first.",
            "从抵达目的国（或首次海关扣留）到清关的小时数：中位数最长的排在前面。",
            "Desde la llegada al país de destino (o la primera retención) hasta el despacho, en horas: primero la mediana más larga.",
            "Von der Ankunft im Zielland (oder dem ersten Zollstopp) bis zur Freigabe, in Stunden: der längste Median zuerst.",
        ],
        DwellNone => ["No parcel has cleared customs in these weeks.", "这些周内没有包裹完成清关。", "Ningún paquete ha pasado la aduana en estas semanas.", "In diesen Wochen hat kein Paket den Zoll passiert."],
        Cleared => ["Cleared", "已清关", "Despachados", "Freigegeben"],
        Median => ["Median (h)", "中位数（小时）", "Mediana (h)", "Median (h)"],
        P90 => ["p90 (h)", "p90（小时）", "p90 (h)", "p90 (h)"],
        MedianMark => ["Median (bar)", "中位数（条形）", "Mediana (barra)", "Median (Balken)"],
        P90Mark => ["p90 (diamond)", "p90（菱形）", "p90 (rombo)", "p90 (Raute)"],
        HoursAxis => ["Hours in customs", "在海关停留小时数", "Horas en aduana", "Stunden beim Zoll"],
        /// `{lanes}`
        DwellDescription => ["Median and p90 hours in customs per lane: {lanes}.", "各线路在海关停留的中位数和 p90 小时数：{lanes}。", "Mediana y p90 de horas en aduana por ruta: {lanes}.", "Median und p90 der Stunden beim Zoll je Route: {lanes}."],
        /// `{weeks}`
        WeeksDescription => ["Week by week, oldest first: {weeks}.", "按周排列，从最早开始：{weeks}。", "Semana a semana, de la más antigua: {weeks}.", "Woche für Woche, die älteste zuerst: {weeks}."],
        NoValue => ["no value", "无数据", "sin valor", "kein Wert"],
        BehindTitle => ["Orders behind the measure", "指标背后的订单", "Pedidos detrás del indicador", "Bestellungen hinter der Kennzahl"],
        BehindNone => ["No order is behind this figure.", "此数值背后没有订单。", "Ningún pedido está detrás de esta cifra.", "Hinter dieser Zahl steht keine Bestellung."],
        /// `{count}`
        BehindCount => ["{count} orders, worst first.", "{count} 笔订单，最差的在前。", "{count} pedidos, los peores primero.", "{count} Bestellungen, die schlechtesten zuerst."],
        BackToDashboard => ["Back to the measures", "返回指标", "Volver a los indicadores", "Zurück zu den Kennzahlen"],
        TrackingNumber => ["Tracking number", "运单号", "Número de seguimiento", "Sendungsnummer"],
        OrderRef => ["Order", "订单", "Pedido", "Bestellung"],
        Ordered => ["Ordered", "下单时间", "Pedido el", "Bestellt"],
        Hours => ["Hours", "小时", "Horas", "Stunden"],
        About => ["About", "事由", "Motivo", "Anlass"],
        StagesTitle => ["Where in the journey shoppers ask", "顾客在旅程的哪个阶段咨询", "En qué punto del viaje preguntan", "Wo auf der Reise Kunden fragen"],
        StagesIntro => [
            "The journey page's \"Need help?\" questions by the furthest step reached when asked, with how long the page had been silent: the silent stretch that makes shoppers ask.",
            "旅程页面上的“需要帮助？”咨询，按咨询时已到达的最远环节统计，并显示当时页面已多久没有更新：正是这些无更新的阶段让顾客来问。",
            "Las preguntas de \"¿Necesitas ayuda?\" de la página de seguimiento según el último paso alcanzado al preguntar, y cuánto llevaba la página sin novedades: el tramo silencioso que hace preguntar.",
            "Die „Hilfe?“-Fragen der Sendungsseite nach dem zuletzt erreichten Schritt beim Fragen, und wie lange die Seite schon still war: die stille Strecke, die Kunden fragen lässt.",
        ],
        StagesNone => ["No shopper asked on the journey page in these weeks.", "这些周内没有顾客在旅程页面上咨询。", "Ningún comprador preguntó en la página de seguimiento en estas semanas.", "In diesen Wochen hat niemand auf der Sendungsseite gefragt."],
        Stage => ["Reached when asking", "咨询时已到达", "Alcanzado al preguntar", "Erreicht beim Fragen"],
        Contacts => ["Contacts", "咨询数", "Consultas", "Anfragen"],
        SilenceMedian => ["Silent for (median h)", "无更新时长（中位数，小时）", "Sin novedades (mediana h)", "Still seit (Median h)"],
        ContactsAxis => ["Contacts", "咨询数", "Consultas", "Anfragen"],
        /// `{stages}`
        StagesDescription => ["Journey page contacts by stage: {stages}.", "按环节统计的旅程页面咨询：{stages}。", "Consultas de la página por etapa: {stages}.", "Anfragen der Sendungsseite je Schritt: {stages}."],
        UnknownMeasure => ["That measure does not exist.", "该指标不存在。", "Ese indicador no existe.", "Diese Kennzahl gibt es nicht."],
    }
}

/// The measure's name.
pub fn measure_label(locale: Locale, measure: Measure) -> &'static str {
    use Measure::*;
    pick(
        locale,
        match measure {
            ContactRate => ["WISMO contacts", "WISMO 咨询", "Consultas WISMO", "WISMO-Anfragen"],
            FirstScan => {
                ["Time to first scan", "首次扫描用时", "Tiempo hasta el primer escaneo", "Zeit bis zum ersten Scan"]
            }
            ScanGaps => {
                ["Silences of 72 h or more", "72 小时以上无更新", "Silencios de 72 h o más", "Funkstille ab 72 h"]
            }
            CustomsDwell => ["Customs dwell", "清关时长", "Tiempo en aduana", "Zollaufenthalt"],
            DisputeRate => ["Delivery disputes", "配送争议", "Reclamaciones de entrega", "Zustellreklamationen"],
        },
    )
}

/// The unit the measure's values are in.
pub fn measure_unit(locale: Locale, measure: Measure) -> &'static str {
    use Measure::*;
    pick(
        locale,
        match measure {
            ContactRate => ["per 1,000 orders", "每千笔订单", "por cada 1.000 pedidos", "je 1.000 Bestellungen"],
            FirstScan | CustomsDwell => ["hours, median", "小时（中位数）", "horas, mediana", "Stunden, Median"],
            ScanGaps => [
                "% of scanned orders",
                "已扫描订单的百分比",
                "% de pedidos escaneados",
                "% der gescannten Bestellungen",
            ],
            DisputeRate => [
                "% of delivered orders",
                "已送达订单的百分比",
                "% de pedidos entregados",
                "% der zugestellten Bestellungen",
            ],
        },
    )
}

/// What the measure counts, in a sentence.
pub fn measure_explanation(locale: Locale, measure: Measure) -> &'static str {
    use Measure::*;
    pick(
        locale,
        match measure {
            ContactRate => [
                "Questions about where an order is or when it arrives, from the journey page and helpdesks, per 1,000 orders placed that week.",
                "来自旅程页面和客服系统的“订单在哪里/何时送达”咨询，按当周每千笔订单计。",
                "Preguntas sobre dónde está un pedido o cuándo llega, desde la página de seguimiento y el servicio de atención, por cada 1.000 pedidos de la semana.",
                "Fragen, wo eine Bestellung ist oder wann sie ankommt, von der Sendungsseite und aus dem Helpdesk, je 1.000 Bestellungen der Woche.",
            ],
            FirstScan => [
                "From the order to the carrier's first scan, for orders placed that week.",
                "当周下单的订单，从下单到承运商首次扫描的时间。",
                "Desde el pedido hasta el primer escaneo del transportista, para los pedidos de esa semana.",
                "Von der Bestellung bis zum ersten Scan des Versanddienstleisters, für die Bestellungen der Woche.",
            ],
            ScanGaps => [
                "Orders that went 72 hours or more without an update after their first scan (a silence still running counts).",
                "首次扫描后超过 72 小时没有更新的订单（仍在持续的无更新也计入）。",
                "Pedidos que pasaron 72 horas o más sin novedades tras su primer escaneo (cuenta también un silencio que sigue).",
                "Bestellungen, die nach dem ersten Scan 72 Stunden oder länger ohne Update blieben (auch eine noch andauernde Funkstille zählt).",
            ],
            CustomsDwell => [
                "From arrival in the destination country (or the first customs hold) to clearance, for orders placed that week.",
                "当周下单的订单，从抵达目的国（或首次海关扣留）到清关的时间。",
                "Desde la llegada al país de destino (o la primera retención) hasta el despacho, para los pedidos de esa semana.",
                "Von der Ankunft im Zielland (oder dem ersten Zollstopp) bis zur Freigabe, für die Bestellungen der Woche.",
            ],
            DisputeRate => [
                "Not-received and damaged claims filed that week, against the orders delivered that week.",
                "当周提交的未收到和损坏等索赔，相对于当周送达的订单。",
                "Reclamaciones de no recibido o dañado presentadas esa semana, frente a los pedidos entregados esa semana.",
                "In der Woche eingereichte Reklamationen (nicht erhalten, beschädigt) gegenüber den in der Woche zugestellten Bestellungen.",
            ],
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::template::placeholders;

    #[test]
    fn every_language_uses_the_same_placeholders() {
        for key in AnalyticsText::ALL {
            let en = placeholders(analytics_text(Locale::En, key));
            for locale in Locale::ALL {
                assert_eq!(placeholders(analytics_text(locale, key)), en, "{key:?} in {locale:?}");
            }
        }
    }

    #[test]
    fn every_measure_has_words_in_every_language() {
        for locale in Locale::ALL {
            for measure in Measure::ALL {
                assert!(!measure_label(locale, measure).is_empty());
                assert!(!measure_unit(locale, measure).is_empty());
                assert!(!measure_explanation(locale, measure).is_empty());
            }
        }
    }
}
