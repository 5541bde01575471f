//! What the history's shoppers said about their journeys, so the seller's measures have
//! something true to show: "where is my order?" contacts (more during long silences, at
//! customs and after a failed attempt), delivery disputes (mostly after damage or a failed
//! attempt), and ratings with tags and comments in the shopper's language. Pure and
//! deterministic: the same plan and seed always give the same feedback.

use super::journey::{JourneyPlan, Outcome};
use super::rng::SimRng;
use app::domain::event::EventCode;
use app::domain::wismo::{Channel, ContactCategory, DeliveryRating, DisputeReason, RatingTag, Stars};
use app::domain::Milestone;
use app::i18n::Locale;
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedContact {
    pub at: DateTime<Utc>,
    pub channel: Channel,
    pub category: ContactCategory,
    /// The furthest milestone reached when the shopper asked, and how long the page had been
    /// silent.
    pub stage: Option<Milestone>,
    pub silence: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedDispute {
    pub at: DateTime<Utc>,
    pub reason: DisputeReason,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRating {
    pub at: DateTime<Utc>,
    pub rating: DeliveryRating,
    pub locale: Locale,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feedback {
    pub contacts: Vec<PlannedContact>,
    pub dispute: Option<PlannedDispute>,
    pub rating: Option<PlannedRating>,
}

/// An opening of the journey page and how long it stayed in view.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedView {
    pub at: DateTime<Utc>,
    pub seconds: i64,
}

/// The journey shared after delivery, and how often its shared page was opened.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedShare {
    pub at: DateTime<Utc>,
    pub views: u32,
}

/// How a shopper used the journey page: when they opened it, and whether they shared it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Visits {
    pub views: Vec<PlannedView>,
    pub share: Option<PlannedShare>,
}

/// The page views of a journey: most shoppers open the page once the parcel ships and some
/// come back at its news, and every question, report and rating made on the page is made
/// during a view. After a delivery rated well, some share the journey.
pub fn plan_visits(plan: &JourneyPlan, feedback: &Feedback, seed: u64) -> Visits {
    let mut rng = SimRng::new(seed ^ 0x5eed_0f_7157_0002);
    let scans = scans(plan);
    let mut visits = Visits::default();
    let mut view = |at: DateTime<Utc>, rng: &mut SimRng| {
        // Mostly a glance, sometimes a long look at the map.
        let seconds = (6.0 + 170.0 * rng.uniform(0.0, 1.0).powi(2)) as i64;
        visits.views.push(PlannedView { at, seconds });
    };
    // About one shopper in five never looks unless they have something to say.
    let follows = rng.chance(0.78);
    let first_scan = scans.iter().find(|(code, _)| code.milestone() >= Some(Milestone::CarrierReceived));
    if let (Some(&(_, first_scan)), true) = (first_scan, follows) {
        if rng.chance(0.85) {
            view(first_scan + Duration::minutes(rng.int(30, 12 * 60) as i64), &mut rng);
        }
        for (code, at) in scans.iter().filter(|(code, at)| code.milestone().is_some() && *at > first_scan) {
            let chance = if *code == EventCode::OutForDelivery { 0.5 } else { 0.25 };
            if rng.chance(chance) {
                view(*at + Duration::minutes(rng.int(5, 8 * 60) as i64), &mut rng);
            }
        }
    }
    let on_page = feedback
        .contacts
        .iter()
        .filter(|c| c.channel == Channel::JourneyPage)
        .map(|c| c.at)
        .chain(feedback.dispute.as_ref().map(|d| d.at))
        .chain(feedback.rating.as_ref().map(|r| r.at));
    for at in on_page.collect::<Vec<_>>() {
        view(at - Duration::minutes(1), &mut rng);
    }
    let delivered = scans.iter().find(|(code, _)| *code == EventCode::Delivered).map(|(_, at)| *at);
    let liked = feedback.rating.as_ref().is_some_and(|r| r.rating.delivery.get() >= 4);
    if let (Some(delivered), true) = (delivered, rng.chance(if liked { 0.25 } else { 0.04 })) {
        let at = delivered + Duration::minutes(rng.int(20, 48 * 60) as i64);
        view(at, &mut rng);
        visits.share = Some(PlannedShare { at, views: rng.int(0, 14) as u32 });
    }
    visits.views.sort_by_key(|v| v.at);
    visits
}

/// The scans of a plan (no position pings), oldest first.
fn scans(plan: &JourneyPlan) -> Vec<(EventCode, DateTime<Utc>)> {
    let mut scans: Vec<_> =
        plan.events.iter().filter(|e| e.input.code != EventCode::Position).map(|e| (e.input.code, e.at)).collect();
    scans.sort_by_key(|(_, at)| *at);
    scans
}

/// The furthest milestone reached by `at`.
fn stage_at(scans: &[(EventCode, DateTime<Utc>)], at: DateTime<Utc>) -> Option<Milestone> {
    scans.iter().take_while(|(_, t)| *t <= at).filter_map(|(code, _)| code.milestone()).max()
}

fn silence_at(scans: &[(EventCode, DateTime<Utc>)], at: DateTime<Utc>) -> Duration {
    scans.iter().take_while(|(_, t)| *t <= at).last().map_or_else(Duration::zero, |(_, t)| at - *t)
}

fn channel(rng: &mut SimRng) -> Channel {
    *rng.pick_weighted(&[
        (Channel::JourneyPage, 0.55),
        (Channel::Email, 0.25),
        (Channel::Chat, 0.12),
        (Channel::Phone, 0.08),
    ])
}

fn contact_at(
    scans: &[(EventCode, DateTime<Utc>)],
    at: DateTime<Utc>,
    category: ContactCategory,
    rng: &mut SimRng,
) -> PlannedContact {
    PlannedContact { at, channel: channel(rng), category, stage: stage_at(scans, at), silence: silence_at(scans, at) }
}

pub fn plan_feedback(plan: &JourneyPlan, seed: u64) -> Feedback {
    let mut rng = SimRng::new(seed ^ 0x5eed_fee0_dbac_0001);
    let scans = scans(plan);
    let mut feedback = Feedback::default();
    let Some(&(_, first_scan)) = scans.iter().find(|(code, _)| code.milestone() >= Some(Milestone::CarrierReceived))
    else {
        return feedback;
    };
    // The longest silence after the first scan, and where it started.
    let (gap_start, gap) = scans
        .windows(2)
        .filter(|w| w[0].1 >= first_scan)
        .map(|w| (w[0].1, w[1].1 - w[0].1))
        .max_by_key(|(_, gap)| *gap)
        .unwrap_or((first_scan, Duration::zero()));
    let gap_days = gap.num_hours() as f64 / 24.0;
    let incidents = plan.incidents;

    // Asked during the longest silence: likelier the longer it lasts.
    if rng.chance((0.015 + 0.07 * (gap_days - 2.0).max(0.0)).min(0.55)) {
        let at = gap_start + Duration::seconds((gap.num_seconds() as f64 * rng.uniform(0.55, 0.95)) as i64);
        let category = if rng.chance(0.6) { ContactCategory::WhereIsIt } else { ContactCategory::WhenArrives };
        feedback.contacts.push(contact_at(&scans, at, category, &mut rng));
    }
    // Held at customs, or asked to pay duties: shoppers write in.
    if incidents.customs_hold || incidents.customs_action {
        let held =
            scans.iter().find(|(code, _)| matches!(code, EventCode::CustomsHeld | EventCode::CustomsActionRequired));
        let chance = if incidents.customs_action { 0.45 } else { 0.25 };
        if let (Some(&(_, held_at)), true) = (held, rng.chance(chance)) {
            let at = held_at + Duration::minutes(rng.int(90, 36 * 60) as i64);
            feedback.contacts.push(contact_at(&scans, at, ContactCategory::Customs, &mut rng));
        }
    }
    if incidents.failed_attempt && rng.chance(0.3) {
        let attempt = scans.iter().find(|(code, _)| *code == EventCode::DeliveryAttemptFailed);
        if let Some(&(_, at)) = attempt {
            let at = at + Duration::minutes(rng.int(20, 12 * 60) as i64);
            feedback.contacts.push(contact_at(&scans, at, ContactCategory::DeliveryProblem, &mut rng));
        }
    }
    // Everyone else: a small share asks anyway.
    if feedback.contacts.is_empty() && rng.chance(0.01) {
        let end = scans.last().map_or(first_scan, |(_, at)| *at);
        let at =
            first_scan + Duration::seconds(((end - first_scan).num_seconds() as f64 * rng.uniform(0.1, 0.9)) as i64);
        feedback.contacts.push(contact_at(&scans, at, ContactCategory::WhenArrives, &mut rng));
    }

    let delivered = match plan.outcome {
        Outcome::Delivered => scans.iter().rev().find(|(code, _)| *code == EventCode::Delivered).map(|(_, at)| *at),
        Outcome::ReturnedToSender => None,
    };
    let Some(delivered) = delivered else { return feedback };
    let locale =
        *rng.pick_weighted(&[(Locale::En, 0.45), (Locale::Es, 0.2), (Locale::De, 0.2), (Locale::ZhHans, 0.15)]);

    let dispute_chance = 0.006
        + if incidents.damaged { 0.35 } else { 0.0 }
        + if incidents.failed_attempt { 0.05 } else { 0.0 }
        + if incidents.address_issue { 0.04 } else { 0.0 };
    if rng.chance(dispute_chance) {
        let reason = if incidents.damaged && rng.chance(0.8) {
            DisputeReason::Damaged
        } else {
            *rng.pick_weighted(&[
                (DisputeReason::NotReceived, 0.6),
                (DisputeReason::Incomplete, 0.2),
                (DisputeReason::WrongItem, 0.1),
                (DisputeReason::Other, 0.1),
            ])
        };
        let comment = rng.chance(0.5).then(|| dispute_comment(locale, reason).to_owned());
        feedback.dispute =
            Some(PlannedDispute { at: delivered + Duration::hours(rng.int(3, 96) as i64), reason, comment });
    }

    if rng.chance(0.32) {
        let mut delivery: i32 = 5;
        let mut tracking: i32 = 5;
        let mut tags = Vec::new();
        if incidents.damaged {
            delivery -= 3;
            tags.push(RatingTag::Damaged);
        }
        if incidents.weather || incidents.offloaded || incidents.failed_attempt {
            delivery -= 1;
            tags.push(RatingTag::Late);
        }
        if incidents.customs_action {
            delivery -= 1;
            tags.push(RatingTag::CustomsFees);
        }
        if gap_days >= 3.0 {
            tracking -= 1 + ((gap_days - 3.0) / 2.0) as i32;
            tags.push(RatingTag::MissingUpdates);
        }
        if incidents.customs_hold {
            tracking -= 1;
        }
        if rng.chance(0.2) {
            delivery -= 1;
        }
        if rng.chance(0.15) {
            tracking -= 1;
        }
        let (delivery, tracking) = (delivery.clamp(1, 5) as u8, tracking.clamp(1, 5) as u8);
        if delivery == 5 && rng.chance(0.5) {
            tags.push(RatingTag::Fast);
        }
        if tracking >= 4 && rng.chance(0.5) {
            tags.push(RatingTag::ClearUpdates);
        }
        if delivery >= 4 && rng.chance(0.2) {
            tags.push(RatingTag::CarefulCourier);
        }
        let theme = if incidents.damaged {
            Theme::Damaged
        } else if gap_days >= 3.0 && tracking <= 3 {
            Theme::Silence
        } else if incidents.customs_action || incidents.customs_hold {
            Theme::Customs
        } else if delivery <= 3 {
            Theme::Late
        } else if rng.chance(0.3) {
            Theme::Courier
        } else {
            Theme::Praise
        };
        let comment = rng.chance(0.45).then(|| {
            let lines = rating_comments(locale, theme);
            (*rng.pick(lines)).to_owned()
        });
        let rating = DeliveryRating::new(
            Stars::try_from(delivery).expect("clamped"),
            Stars::try_from(tracking).expect("clamped"),
            tags,
            comment,
        );
        feedback.rating =
            Some(PlannedRating { at: delivered + Duration::minutes(rng.int(30, 72 * 60) as i64), rating, locale });
    }
    feedback
}

/// What a rating's comment is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Theme {
    Praise,
    Silence,
    Customs,
    Damaged,
    Late,
    Courier,
}

fn rating_comments(locale: Locale, theme: Theme) -> &'static [&'static str] {
    use Locale::*;
    use Theme::*;
    match (locale, theme) {
        (En, Praise) => &[
            "Arrived sooner than expected, thanks!",
            "Great tracking, I always knew where it was.",
            "Smooth delivery, well packed.",
        ],
        (En, Silence) => &[
            "No updates for days, I thought it was lost.",
            "Tracking stopped for almost a week.",
            "The page said nothing while it crossed the ocean.",
        ],
        (En, Customs) => {
            &["Stuck in customs for days, nobody told me why.", "I had to pay import fees I did not expect."]
        }
        (En, Damaged) => &["The box was crushed and the item broken.", "Packaging arrived torn."],
        (En, Late) => &["Arrived after the promised date.", "Took much longer than the estimate."],
        (En, Courier) => &["The courier was friendly and careful.", "Left with my neighbour as I asked."],
        (Es, Praise) => &[
            "Llegó antes de lo esperado, ¡gracias!",
            "El seguimiento fue muy claro.",
            "Entrega perfecta y bien embalada.",
        ],
        (Es, Silence) => {
            &["Varios días sin noticias, pensé que se había perdido.", "El seguimiento no se actualizó en una semana."]
        }
        (Es, Customs) => {
            &["Retenido en aduana durante días sin explicación.", "Tuve que pagar impuestos que no esperaba."]
        }
        (Es, Damaged) => &["La caja llegó aplastada y el producto roto.", "El embalaje llegó roto."],
        (Es, Late) => &["Llegó después de la fecha prometida.", "Tardó mucho más de lo previsto."],
        (Es, Courier) => &["El repartidor fue muy amable.", "Lo dejaron con mi vecino como pedí."],
        (De, Praise) => &[
            "Schneller als erwartet angekommen, danke!",
            "Die Sendungsverfolgung war super klar.",
            "Gut verpackt und pünktlich.",
        ],
        (De, Silence) => {
            &["Tagelang keine Updates, ich dachte, es ist verloren.", "Die Verfolgung stand fast eine Woche still."]
        }
        (De, Customs) => {
            &["Tagelang beim Zoll festgehangen, ohne Erklärung.", "Ich musste unerwartete Zollgebühren zahlen."]
        }
        (De, Damaged) => &["Der Karton war zerdrückt und der Artikel kaputt.", "Die Verpackung kam beschädigt an."],
        (De, Late) => &["Nach dem versprochenen Termin angekommen.", "Hat viel länger gedauert als angegeben."],
        (De, Courier) => &["Der Zusteller war sehr freundlich.", "Wie gewünscht beim Nachbarn abgegeben."],
        (ZhHans, Praise) => &["比预期更早到货，谢谢！", "物流信息很清楚，随时知道包裹在哪。", "包装很好，配送顺利。"],
        (ZhHans, Silence) => &["好几天没有更新，我以为丢件了。", "物流信息一周都没动。"],
        (ZhHans, Customs) => &["在海关卡了好几天，没人解释原因。", "要交意想不到的进口税。"],
        (ZhHans, Damaged) => &["箱子被压坏了，商品也坏了。", "包装破损。"],
        (ZhHans, Late) => &["比承诺的日期晚到。", "比预计时间慢很多。"],
        (ZhHans, Courier) => &["快递员很友好很细心。", "按我的要求放在了邻居家。"],
    }
}

fn dispute_comment(locale: Locale, reason: DisputeReason) -> &'static str {
    use DisputeReason::*;
    use Locale::*;
    match (locale, reason) {
        (En, NotReceived) => "Marked delivered but nothing at my door.",
        (En, Damaged) => "Arrived broken.",
        (En, Incomplete) => "One item is missing from the box.",
        (En, WrongItem) => "This is not what I ordered.",
        (En, Other) => "Please contact me about this order.",
        (Es, NotReceived) => "Figura como entregado pero no me ha llegado.",
        (Es, Damaged) => "Llegó roto.",
        (Es, Incomplete) => "Falta un artículo en la caja.",
        (Es, WrongItem) => "No es lo que pedí.",
        (Es, Other) => "Contactadme sobre este pedido, por favor.",
        (De, NotReceived) => "Als zugestellt markiert, aber nichts angekommen.",
        (De, Damaged) => "Kaputt angekommen.",
        (De, Incomplete) => "Ein Artikel fehlt im Paket.",
        (De, WrongItem) => "Das habe ich nicht bestellt.",
        (De, Other) => "Bitte melden Sie sich wegen dieser Bestellung.",
        (ZhHans, NotReceived) => "显示已签收，但我没有收到。",
        (ZhHans, Damaged) => "到货时已损坏。",
        (ZhHans, Incomplete) => "箱子里少了一件商品。",
        (ZhHans, WrongItem) => "这不是我订的商品。",
        (ZhHans, Other) => "请就这笔订单联系我。",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::dataset::LANES;
    use crate::simulator::journey::Detail;

    #[test]
    fn the_sellers_lexicon_tags_every_simulated_comment_with_its_theme() {
        use app::domain::feedback::{themes_of, CommentTheme as Seen};
        let expected = |theme: Theme| match theme {
            Theme::Praise => Seen::Praise,
            Theme::Silence => Seen::Silence,
            Theme::Customs => Seen::Customs,
            Theme::Damaged => Seen::Damaged,
            Theme::Late => Seen::Late,
            Theme::Courier => Seen::Courier,
        };
        let themes = [Theme::Praise, Theme::Silence, Theme::Customs, Theme::Damaged, Theme::Late, Theme::Courier];
        for locale in Locale::ALL {
            for theme in themes {
                for comment in rating_comments(locale, theme) {
                    assert!(themes_of(comment).contains(&expected(theme)), "{comment:?} is about {theme:?}");
                }
            }
            for reason in [DisputeReason::NotReceived, DisputeReason::Damaged, DisputeReason::Incomplete] {
                let about = if reason == DisputeReason::Damaged { Seen::Damaged } else { Seen::Missing };
                let comment = dispute_comment(locale, reason);
                assert!(themes_of(comment).contains(&about), "{comment:?} is about {about:?}");
            }
        }
    }

    fn plans(count: u64) -> Vec<(JourneyPlan, u64)> {
        let ordered_at: DateTime<Utc> = "2026-06-01T08:00:00Z".parse().unwrap();
        (0..count)
            .map(|seed| {
                let lane = &LANES[seed as usize % LANES.len()];
                let plan = JourneyPlan::new(lane, &lane.options[0], seed, ordered_at, Detail::ScansOnly);
                (plan, seed)
            })
            .collect()
    }

    #[test]
    fn shoppers_open_their_pages_and_every_rating_is_made_on_one() {
        let all = plans(1000);
        let mut opened = 0;
        let mut came_back = 0;
        let mut shared = 0;
        for (plan, seed) in &all {
            let feedback = plan_feedback(plan, *seed);
            let visits = plan_visits(plan, &feedback, *seed);
            assert_eq!(visits, plan_visits(plan, &feedback, *seed), "deterministic");
            opened += usize::from(!visits.views.is_empty());
            came_back += usize::from(visits.views.len() > 1);
            if let Some(rating) = &feedback.rating {
                assert!(visits.views.iter().any(|v| v.at <= rating.at), "a rating is made on the page");
            }
            if let Some(share) = &visits.share {
                assert_eq!(plan.outcome, Outcome::Delivered, "only a delivered journey is shared");
                assert!(visits.views.iter().any(|v| v.at == share.at));
                shared += 1;
            }
            assert!(visits.views.windows(2).all(|w| w[0].at <= w[1].at), "oldest first");
            assert!(visits.views.iter().all(|v| (6..=176).contains(&v.seconds)));
        }
        let share = |n: usize| n as f64 / all.len() as f64;
        assert!((0.7..0.95).contains(&share(opened)), "opened {}", share(opened));
        assert!((0.3..0.9).contains(&share(came_back)), "came back {}", share(came_back));
        assert!((0.02..0.25).contains(&share(shared)), "shared {}", share(shared));
    }

    #[test]
    fn feedback_is_deterministic() {
        for (plan, seed) in plans(20) {
            assert_eq!(plan_feedback(&plan, seed), plan_feedback(&plan, seed));
        }
    }

    #[test]
    fn long_silences_and_customs_bring_more_contacts_and_damage_more_disputes() {
        let all = plans(3000);
        let rate = |selected: &dyn Fn(&JourneyPlan) -> bool| {
            let chosen: Vec<_> = all.iter().filter(|(p, _)| selected(p)).collect();
            let contacts: usize = chosen.iter().map(|(p, s)| plan_feedback(p, *s).contacts.len()).sum();
            contacts as f64 / chosen.len().max(1) as f64
        };
        let customs = rate(&|p| p.incidents.customs_hold || p.incidents.customs_action);
        let smooth = rate(&|p| !p.incidents.customs_hold && !p.incidents.customs_action && !p.incidents.failed_attempt);
        assert!(customs > smooth * 2.0, "customs {customs:.3} against smooth {smooth:.3}");
        let disputed = |damaged: bool| {
            let chosen: Vec<_> = all.iter().filter(|(p, _)| p.incidents.damaged == damaged).collect();
            chosen.iter().filter(|(p, s)| plan_feedback(p, *s).dispute.is_some()).count() as f64
                / chosen.len().max(1) as f64
        };
        assert!(disputed(true) > disputed(false) * 5.0);
    }

    #[test]
    fn contacts_happen_during_the_journey_and_ratings_after_delivery() {
        for (plan, seed) in plans(400) {
            let feedback = plan_feedback(&plan, seed);
            let first = plan.events.first().unwrap().at;
            for contact in &feedback.contacts {
                assert!(contact.at > first && contact.silence >= Duration::zero());
            }
            if let Some(rating) = &feedback.rating {
                let delivered = plan.events.iter().rev().find(|e| e.input.code == EventCode::Delivered).unwrap().at;
                assert!(rating.at > delivered);
            }
        }
    }
}
