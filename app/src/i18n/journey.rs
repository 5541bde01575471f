//! The words of the journey page: event and reason labels, what happens next, who handled the
//! parcel, how it travels and was delivered, and the page's own sentences. Pure functions of
//! the locale, so server and browser render the same words. Country names are in
//! [`super::countries`], dates and times in [`super::datetime`].
//!
//! Every label is written as `[English, 简体中文, Español, Deutsch]`, so a key can never lack a
//! language, and every `match` on a domain enum is exhaustive, so a new variant fails to
//! compile until it is translated.

use super::{pick, Locale};
use crate::domain::event::{Actor, DeliveryMethod, EventCode, ReasonCode};
use crate::domain::shipment::{ServiceLevel, TransportMode};

/// The status a shopper reads in the timeline for an event. Milestones read exactly as they do
/// in the progress bar.
pub fn event_label(locale: Locale, code: EventCode) -> &'static str {
    use EventCode::*;
    match code {
        OrderConfirmed | Packed | CarrierReceived | DepartedOrigin | ArrivedDestination | CustomsCleared
        | OutForDelivery | Delivered => {
            super::milestone_label(locale, code.milestone().expect("each of these codes is a milestone"))
        }
        LabelCreated => pick(
            locale,
            ["Shipping label created", "已生成运单", "Etiqueta de envío creada", "Versandetikett erstellt"],
        ),
        InTransit => pick(locale, ["In transit", "运输中", "En tránsito", "Unterwegs"]),
        Position => pick(locale, ["Position update", "位置更新", "Actualización de posición", "Positionsmeldung"]),
        Handoff => pick(
            locale,
            [
                "Handed to the next carrier",
                "已转交下一家承运商",
                "Entregado al siguiente transportista",
                "An den nächsten Versanddienstleister übergeben",
            ],
        ),
        CustomsHeld => pick(locale, ["Held at customs", "被海关暂扣", "Retenido en aduana", "Beim Zoll festgehalten"]),
        CustomsActionRequired => pick(
            locale,
            [
                "Customs needs your action",
                "海关需要您处理",
                "La aduana necesita que actúes",
                "Der Zoll braucht deine Mithilfe",
            ],
        ),
        Exception => pick(locale, ["Delivery problem", "配送异常", "Problema con la entrega", "Zustellproblem"]),
        DeliveryAttemptFailed => pick(
            locale,
            ["Delivery attempt failed", "派送未成功", "Intento de entrega fallido", "Zustellversuch fehlgeschlagen"],
        ),
        AvailableForPickup => pick(locale, ["Ready for pickup", "待取件", "Listo para recoger", "Abholbereit"]),
        ReturnedToSender => pick(
            locale,
            ["Returned to sender", "已退回寄件人", "Devuelto al remitente", "An den Absender zurückgeschickt"],
        ),
    }
}

/// One short sentence on what happens after a scan with this code; `None` when nothing follows
/// (delivered, returned) or the scan says nothing about the next step (a position fix).
pub fn next_step(locale: Locale, code: EventCode) -> Option<&'static str> {
    use EventCode::*;
    let words = match code {
        Delivered | ReturnedToSender | Position => return None,
        LabelCreated => [
            "The carrier collects the parcel once the shop has packed it.",
            "商家打包好后，承运商会来揽收包裹。",
            "El transportista recoge el paquete cuando la tienda lo ha empaquetado.",
            "Der Versanddienstleister holt das Paket ab, sobald der Shop es verpackt hat.",
        ],
        OrderConfirmed => [
            "The shop's warehouse picks and packs your order.",
            "商家仓库会为您的订单拣货并打包。",
            "El almacén de la tienda prepara y empaqueta tu pedido.",
            "Das Lager des Shops stellt deine Bestellung zusammen und verpackt sie.",
        ],
        Packed => [
            "The carrier collects the parcel from the warehouse.",
            "承运商会到仓库揽收包裹。",
            "El transportista recoge el paquete en el almacén.",
            "Der Versanddienstleister holt das Paket im Lager ab.",
        ],
        CarrierReceived => [
            "The carrier sorts it and sends it on its way.",
            "承运商会分拣包裹并安排发运。",
            "El transportista lo clasifica y lo pone en camino.",
            "Der Versanddienstleister sortiert es und schickt es auf den Weg.",
        ],
        DepartedOrigin => [
            "Your parcel is on its way to the destination country. Long flights and sailings send few scans; the next one comes on arrival.",
            "您的包裹正在前往目的国。长途航班和海运途中扫描很少，下一次扫描会在到达后出现。",
            "Tu paquete va de camino al país de destino. Los vuelos largos y las travesías en barco dejan pocos escaneos; el siguiente llegará a su llegada.",
            "Dein Paket ist unterwegs ins Zielland. Lange Flüge und Seereisen liefern wenige Scans; der nächste kommt bei der Ankunft.",
        ],
        ArrivedDestination => [
            "Customs in the destination country checks the parcel.",
            "目的国海关会对包裹进行查验。",
            "La aduana del país de destino revisa el paquete.",
            "Der Zoll im Zielland prüft das Paket.",
        ],
        CustomsCleared => [
            "The local carrier takes it to your delivery depot.",
            "当地承运商会把包裹送到您附近的派送网点。",
            "El transportista local lo lleva a tu centro de reparto.",
            "Der Paketdienst vor Ort bringt es zu deinem Zustelldepot.",
        ],
        OutForDelivery => [
            "The courier delivers it today.",
            "快递员今天会把包裹送到。",
            "El repartidor lo entrega hoy.",
            "Der Zusteller bringt es heute zu dir.",
        ],
        InTransit => [
            "It keeps moving towards the next stop on its route.",
            "包裹会继续前往路线上的下一站。",
            "Sigue avanzando hacia la siguiente parada de su ruta.",
            "Es ist weiter unterwegs zum nächsten Halt auf seiner Route.",
        ],
        Handoff => [
            "The new carrier scans it as it takes over.",
            "新承运商接手时会扫描包裹。",
            "El nuevo transportista lo escanea al hacerse cargo.",
            "Der neue Versanddienstleister scannt es, sobald er übernimmt.",
        ],
        CustomsHeld => [
            "Customs finishes its checks, then releases the parcel.",
            "海关完成查验后会放行包裹。",
            "La aduana termina sus controles y después libera el paquete.",
            "Der Zoll schließt seine Prüfung ab und gibt das Paket dann frei.",
        ],
        CustomsActionRequired => [
            "Customs is waiting for you: see what to do above.",
            "海关正在等您处理：请查看上方的操作说明。",
            "La aduana te está esperando: mira arriba qué tienes que hacer.",
            "Der Zoll wartet auf dich: Was du tun musst, steht oben.",
        ],
        Exception => [
            "The carrier is sorting out the problem; the next scan shows how it is going.",
            "承运商正在处理这个问题，下一次扫描会显示进展。",
            "El transportista está resolviendo el problema; el próximo escaneo mostrará cómo va.",
            "Der Versanddienstleister kümmert sich um das Problem; der nächste Scan zeigt, wie es weitergeht.",
        ],
        DeliveryAttemptFailed => [
            "The courier tries again or leaves it at a pickup point.",
            "快递员会再次派送，或把包裹放到自提点。",
            "El repartidor lo vuelve a intentar o lo deja en un punto de recogida.",
            "Der Zusteller versucht es erneut oder gibt es in einer Abholstelle ab.",
        ],
        AvailableForPickup => [
            "Collect it from the pickup point before it is sent back.",
            "请在包裹被退回前到自提点取件。",
            "Recógelo en el punto de recogida antes de que lo devuelvan.",
            "Hol es in der Abholstelle ab, bevor es zurückgeschickt wird.",
        ],
    };
    Some(pick(locale, words))
}

/// Why something went wrong, specifically and plainly.
pub fn reason_label(locale: Locale, reason: ReasonCode) -> &'static str {
    use ReasonCode::*;
    pick(
        locale,
        match reason {
            MissingInvoiceData => {
                ["Invoice details are missing", "缺少发票信息", "Faltan datos de la factura", "Rechnungsangaben fehlen"]
            }
            DutiesAssessment => [
                "Import duties are being assessed",
                "正在核定进口关税",
                "Se están calculando los aranceles de importación",
                "Einfuhrabgaben werden berechnet",
            ],
            RandomInspection => [
                "Random customs inspection",
                "海关随机抽检",
                "Inspección aduanera aleatoria",
                "Zufällige Zollkontrolle",
            ],
            AwaitingPayment => [
                "Import duties and taxes are unpaid",
                "进口关税和税费尚未支付",
                "Los aranceles e impuestos de importación están sin pagar",
                "Zölle und Einfuhrsteuern sind noch nicht bezahlt",
            ],
            AddressIssue => [
                "There is a problem with the address",
                "地址有问题",
                "Hay un problema con la dirección",
                "Mit der Adresse stimmt etwas nicht",
            ],
            RecipientUnavailable => [
                "Nobody was available to receive it",
                "派送时无人接收",
                "No había nadie para recibirlo",
                "Niemand war da, um es anzunehmen",
            ],
            WeatherDisruption => [
                "Weather is delaying transport",
                "天气原因导致运输延误",
                "El mal tiempo retrasa el transporte",
                "Das Wetter verzögert den Transport",
            ],
            Damaged => {
                ["The parcel was damaged", "包裹已损坏", "El paquete ha sufrido daños", "Das Paket wurde beschädigt"]
            }
            Lost => ["The parcel is lost", "包裹已丢失", "El paquete se ha perdido", "Das Paket ist verloren gegangen"],
        },
    )
}

/// What the shopper must do about it; `None` when there is nothing for them to do.
pub fn reason_action(locale: Locale, reason: ReasonCode) -> Option<&'static str> {
    use ReasonCode::*;
    let words = match reason {
        DutiesAssessment | RandomInspection | WeatherDisruption => return None,
        MissingInvoiceData => [
            "Send the carrier the missing invoice details (the shop can help).",
            "请把缺少的发票信息发给承运商（商家可以协助）。",
            "Envía al transportista los datos de factura que faltan (la tienda puede ayudarte).",
            "Schick dem Versanddienstleister die fehlenden Rechnungsangaben (der Shop hilft dir dabei).",
        ],
        AwaitingPayment => [
            "Pay the import duties and taxes with the carrier's payment link.",
            "请通过承运商的付款链接支付进口关税和税费。",
            "Paga los aranceles e impuestos de importación con el enlace de pago del transportista.",
            "Bezahle Zölle und Einfuhrsteuern über den Zahlungslink des Versanddienstleisters.",
        ],
        AddressIssue => [
            "Confirm your address with the carrier.",
            "请向承运商确认您的地址。",
            "Confirma tu dirección con el transportista.",
            "Bestätige deine Adresse beim Versanddienstleister.",
        ],
        RecipientUnavailable => [
            "Arrange a new delivery or collect it from the pickup point.",
            "请预约重新派送，或到自提点取件。",
            "Programa una nueva entrega o recógelo en el punto de recogida.",
            "Vereinbare eine neue Zustellung oder hol es in der Abholstelle ab.",
        ],
        Damaged | Lost => [
            "Contact the shop: they will replace or refund it.",
            "请联系商家：他们会为您补发或退款。",
            "Contacta con la tienda: te lo repondrán o te devolverán el dinero.",
            "Wende dich an den Shop: Er schickt Ersatz oder erstattet dir den Betrag.",
        ],
    };
    Some(pick(locale, words))
}

/// Who held the parcel.
pub fn actor_label(locale: Locale, actor: Actor) -> &'static str {
    pick(
        locale,
        match actor {
            Actor::Merchant => ["Shop", "商家", "Tienda", "Shop"],
            Actor::Warehouse => ["Warehouse", "仓库", "Almacén", "Lager"],
            Actor::Carrier => ["Carrier", "承运商", "Transportista", "Versanddienstleister"],
            Actor::Customs => ["Customs", "海关", "Aduana", "Zoll"],
            Actor::LastMile => ["Local courier", "本地快递", "Repartidor local", "Zusteller vor Ort"],
        },
    )
}

/// How a leg moves the parcel.
pub fn mode_label(locale: Locale, mode: TransportMode) -> &'static str {
    pick(
        locale,
        match mode {
            TransportMode::Air => ["By air", "空运", "Por avión", "Per Flugzeug"],
            TransportMode::Ocean => ["By sea", "海运", "Por mar", "Per Schiff"],
            TransportMode::Road => ["By road", "陆运", "Por carretera", "Per Lkw"],
            TransportMode::Rail => ["By rail", "铁路运输", "Por tren", "Per Bahn"],
            TransportMode::Courier => ["Local delivery", "本地派送", "Reparto local", "Zustellung vor Ort"],
        },
    )
}

/// The service level, as it reads mid-sentence ("120 express parcels", "120 Express-Paketen").
pub fn service_label(locale: Locale, service: ServiceLevel) -> &'static str {
    pick(
        locale,
        match service {
            ServiceLevel::Economy => ["economy", "经济型", "económico", "Economy"],
            ServiceLevel::Standard => ["standard", "标准", "estándar", "Standard"],
            ServiceLevel::Express => ["express", "特快", "exprés", "Express"],
        },
    )
}

/// How the parcel was handed over.
pub fn delivery_method_label(locale: Locale, method: DeliveryMethod) -> &'static str {
    use DeliveryMethod::*;
    pick(
        locale,
        match method {
            HandedToRecipient => ["Handed to you", "已交到您手中", "Entregado en mano", "An dich übergeben"],
            Signature => ["Signed for", "已签字签收", "Entregado con firma", "Gegen Unterschrift"],
            LeftAtDoor => ["Left at your door", "已放在您家门口", "Dejado en tu puerta", "Vor deiner Tür abgelegt"],
            Mailbox => ["In your mailbox", "已投入您的信箱", "En tu buzón", "In deinem Briefkasten"],
            Neighbour => {
                ["Left with a neighbour", "已交给邻居代收", "Dejado con un vecino", "Bei einem Nachbarn abgegeben"]
            }
            PickupPoint => ["At a pickup point", "已送至自提点", "En un punto de recogida", "In einer Abholstelle"],
            Locker => {
                ["In a parcel locker", "已存入快递柜", "En un casillero de paquetes", "In einem Paketschließfach"]
            }
        },
    )
}

i18n_table! {
    /// The journey page's own sentences. Templates name their `{placeholders}`; every language
    /// uses the same ones.
    pub enum JourneyText => pub fn journey_text {
        StatusHeading => ["Latest news", "最新动态", "Últimas novedades", "Neuigkeiten"],
        ExpectedDelivery => ["Expected delivery", "预计送达", "Entrega prevista", "Voraussichtliche Zustellung"],
        /// `{journeys} {service} {carrier} {origin} {destination} {min} {max} {milestone}`
        EtaWhyCarrierAndService => [
            "Based on {journeys} {service} parcels with {carrier} on the {origin} – {destination} route: 8 in 10 arrived {min}–{max} days after “{milestone}”, weekends and public holidays not counted.",
            "根据 {carrier} 承运、从{origin}寄往{destination}的 {journeys} 件{service}包裹：每 10 件中有 8 件在“{milestone}”后 {min}–{max} 天内送达（不计周末和公共假日）。",
            "Según {journeys} paquetes con servicio {service} enviados con {carrier} de {origin} a {destination}: 8 de cada 10 llegaron entre {min} y {max} días después de «{milestone}», sin contar fines de semana ni festivos.",
            "Basierend auf {journeys} {service}-Paketen mit {carrier} auf der Strecke {origin} – {destination}: 8 von 10 kamen {min}–{max} Tage nach „{milestone}“ an, Wochenenden und Feiertage nicht mitgezählt.",
        ],
        /// `{journeys} {service} {origin} {destination} {min} {max} {milestone}`
        EtaWhyService => [
            "Based on {journeys} {service} parcels on the {origin} – {destination} route: 8 in 10 arrived {min}–{max} days after “{milestone}”, weekends and public holidays not counted.",
            "根据从{origin}寄往{destination}的 {journeys} 件{service}包裹：每 10 件中有 8 件在“{milestone}”后 {min}–{max} 天内送达（不计周末和公共假日）。",
            "Según {journeys} paquetes con servicio {service} de {origin} a {destination}: 8 de cada 10 llegaron entre {min} y {max} días después de «{milestone}», sin contar fines de semana ni festivos.",
            "Basierend auf {journeys} {service}-Paketen auf der Strecke {origin} – {destination}: 8 von 10 kamen {min}–{max} Tage nach „{milestone}“ an, Wochenenden und Feiertage nicht mitgezählt.",
        ],
        /// `{journeys} {origin} {destination} {min} {max} {milestone}`
        EtaWhyCountries => [
            "Based on {journeys} parcels on the {origin} – {destination} route: 8 in 10 arrived {min}–{max} days after “{milestone}”, weekends and public holidays not counted.",
            "根据从{origin}寄往{destination}的 {journeys} 件包裹：每 10 件中有 8 件在“{milestone}”后 {min}–{max} 天内送达（不计周末和公共假日）。",
            "Según {journeys} paquetes de {origin} a {destination}: 8 de cada 10 llegaron entre {min} y {max} días después de «{milestone}», sin contar fines de semana ni festivos.",
            "Basierend auf {journeys} Paketen auf der Strecke {origin} – {destination}: 8 von 10 kamen {min}–{max} Tage nach „{milestone}“ an, Wochenenden und Feiertage nicht mitgezählt.",
        ],
        /// `{country} {dates}`
        EtaHolidays => [
            "Public holidays at the destination ({country}) push it back: {dates}.",
            "{country}的公共假日会让送达顺延：{dates}。",
            "Los festivos de {country} lo retrasan: {dates}.",
            "Feiertage am Zielort ({country}) verschieben die Zustellung: {dates}.",
        ],
        EtaRunningLate => [
            "Your parcel is taking longer than most on this route, so the window starts today.",
            "您的包裹比这条线路上的大多数包裹用时更长，因此预计送达时间从今天算起。",
            "Tu paquete está tardando más que la mayoría en esta ruta, así que el plazo empieza hoy.",
            "Dein Paket braucht länger als die meisten auf dieser Strecke, deshalb beginnt das Zeitfenster heute.",
        ],
        EtaUnknown => [
            "An expected delivery window appears once this route has enough delivered parcels.",
            "这条线路积累足够多的已送达包裹后，这里会显示预计送达时间。",
            "El plazo de entrega previsto aparecerá cuando esta ruta tenga suficientes paquetes entregados.",
            "Ein voraussichtliches Zustellfenster erscheint, sobald auf dieser Strecke genug Pakete zugestellt wurden.",
        ],
        /// `{milestone} {min} {max}`
        NextScanRange => [
            "Next key scan: “{milestone}”, usually in {min}–{max} days. No news until then is normal.",
            "下一次关键扫描：“{milestone}”，通常在 {min}–{max} 天后。在此之前没有新动态是正常的。",
            "Próximo escaneo clave: «{milestone}», normalmente en {min}–{max} días. Es normal no tener noticias hasta entonces.",
            "Nächster wichtiger Scan: „{milestone}“, meist in {min}–{max} Tagen. Dass es bis dahin nichts Neues gibt, ist normal.",
        ],
        /// `{milestone} {max}`
        NextScanWithin => [
            "Next key scan: “{milestone}”, usually within {max} days. No news until then is normal.",
            "下一次关键扫描：“{milestone}”，通常在 {max} 天内。在此之前没有新动态是正常的。",
            "Próximo escaneo clave: «{milestone}», normalmente en {max} días como máximo. Es normal no tener noticias hasta entonces.",
            "Nächster wichtiger Scan: „{milestone}“, meist innerhalb von {max} Tagen. Dass es bis dahin nichts Neues gibt, ist normal.",
        ],
        TimelineHeading => ["Journey updates", "旅程动态", "Novedades del viaje", "Meldungen zur Sendung"],
        WhatHappensNext => ["What happens next", "接下来", "Qué pasará ahora", "Wie es weitergeht"],
        CarrierSays => [
            "The carrier's words",
            "承运商原话",
            "En palabras del transportista",
            "Originalmeldung des Versanddienstleisters",
        ],
        LocalTime => ["local time", "当地时间", "hora local", "Ortszeit"],
        ProblemHeading => ["There is a delay", "出现延误", "Hay un retraso", "Es gibt eine Verzögerung"],
        ActionRequiredHeading => ["Action needed from you", "需要您处理", "Tienes que hacer algo", "Du musst etwas tun"],
        /// `{time}`
        ProblemSince => ["Since {time}", "自 {time} 起", "Desde {time}", "Seit {time}"],
        YourAction => ["What you need to do", "您需要做什么", "Qué tienes que hacer", "Was du tun musst"],
        NoActionNeeded => [
            "Nothing for you to do: the carrier is on it.",
            "您无需操作：承运商正在处理。",
            "No tienes que hacer nada: el transportista se está encargando.",
            "Du musst nichts tun: Der Versanddienstleister kümmert sich darum.",
        ],
        NewExpectedDelivery => [
            "New expected delivery",
            "新的预计送达时间",
            "Nueva entrega prevista",
            "Neue voraussichtliche Zustellung",
        ],
        DeliveredHeading => ["Delivered", "已签收", "Entregado", "Zugestellt"],
        /// `{time} {city}`
        DeliveredAtIn => ["{time} in {city}", "{time}，{city}", "{time} en {city}", "{time} in {city}"],
        ProofMethod => ["How it was delivered", "投递方式", "Cómo se entregó", "So wurde zugestellt"],
        SignedBy => ["Signed by", "签收人", "Firmado por", "Unterschrieben von"],
        ProofPhoto => [
            "Photo of your parcel at delivery",
            "包裹送达时的照片",
            "Foto de tu paquete al entregarlo",
            "Foto deines Pakets bei der Zustellung",
        ],
        ProofPin => [
            "The courier's location at delivery is pinned on the map.",
            "地图上标出了快递员送达时所在的位置。",
            "El mapa marca dónde estaba el repartidor al entregarlo.",
            "Auf der Karte ist markiert, wo der Zusteller bei der Zustellung war.",
        ],
        ReturnedHeading => [
            "Returned to the sender",
            "已退回寄件人",
            "Devuelto al remitente",
            "An den Absender zurückgeschickt",
        ],
        ReturnedBody => [
            "The parcel is going back to the shop. Contact them about a refund or a new delivery.",
            "包裹正在退回商家。请联系商家办理退款或重新发货。",
            "El paquete vuelve a la tienda. Ponte en contacto con ella para pedir un reembolso o un nuevo envío.",
            "Das Paket geht zurück an den Shop. Wende dich wegen einer Erstattung oder einer neuen Lieferung an ihn.",
        ],
        RouteLegend => ["The route", "路线", "La ruta", "Die Route"],
        /// `{mode} {carrier}`
        LegWith => ["{mode} with {carrier}", "{mode}（{carrier}）", "{mode} con {carrier}", "{mode} mit {carrier}"],
        /// `{city}`
        HandedOverIn => [
            "handed over in {city}",
            "在{city}交接",
            "cambio de transportista en {city}",
            "in {city} übergeben",
        ],
        DeliveryPin => ["Delivered here", "在此送达", "Entregado aquí", "Hier zugestellt"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Milestone;
    use crate::i18n::checks::assert_translated;
    use crate::i18n::countries::country_name;
    use crate::i18n::template::placeholders;
    use std::collections::BTreeSet;

    const COUNTRY_CODES: [&str; 20] = [
        "CN", "US", "DE", "GB", "ES", "BR", "KR", "AU", "VN", "CA", "HK", "TW", "QA", "FR", "IT", "NL", "JP", "SG",
        "MX", "IN",
    ];

    #[test]
    fn every_language_uses_the_same_placeholders() {
        for key in JourneyText::ALL {
            let english = placeholders(journey_text(Locale::En, key));
            for locale in Locale::ALL {
                let text = journey_text(locale, key);
                assert!(!text.trim().is_empty(), "{locale:?} {key:?}");
                assert_eq!(placeholders(text), english, "{locale:?} {key:?}: {text}");
            }
        }
        assert_eq!(
            placeholders(journey_text(Locale::En, JourneyText::EtaWhyCarrierAndService)),
            BTreeSet::from_iter(
                ["journeys", "service", "carrier", "origin", "destination", "min", "max", "milestone"]
                    .map(String::from)
            )
        );
    }

    #[test]
    fn every_label_is_translated() {
        assert_translated("event", &EventCode::ALL, event_label);
        assert_translated("reason", &ReasonCode::ALL, reason_label);
        assert_translated("actor", &Actor::ALL, actor_label);
        assert_translated("mode", &TransportMode::ALL, mode_label);
        assert_translated("service", &ServiceLevel::ALL, service_label);
        assert_translated("method", &DeliveryMethod::ALL, delivery_method_label);
        assert_translated("text", &JourneyText::ALL, journey_text);
        assert_translated("country", &COUNTRY_CODES, country_name);
        let next: Vec<_> = EventCode::ALL.into_iter().filter(|&c| next_step(Locale::En, c).is_some()).collect();
        assert_translated("next step", &next, |l, k| next_step(l, k).unwrap().to_owned());
        let actions: Vec<_> =
            ReasonCode::ALL.iter().copied().filter(|&r| reason_action(Locale::En, r).is_some()).collect();
        assert_translated("action", &actions, |l, k| reason_action(l, k).unwrap().to_owned());
    }

    #[test]
    fn milestones_read_as_in_the_progress_bar() {
        for locale in Locale::ALL {
            for m in Milestone::ALL {
                assert_eq!(event_label(locale, EventCode::from_milestone(m)), super::super::milestone_label(locale, m));
            }
        }
        assert_eq!(event_label(Locale::En, EventCode::CustomsHeld), "Held at customs");
    }

    #[test]
    fn next_steps_and_actions_are_absent_exactly_where_nothing_follows() {
        for locale in Locale::ALL {
            for code in EventCode::ALL {
                let none = matches!(code, EventCode::Delivered | EventCode::ReturnedToSender | EventCode::Position);
                assert_eq!(next_step(locale, code).is_none(), none, "{locale:?} {code:?}");
            }
            for reason in ReasonCode::ALL {
                let none = matches!(
                    reason,
                    ReasonCode::DutiesAssessment | ReasonCode::RandomInspection | ReasonCode::WeatherDisruption
                );
                assert_eq!(reason_action(locale, reason).is_none(), none, "{locale:?} {reason:?}");
            }
        }
        assert_eq!(next_step(Locale::En, EventCode::OutForDelivery), Some("The courier delivers it today."));
    }
}
