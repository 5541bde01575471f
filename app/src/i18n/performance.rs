//! The words of the console's carrier and lane performance page: `[English, 简体中文, Español,
//! Deutsch]`.

use super::journey::{event_label, reason_label};
use super::Locale;
use crate::domain::performance::ProblemCause;

i18n_table! {
    /// The performance page's sentences. Templates name their `{placeholders}`.
    pub enum PerformanceText => pub fn performance_text {
        NavPerformance => ["Carriers & lanes", "承运商与线路", "Transportistas y rutas", "Versender & Routen"],
        Intro => [
            "How each lane and carrier delivers the orders placed in these weeks: transit time, the promised window kept, the first delivery attempt, what went wrong and where customs hold parcels. Worst first.",
            "这几周下单的订单在各线路和承运商上的表现：运输时间、承诺时间是否兑现、首次投递是否成功、出了什么问题以及海关在哪里扣留包裹。最差的排在最前。",
            "Cómo entrega cada ruta y transportista los pedidos de estas semanas: tiempo de tránsito, plazo prometido cumplido, primer intento de entrega, qué falló y dónde retiene la aduana. Lo peor primero.",
            "Wie jede Route und jeder Versender die Bestellungen dieser Wochen zustellt: Laufzeit, eingehaltenes Lieferfenster, erster Zustellversuch, was schiefging und wo der Zoll Pakete aufhält. Schlechteste zuerst.",
        ],
        LanesTitle => ["Lanes and carriers, worst first", "线路与承运商（最差在前）", "Rutas y transportistas, lo peor primero", "Routen und Versender, schlechteste zuerst"],
        LanesNone => ["No orders were placed in these weeks.", "这几周没有订单。", "No hubo pedidos en estas semanas.", "In diesen Wochen gab es keine Bestellungen."],
        LaneCarrier => ["Lane · carrier", "线路 · 承运商", "Ruta · transportista", "Route · Versender"],
        Orders => ["Orders", "订单", "Pedidos", "Bestellungen"],
        Delivered => ["Delivered", "已送达", "Entregados", "Zugestellt"],
        TransitMedian => ["Transit median (h)", "运输中位数（小时）", "Tránsito mediano (h)", "Laufzeit Median (h)"],
        TransitP90 => ["Transit p90 (h)", "运输 p90（小时）", "Tránsito p90 (h)", "Laufzeit p90 (h)"],
        OnTime => ["Inside the promised window", "在承诺时间内", "Dentro del plazo prometido", "Im zugesagten Fenster"],
        FirstAttempt => ["First attempt", "首次投递成功", "Primer intento", "Erster Versuch"],
        WithProblem => ["With a problem", "出现问题", "Con un problema", "Mit Problem"],
        NoWindow => ["no window yet", "暂无时间窗", "aún sin plazo", "noch kein Fenster"],
        ShowLane => ["WISMO measures of this lane", "该线路的 WISMO 指标", "Indicadores WISMO de esta ruta", "WISMO-Kennzahlen dieser Route"],
        TransitTitle => ["Transit, first scan to delivery", "运输时间：首次扫描到送达", "Tránsito, del primer escaneo a la entrega", "Laufzeit, erster Scan bis Zustellung"],
        /// `{rows}`
        TransitDescription => [
            "Median and 90th-percentile hours per lane and carrier: {rows}",
            "各线路和承运商的中位数与第 90 百分位小时数：{rows}",
            "Horas medianas y del percentil 90 por ruta y transportista: {rows}",
            "Median und 90. Perzentil in Stunden je Route und Versender: {rows}",
        ],
        OnTimeTitle => ["Delivered inside the promised window", "在承诺时间内送达", "Entregados dentro del plazo prometido", "Im zugesagten Fenster zugestellt"],
        /// `{rows}`
        OnTimeDescription => [
            "Share of deliveries made by the last day of the window shown at departure, per lane and carrier: {rows}",
            "各线路和承运商在发出时显示的时间窗最后一天之前送达的比例：{rows}",
            "Parte de las entregas hechas antes del último día del plazo mostrado a la salida, por ruta y transportista: {rows}",
            "Anteil der Zustellungen bis zum letzten Tag des beim Versand gezeigten Fensters, je Route und Versender: {rows}",
        ],
        OnTimeIntro => [
            "The window is the one the journey page showed when the parcel left the origin. Deliveries on lanes with too little history for a window are not counted.",
            "时间窗是包裹离开始发地时追踪页面显示的时间窗。历史数据不足以给出时间窗的线路不计入。",
            "El plazo es el que mostraba la página cuando el paquete salió del origen. No cuentan las entregas de rutas con poco historial para un plazo.",
            "Das Fenster ist das, das die Seite beim Verlassen des Ursprungs zeigte. Zustellungen auf Routen mit zu wenig Verlauf für ein Fenster zählen nicht.",
        ],
        HoursAxis => ["Hours", "小时", "Horas", "Stunden"],
        PercentAxis => ["Percent", "百分比", "Porcentaje", "Prozent"],
        ProblemsTitle => ["Orders with a problem, by first cause", "出现问题的订单（按首个原因）", "Pedidos con un problema, por primera causa", "Bestellungen mit Problem, nach erster Ursache"],
        ProblemsIntro => [
            "Each order counts once, under the first thing that went wrong: the carrier's reason when it gave one, else the kind of event.",
            "每个订单只按最先出现的问题计一次：承运商给出原因时按原因，否则按事件类型。",
            "Cada pedido cuenta una vez, por lo primero que falló: el motivo del transportista si lo dio, si no el tipo de evento.",
            "Jede Bestellung zählt einmal, unter dem, was zuerst schiefging: dem Grund des Versenders, sonst der Art des Ereignisses.",
        ],
        /// `{rows}`
        ProblemsDescription => [
            "Percent of orders per first problem: {rows}",
            "各首个问题占订单的百分比：{rows}",
            "Porcentaje de pedidos por primer problema: {rows}",
            "Prozent der Bestellungen je erstem Problem: {rows}",
        ],
        ProblemsNone => ["Nothing went wrong in these weeks.", "这几周没有出现问题。", "Nada falló en estas semanas.", "In diesen Wochen ging nichts schief."],
        Cause => ["Cause", "原因", "Causa", "Ursache"],
        ShareOfOrders => ["Share of orders", "占订单比例", "Parte de los pedidos", "Anteil der Bestellungen"],
        CustomsTitle => ["Customs per destination country", "各目的国海关", "Aduana por país de destino", "Zoll je Zielland"],
        CustomsIntro => [
            "How often customs held a parcel or asked for something, of the parcels a carrier scanned, and how long clearance took.",
            "在承运商扫描过的包裹中，海关扣留或要求补充材料的频率，以及清关用了多久。",
            "Con qué frecuencia la aduana retuvo un paquete o pidió algo, de los escaneados por un transportista, y cuánto tardó el despacho.",
            "Wie oft der Zoll ein Paket aufhielt oder etwas verlangte, von den gescannten Paketen, und wie lange die Freigabe dauerte.",
        ],
        /// `{rows}`
        CustomsDescription => [
            "Median and 90th-percentile customs hours per destination country: {rows}",
            "各目的国清关的中位数与第 90 百分位小时数：{rows}",
            "Horas medianas y del percentil 90 en aduana por país de destino: {rows}",
            "Median und 90. Perzentil der Zollstunden je Zielland: {rows}",
        ],
        CustomsNone => ["No parcel was scanned in these weeks.", "这几周没有扫描过的包裹。", "No se escaneó ningún paquete en estas semanas.", "In diesen Wochen wurde kein Paket gescannt."],
        Country => ["Destination", "目的国", "Destino", "Zielland"],
        Shipped => ["Shipped", "已发运", "Enviados", "Versandt"],
        Held => ["Held", "被扣留", "Retenidos", "Aufgehalten"],
        DwellMedian => ["Customs median (h)", "清关中位数（小时）", "Aduana mediana (h)", "Zoll Median (h)"],
        DwellP90 => ["Customs p90 (h)", "清关 p90（小时）", "Aduana p90 (h)", "Zoll p90 (h)"],
    }
}

/// A problem's cause in the reader's language: the carrier's reason, else the event's name.
pub fn cause_label(locale: Locale, cause: ProblemCause) -> &'static str {
    match cause {
        ProblemCause::Reason(reason) => reason_label(locale, reason),
        ProblemCause::Unstated(event) => event_label(locale, event),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::template::placeholders;

    #[test]
    fn every_language_uses_the_same_placeholders() {
        for key in PerformanceText::ALL {
            let en = placeholders(performance_text(Locale::En, key));
            for locale in Locale::ALL {
                assert!(!performance_text(locale, key).is_empty(), "{key:?} in {locale:?}");
                assert_eq!(placeholders(performance_text(locale, key)), en, "{key:?} in {locale:?}");
            }
        }
    }
}
