//! The words of the gamification: badge names and how each is earned, the journey's tiers, a
//! playful story line per milestone, seasonal missions, and the sentences of the rewards,
//! leaderboard and rating panels. Pure functions of the locale, so server and browser render
//! the same words.
//!
//! Every label is written as `[English, 简体中文, Español, Deutsch]`, so a key can never lack a
//! language, and every `match` on a domain enum is exhaustive, so a new variant fails to
//! compile until it is translated. Templates name their `{placeholders}` (filled with
//! [`super::template::fill`]); every language uses the same ones.

use super::{pick, Locale};
use crate::domain::design::ShopWords;
use crate::domain::gamification::{Badge, Mission, Tier};
use crate::domain::Milestone;

/// A badge's short name, as its shelf and the unlock toast show it.
pub fn badge_name(locale: Locale, badge: Badge) -> &'static str {
    use Badge::*;
    pick(
        locale,
        match badge {
            Welcome => ["Welcome aboard", "欢迎启程", "Te damos la bienvenida", "Willkommen an Bord"],
            FirstScan => ["First scan", "首次扫描", "Primer escaneo", "Erster Scan"],
            CustomsCleared => ["Customs cleared", "顺利通关", "Aduana superada", "Zoll geschafft"],
            BorderHopper => ["Border hopper", "跨境达人", "Saltafronteras", "Grenzenlos"],
            LongHaul => ["Long haul", "长途远行", "Larga distancia", "Langstrecke"],
            OnTime => ["Right on time", "准时送达", "Justo a tiempo", "Auf die Minute"],
            Eco => ["Eco traveller", "绿色旅人", "Viaje verde", "Grün unterwegs"],
            Loyal => ["Loyal friend", "忠实老友", "Cliente fiel", "Treue Seele"],
            Sharer => ["Storyteller", "故事分享家", "Cuentacuentos", "Erzähltalent"],
            Reviewer => ["Critic", "点评家", "Reseñista", "Kritikerblick"],
        },
    )
}

/// One short sentence on how a badge is earned.
pub fn badge_how(locale: Locale, badge: Badge) -> &'static str {
    use Badge::*;
    pick(
        locale,
        match badge {
            Welcome => [
                "Place your first order.",
                "完成您的第一笔订单。",
                "Haz tu primer pedido.",
                "Gib deine erste Bestellung auf.",
            ],
            FirstScan => [
                "The carrier scanned your parcel.",
                "承运商扫描了您的包裹。",
                "El transportista escaneó tu paquete.",
                "Der Versanddienstleister hat dein Paket gescannt.",
            ],
            CustomsCleared => [
                "Your parcel cleared customs.",
                "您的包裹已顺利清关。",
                "Tu paquete pasó la aduana.",
                "Dein Paket hat den Zoll passiert.",
            ],
            BorderHopper => [
                "Your parcel crossed two borders or more.",
                "您的包裹跨越了两条或更多国境线。",
                "Tu paquete cruzó dos fronteras o más.",
                "Dein Paket hat zwei oder mehr Grenzen überquert.",
            ],
            LongHaul => [
                "Your parcel travelled 5,000 km or more.",
                "您的包裹行程达到 5,000 公里或以上。",
                "Tu paquete recorrió 5.000 km o más.",
                "Dein Paket ist 5.000 km oder weiter gereist.",
            ],
            OnTime => [
                "Delivered inside the expected window.",
                "在预计送达时间内送达。",
                "Entregado dentro del plazo previsto.",
                "Im erwarteten Zeitfenster zugestellt.",
            ],
            Eco => [
                "You chose the greener way to ship.",
                "您选择了更环保的配送方式。",
                "Elegiste la forma de envío más ecológica.",
                "Du hast den umweltfreundlicheren Versand gewählt.",
            ],
            Loyal => ["Your fifth order.", "您的第五笔订单。", "Tu quinto pedido.", "Deine fünfte Bestellung."],
            Sharer => {
                ["You shared a journey.", "您分享了一段旅程。", "Compartiste un viaje.", "Du hast eine Reise geteilt."]
            }
            Reviewer => [
                "You rated a delivery.",
                "您评价了一次配送。",
                "Valoraste una entrega.",
                "Du hast eine Zustellung bewertet.",
            ],
        },
    )
}

/// A tier's name, as the journey levels show it.
pub fn tier_name(locale: Locale, tier: Tier) -> &'static str {
    use Tier::*;
    pick(
        locale,
        match tier {
            Liftoff => ["Liftoff", "启程", "Despegue", "Abflug"],
            Voyage => ["Voyage", "远航", "Travesía", "Reise"],
            Border => ["Border", "过境", "Frontera", "Grenze"],
            HomeStretch => ["Home stretch", "最后一程", "Recta final", "Zielgerade"],
        },
    )
}

/// The shop's own name for the tier in this language, or Trekpost's.
pub fn shop_tier_name(words: &ShopWords, locale: Locale, tier: Tier) -> String {
    words.tier(locale, tier).unwrap_or_else(|| tier_name(locale, tier)).to_owned()
}

/// The shop's own line of the story for the milestone in this language, or Trekpost's.
pub fn shop_story(words: &ShopWords, locale: Locale, milestone: Milestone) -> String {
    words.story(locale, milestone).unwrap_or_else(|| milestone_story(locale, milestone)).to_owned()
}

/// One playful line of the parcel's story for a milestone it reached. Warm, and never a claim
/// of fact beyond the milestone itself.
pub fn milestone_story(locale: Locale, milestone: Milestone) -> &'static str {
    use Milestone::*;
    pick(
        locale,
        match milestone {
            OrderConfirmed => [
                "Your order is in. Every great journey starts with a single click.",
                "订单已就位！每一段伟大的旅程，都从一次点击开始。",
                "¡Pedido hecho! Todo gran viaje empieza con un solo clic.",
                "Bestellung ist drin! Jede große Reise beginnt mit einem Klick.",
            ],
            Packed => [
                "Bubble wrap on, tape sealed: your parcel is dressed for the trip.",
                "气泡膜裹好，胶带封牢：包裹已经换好出行装。",
                "Plástico de burbujas y cinta bien sellada: tu paquete ya va vestido para el viaje.",
                "Luftpolsterfolie drum, Klebeband drauf: Dein Paket hat sich reisefein gemacht.",
            ],
            CarrierReceived => [
                "Handshake done: your parcel has found its travel buddy.",
                "握手成功：包裹找到了它的旅伴。",
                "Apretón de manos: tu paquete ya tiene compañero de viaje.",
                "Handschlag! Dein Paket hat seinen Reisebegleiter gefunden.",
            ],
            DepartedOrigin => [
                "Wheels up! Your parcel is off on its big adventure.",
                "出发啦！包裹踏上了它的奇妙冒险。",
                "¡En marcha! Tu paquete sale hacia su gran aventura.",
                "Auf geht’s! Dein Paket bricht zu seinem großen Abenteuer auf.",
            ],
            ArrivedDestination => [
                "Land ho! Your parcel has reached your side of the world.",
                "陆地在望！包裹来到了您所在的国度。",
                "¡Tierra a la vista! Tu paquete ha llegado a tu lado del mundo.",
                "Land in Sicht! Dein Paket ist auf deiner Seite der Welt angekommen.",
            ],
            CustomsCleared => [
                "Passport stamped. Welcome to the country, little parcel!",
                "护照盖章完毕。欢迎入境，小包裹！",
                "Pasaporte sellado. ¡Bienvenido al país, paquetito!",
                "Pass gestempelt. Willkommen im Land, kleines Paket!",
            ],
            OutForDelivery => [
                "Almost home! Your parcel is on the final stretch to your door.",
                "快到家啦！包裹正奔向您家门口，走完最后一程。",
                "¡Casi en casa! Tu paquete recorre el último tramo hasta tu puerta.",
                "Fast zu Hause! Dein Paket ist auf dem letzten Stück zu deiner Tür.",
            ],
            Delivered => [
                "Touchdown! The journey is complete.",
                "顺利着陆！这段旅程圆满完成。",
                "¡Misión cumplida! El viaje ha llegado a su fin.",
                "Gelandet! Die Reise ist geschafft.",
            ],
        },
    )
}

/// A seasonal mission, as a template with `{target}` (how many times this month).
pub fn mission_label(locale: Locale, mission: Mission) -> &'static str {
    use Mission::*;
    pick(
        locale,
        match mission {
            Deliveries => [
                "Receive {target} parcels this month",
                "本月收到 {target} 个包裹",
                "Recibe {target} paquetes este mes",
                "Erhalte diesen Monat {target} Pakete",
            ],
            RepeatPurchase => [
                "Order {target} times this month",
                "本月下单 {target} 次",
                "Haz {target} pedidos este mes",
                "Bestelle diesen Monat {target}-mal",
            ],
            Share => [
                "Share {target} journey this month",
                "本月分享 {target} 次包裹旅程",
                "Comparte {target} viaje este mes",
                "Teile diesen Monat {target} Reise",
            ],
            Review => [
                "Rate {target} deliveries this month",
                "本月评价 {target} 次配送",
                "Valora {target} entregas este mes",
                "Bewerte diesen Monat {target} Zustellungen",
            ],
        },
    )
}

i18n_table! {
    /// The rewards, leaderboard and rating panels' own sentences. Templates name their
    /// `{placeholders}`; every language uses the same ones.
    pub enum RewardText => pub fn reward_text {
        TiersHeading => ["Journey levels", "旅程关卡", "Etapas del viaje", "Reisestufen"],
        /// `{tier}`
        TierUnlocked => ["{tier} unlocked!", "已解锁「{tier}」！", "¡Nivel {tier} desbloqueado!", "{tier} freigeschaltet!"],
        TierCompleted => ["Completed", "已完成", "Completado", "Abgeschlossen"],
        TierInProgress => ["In progress", "进行中", "En curso", "Im Gange"],
        TierLocked => ["Locked", "未解锁", "Bloqueado", "Gesperrt"],
        StoryLabel => ["The story so far", "故事进行到这里", "La historia hasta ahora", "Die Geschichte bisher"],
        BadgesHeading => ["Badges", "徽章", "Insignias", "Abzeichen"],
        BadgeLocked => ["Not earned yet", "尚未获得", "Aún no conseguida", "Noch nicht erhalten"],
        BadgeEarned => ["Earned", "已获得", "Conseguida", "Erhalten"],
        /// `{badge}`
        BadgeUnlocked => [
            "New badge: {badge}!",
            "新徽章：{badge}！",
            "¡Nueva insignia: {badge}!",
            "Neues Abzeichen: {badge}!",
        ],
        AheadHeading => ["Up next", "即将解锁", "Lo que viene", "Als Nächstes"],
        /// `{milestone}`
        AheadAt => ["At “{milestone}”", "到达「{milestone}」时", "En «{milestone}»", "Bei „{milestone}“"],
        /// `{badge}`
        BadgeAhead => ["The {badge} badge", "「{badge}」徽章", "La insignia {badge}", "Das Abzeichen {badge}"],
        RewardsHeading => ["Your rewards", "您的奖励", "Tus recompensas", "Deine Belohnungen"],
        RewardsEmpty => [
            "Rewards appear here as your parcel reaches its milestones.",
            "包裹每到达一个里程碑，奖励就会出现在这里。",
            "Las recompensas aparecen aquí a medida que tu paquete alcanza sus hitos.",
            "Belohnungen erscheinen hier, sobald dein Paket seine Meilensteine erreicht.",
        ],
        RevealHint => ["Tap to reveal", "点击揭晓", "Toca para descubrir", "Zum Aufdecken tippen"],
        RewardUnlocked => [
            "You unlocked a reward!",
            "您解锁了一份奖励！",
            "¡Has desbloqueado una recompensa!",
            "Du hast eine Belohnung freigeschaltet!",
        ],
        /// `{percent}`
        CouponTitle => [
            "{percent}% off your next order",
            "下次下单立减 {percent}%",
            "{percent} % de descuento en tu próximo pedido",
            "{percent} % Rabatt auf deine nächste Bestellung",
        ],
        CouponCode => ["Your code", "您的优惠码", "Tu código", "Dein Code"],
        /// `{date}`
        CouponValidUntil => ["Valid until {date}", "有效期至 {date}", "Válido hasta: {date}", "Gültig bis {date}"],
        CouponRedeemed => ["Already used", "已使用", "Ya usado", "Bereits eingelöst"],
        CopyCode => ["Copy code", "复制优惠码", "Copiar código", "Code kopieren"],
        Copied => ["Copied", "已复制", "Copiado", "Kopiert"],
        VipTitle => ["VIP early access", "VIP 抢先购", "Acceso anticipado VIP", "VIP-Vorabzugang"],
        VipBody => [
            "You're invited to shop new arrivals before anyone else.",
            "诚邀您抢先选购新品。",
            "Te invitamos a comprar las novedades antes que nadie.",
            "Du bist eingeladen, Neuheiten vor allen anderen zu shoppen.",
        ],
        /// `{points}`
        PointsTitle => ["+{points} points", "+{points} 积分", "+{points} puntos", "+{points} Punkte"],
        /// `{points}`
        PointsBalance => ["{points} points", "{points} 积分", "{points} puntos", "{points} Punkte"],
        /// `{reason}`
        ForMilestone => ["For: {reason}", "获得原因：{reason}", "Por: {reason}", "Für: {reason}"],
        EcoHeading => ["Carbon footprint", "碳足迹", "Huella de carbono", "CO₂-Fußabdruck"],
        /// `{kg} {km}`
        EcoFigure => [
            "About {kg} kg CO₂e over {km} km",
            "{km} 公里行程约排放 {kg} 千克二氧化碳当量",
            "Unos {kg} kg de CO₂e en {km} km",
            "Etwa {kg} kg CO₂e auf {km} km",
        ],
        /// `{percent}`
        EcoVersusAir => [
            "{percent}% less than the same trip by air",
            "比同一行程空运少 {percent}%",
            "Un {percent} % menos que el mismo trayecto por avión",
            "{percent} % weniger als dieselbe Strecke per Luftfracht",
        ],
        EcoNote => [
            "An estimate from each leg's transport mode and distance, for a 1 kg parcel.",
            "按 1 千克的包裹估算，依据每段行程的运输方式和距离。",
            "Estimación según el medio de transporte y la distancia de cada tramo, para un paquete de 1 kg.",
            "Eine Schätzung aus Verkehrsmittel und Entfernung jedes Abschnitts, für ein 1-kg-Paket.",
        ],
        LeaderboardHeading => ["Leaderboard", "排行榜", "Clasificación", "Bestenliste"],
        /// `{shop}`
        LeaderboardOf => ["{shop} leaderboard", "{shop} 排行榜", "Clasificación de {shop}", "Bestenliste von {shop}"],
        SeasonTab => ["This month", "本月", "Este mes", "Diesen Monat"],
        AllTimeTab => ["All time", "总榜", "Histórico", "Gesamt"],
        RankColumn => ["Rank", "排名", "Puesto", "Platz"],
        NameColumn => ["Shopper", "买家", "Cliente", "Name"],
        /// `{code}`: how a shopper who keeps their name hidden appears ("Shopper K7QZ").
        MaskedShopper => ["Shopper {code}", "买家 {code}", "Cliente {code}", "Anonym {code}"],
        PointsColumn => ["Points", "积分", "Puntos", "Punkte"],
        You => ["You", "您", "Tú", "Du"],
        /// `{rank} {count}`
        YourRank => [
            "You are #{rank} of {count}",
            "您在 {count} 人中排名第 {rank}",
            "Estás en el puesto {rank} de {count}",
            "Du bist auf Platz {rank} von {count}",
        ],
        NotRankedYet => [
            "Earn points to join the leaderboard.",
            "赚取积分即可登上排行榜。",
            "Gana puntos para entrar en la clasificación.",
            "Sammle Punkte, um in die Bestenliste zu kommen.",
        ],
        LeaderboardEmpty => [
            "No points yet this season. Be the first!",
            "本季还没有人获得积分，快来拔得头筹！",
            "Aún no hay puntos esta temporada. ¡Estrena la clasificación!",
            "Noch keine Punkte in dieser Saison. Mach den Anfang!",
        ],
        MissionsHeading => ["Missions", "任务", "Misiones", "Missionen"],
        /// `{done} {target}`
        MissionProgress => ["{done} of {target}", "已完成 {done}/{target}", "{done} de {target}", "{done} von {target}"],
        /// `{points}`
        MissionDone => [
            "Done! +{points} points",
            "已完成！+{points} 积分",
            "¡Hecho! +{points} puntos",
            "Geschafft! +{points} Punkte",
        ],
        /// `{points}`
        MissionBonus => [
            "+{points} points when done",
            "完成可得 +{points} 积分",
            "+{points} puntos al completarla",
            "+{points} Punkte bei Abschluss",
        ],
        MyRewardsLink => [
            "Your points, badges and rewards",
            "您的积分、徽章和奖励",
            "Tus puntos, insignias y recompensas",
            "Deine Punkte, Abzeichen und Belohnungen",
        ],
        LeaderboardLink => ["See the leaderboard", "查看排行榜", "Ver la clasificación", "Zur Bestenliste"],
        MyRewardsHeading => ["Your rewards", "您的奖励", "Tus recompensas", "Deine Belohnungen"],
        PointsHistoryHeading => ["Points history", "积分记录", "Historial de puntos", "Punkteverlauf"],
        DisplayNameHeading => [
            "Your name on the leaderboard",
            "您在排行榜上的名字",
            "Tu nombre en la clasificación",
            "Dein Name in der Bestenliste",
        ],
        /// `{masked}`
        DisplayNameHidden => [
            "Hidden: others see you as {masked}.",
            "已隐藏：其他人看到的是 {masked}。",
            "Oculto: los demás te ven como {masked}.",
            "Verborgen: Andere sehen dich als {masked}.",
        ],
        /// `{name}`
        DisplayNameShown => ["Shown as {name}.", "显示为 {name}。", "Se muestra como {name}.", "Angezeigt als {name}."],
        DisplayNameLabel => ["Display name", "显示名称", "Nombre visible", "Anzeigename"],
        DisplayNameSave => ["Show my name", "显示我的名字", "Mostrar mi nombre", "Meinen Namen zeigen"],
        DisplayNameHide => ["Hide my name", "隐藏我的名字", "Ocultar mi nombre", "Meinen Namen verbergen"],
        DisplayNameInvalid => [
            "Use 2 to 24 letters, digits or spaces.",
            "请使用 2 到 24 个字母、数字或空格。",
            "Usa de 2 a 24 letras, cifras o espacios.",
            "Verwende 2 bis 24 Buchstaben, Ziffern oder Leerzeichen.",
        ],
        RateHeading => ["How was your delivery?", "这次配送体验如何？", "¿Qué tal fue tu entrega?", "Wie war deine Zustellung?"],
        /// `{stars}`
        RateStars => ["{stars} out of 5", "{stars} 星（满分 5 星）", "{stars} de 5", "{stars} von 5"],
        RateThanks => [
            "Thanks for rating your delivery!",
            "感谢您为这次配送评分！",
            "¡Gracias por valorar tu entrega!",
            "Danke, dass du deine Zustellung bewertet hast!",
        ],
        BackToJourney => ["Back to your journey", "返回包裹旅程", "Volver a tu viaje", "Zurück zu deiner Reise"],
        NoShopper => [
            "This leaderboard is public; open it from your journey page to see your own rank.",
            "这是公开排行榜；从您的包裹旅程页面打开，即可查看自己的排名。",
            "Esta clasificación es pública; ábrela desde la página de tu viaje para ver tu puesto.",
            "Diese Bestenliste ist öffentlich; öffne sie von deiner Reiseseite aus, um deinen eigenen Platz zu sehen.",
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::checks::assert_translated;
    use crate::i18n::template::{fill, placeholders};
    use std::collections::BTreeSet;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn every_language_uses_the_same_placeholders() {
        for key in RewardText::ALL {
            let english = placeholders(reward_text(Locale::En, key));
            for locale in Locale::ALL {
                let text = reward_text(locale, key);
                assert_eq!(placeholders(text), english, "{locale:?} {key:?}: {text}");
            }
        }
        for mission in Mission::ALL {
            for locale in Locale::ALL {
                let text = mission_label(locale, mission);
                assert_eq!(placeholders(text), set(&["target"]), "{locale:?} {mission:?}: {text}");
            }
        }
        let en = |k| placeholders(reward_text(Locale::En, k));
        assert_eq!(en(RewardText::TierUnlocked), set(&["tier"]));
        assert_eq!(en(RewardText::BadgeUnlocked), set(&["badge"]));
        assert_eq!(en(RewardText::CouponTitle), set(&["percent"]));
        assert_eq!(en(RewardText::CouponValidUntil), set(&["date"]));
        assert_eq!(en(RewardText::PointsTitle), set(&["points"]));
        assert_eq!(en(RewardText::PointsBalance), set(&["points"]));
        assert_eq!(en(RewardText::ForMilestone), set(&["reason"]));
        assert_eq!(en(RewardText::EcoFigure), set(&["kg", "km"]));
        assert_eq!(en(RewardText::EcoVersusAir), set(&["percent"]));
        assert_eq!(en(RewardText::LeaderboardOf), set(&["shop"]));
        assert_eq!(en(RewardText::MaskedShopper), set(&["code"]));
        assert_eq!(en(RewardText::YourRank), set(&["rank", "count"]));
        assert_eq!(en(RewardText::MissionProgress), set(&["done", "target"]));
        assert_eq!(en(RewardText::MissionDone), set(&["points"]));
        assert_eq!(en(RewardText::MissionBonus), set(&["points"]));
        assert_eq!(en(RewardText::DisplayNameHidden), set(&["masked"]));
        assert_eq!(en(RewardText::DisplayNameShown), set(&["name"]));
        assert_eq!(en(RewardText::RateStars), set(&["stars"]));
        assert_eq!(en(RewardText::AheadAt), set(&["milestone"]));
        assert_eq!(en(RewardText::BadgeAhead), set(&["badge"]));
        let templated = RewardText::ALL.into_iter().filter(|&k| !en(k).is_empty()).count();
        assert_eq!(templated, 20, "a template was added or lost its placeholders");
    }

    #[test]
    fn every_label_is_translated() {
        assert_translated("text", &RewardText::ALL, reward_text);
        assert_translated("badge name", &Badge::ALL, badge_name);
        assert_translated("badge how", &Badge::ALL, badge_how);
        assert_translated("tier", &Tier::ALL, tier_name);
        assert_translated("story", &Milestone::ALL, milestone_story);
        assert_translated("mission", &Mission::ALL, mission_label);
    }

    /// Within one language, no two keys of a kind read the same.
    fn assert_distinct<K: Copy + std::fmt::Debug>(what: &str, keys: &[K], label: impl Fn(Locale, K) -> &'static str) {
        for locale in Locale::ALL {
            let words: BTreeSet<_> = keys.iter().map(|&k| label(locale, k)).collect();
            assert_eq!(words.len(), keys.len(), "two {what} labels are the same in {locale:?}");
        }
    }

    #[test]
    fn badges_tiers_stories_and_missions_are_distinct() {
        assert_distinct("badge name", &Badge::ALL, badge_name);
        assert_distinct("badge how", &Badge::ALL, badge_how);
        assert_distinct("tier", &Tier::ALL, tier_name);
        assert_distinct("story", &Milestone::ALL, milestone_story);
        assert_distinct("mission", &Mission::ALL, mission_label);
    }

    #[test]
    fn stories_are_short() {
        assert_eq!(Milestone::ALL.len(), 8);
        for m in Milestone::ALL {
            let story = milestone_story(Locale::En, m);
            assert!(story.chars().count() <= 90, "{m:?} is too long: {story}");
        }
        assert_eq!(milestone_story(Locale::En, Milestone::Delivered), "Touchdown! The journey is complete.");
    }

    #[test]
    fn templates_fill() {
        let filled = fill(reward_text(Locale::En, RewardText::YourRank), &[("rank", "3"), ("count", "42")]);
        assert_eq!(filled, "You are #3 of 42");
        let filled = fill(mission_label(Locale::De, Mission::Deliveries), &[("target", "3")]);
        assert_eq!(filled, "Erhalte diesen Monat 3 Pakete");
        let filled = fill(reward_text(Locale::ZhHans, RewardText::EcoFigure), &[("kg", "1.2"), ("km", "9,000")]);
        assert_eq!(filled, "9,000 公里行程约排放 1.2 千克二氧化碳当量");
        let tier = tier_name(Locale::Es, Tier::Border);
        assert_eq!(
            fill(reward_text(Locale::Es, RewardText::TierUnlocked), &[("tier", tier)]),
            "¡Nivel Frontera desbloqueado!"
        );
    }
}
