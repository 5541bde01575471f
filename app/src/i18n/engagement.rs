//! The words of the console's engagement page: `[English, 简体中文, Español, Deutsch]`.

i18n_table! {
    /// The engagement page's sentences. Templates name their `{placeholders}`.
    pub enum EngagementText => pub fn engagement_text {
        NavEngagement => ["Engagement", "参与度", "Participación", "Nutzung"],
        Intro => [
            "How shoppers used the journey page of the orders placed in these weeks: how many opened it and came back, how long they looked, what they shared, redeemed and joined.",
            "这几周下单的顾客如何使用追踪页面：多少人打开并再次访问、看了多久、分享了什么、兑换了什么、参加了什么。",
            "Cómo usaron los clientes la página de seguimiento de los pedidos de estas semanas: cuántos la abrieron y volvieron, cuánto tiempo miraron, qué compartieron, canjearon y a qué se unieron.",
            "Wie Kunden die Verfolgungsseite der Bestellungen dieser Wochen nutzten: wie viele sie öffneten und wiederkamen, wie lange sie schauten, was sie teilten, einlösten und wobei sie mitmachten.",
        ],
        Opened => ["Opened the page", "打开了页面", "Abrieron la página", "Seite geöffnet"],
        CameBack => ["Came back", "再次访问", "Volvieron", "Kamen wieder"],
        Shared => ["Shared the journey", "分享了旅程", "Compartieron el viaje", "Reise geteilt"],
        Rated => ["Rated the delivery", "评价了配送", "Valoraron la entrega", "Zustellung bewertet"],
        ViewsPerOrder => ["Views per order opened", "每个打开订单的浏览次数", "Vistas por pedido abierto", "Aufrufe je geöffneter Bestellung"],
        MedianTime => ["Median time on page", "页面停留时间中位数", "Tiempo mediano en la página", "Mittlere Verweildauer (Median)"],
        /// `{seconds}`
        Seconds => ["{seconds} s", "{seconds} 秒", "{seconds} s", "{seconds} s"],
        SharePageViews => ["Shared page views", "分享页浏览次数", "Vistas de páginas compartidas", "Aufrufe geteilter Seiten"],
        Redeemed => ["Coupons and invites redeemed", "已兑换的优惠券和邀请", "Cupones e invitaciones canjeados", "Eingelöste Gutscheine und Einladungen"],
        OptedIn => ["Shoppers on the leaderboard", "上榜顾客", "Clientes en la clasificación", "Kunden in der Bestenliste"],
        OnMission => ["Shoppers who completed a mission", "完成任务的顾客", "Clientes que completaron una misión", "Kunden mit abgeschlossener Mission"],
        /// `{n}` `{of}`
        Of => ["{n} of {of}", "{of} 中的 {n}", "{n} de {of}", "{n} von {of}"],
        FunnelTitle => ["From order to shared journey", "从下单到分享旅程", "Del pedido al viaje compartido", "Von der Bestellung zur geteilten Reise"],
        /// `{steps}`
        FunnelDescription => ["Percent of orders: {steps}", "占订单的百分比：{steps}", "Porcentaje de pedidos: {steps}", "Prozent der Bestellungen: {steps}"],
        PercentAxis => ["Percent of orders", "占订单百分比", "Porcentaje de pedidos", "Prozent der Bestellungen"],
        ViewsTitle => ["Orders by how often their page was opened", "按页面打开次数统计的订单", "Pedidos según cuántas veces se abrió su página", "Bestellungen nach Anzahl der Seitenaufrufe"],
        /// `{bands}`
        ViewsDescription => ["Orders per number of views: {bands}", "各浏览次数的订单数：{bands}", "Pedidos por número de vistas: {bands}", "Bestellungen je Anzahl Aufrufe: {bands}"],
        OrdersAxis => ["Orders", "订单", "Pedidos", "Bestellungen"],
        ViewsAxis => ["Views", "浏览次数", "Vistas", "Aufrufe"],
        TimeNote => [
            "Time on page counts the views still kept one by one (older ones are folded into daily totals).",
            "页面停留时间只统计仍逐条保存的浏览（较早的已合并为每日总数）。",
            "El tiempo en la página cuenta las vistas aún guardadas una a una (las antiguas se resumen por día).",
            "Die Verweildauer zählt die noch einzeln gespeicherten Aufrufe (ältere sind zu Tagessummen zusammengefasst).",
        ],
        NoOrders => ["No orders were placed in these weeks.", "这几周没有订单。", "No hubo pedidos en estas semanas.", "In diesen Wochen gab es keine Bestellungen."],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::template::placeholders;
    use crate::i18n::Locale;

    #[test]
    fn every_language_uses_the_same_placeholders() {
        for key in EngagementText::ALL {
            let en = placeholders(engagement_text(Locale::En, key));
            for locale in Locale::ALL {
                assert!(!engagement_text(locale, key).is_empty(), "{key:?} in {locale:?}");
                assert_eq!(placeholders(engagement_text(locale, key)), en, "{key:?} in {locale:?}");
            }
        }
    }
}
