//! The demo shop: a merchant, its customers and their recent orders on every lane and at every
//! stage, plus a year of completed journeys for ETA and analytics. All of it is planned by the
//! simulator and written through the ingest path, as a real carrier's scans would be.

use super::dataset::{Lane, Linehaul, LANES};
use super::feedback;
use super::journey::{Detail, JourneyPlan, Outcome};
use super::rng::{derive_seed, SimRng};
use crate::ingest;
use crate::live::LiveFeed;
use crate::storage::{
    AppendRequest, EventToAppend, MerchantId, NewContact, NewDispute, NewShipment, SharedStorage, ShipmentId,
    SimulatedJourney, Storage, StorageError, DEMO_MERCHANT_SLUG,
};
use app::domain::shipment::{Shopper, TransportMode};
use app::domain::wismo::Channel;
use app::domain::EventCode;
use app::domain::Milestone;
use app::model::share::ShareLink;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashSet;
use std::time::Instant;

/// Purposes mixed into seeds so the shop's parts never share random streams.
const RECENT: u64 = 1;
const HISTORY: u64 = 2;
const SHOWCASE: u64 = 3;
const RESEED: u64 = 4;
const DUTIES: u64 = 5;

/// Events written per transaction when storing many journeys.
const EVENTS_PER_BATCH: usize = 2_000;

/// A demo customer and the city they live in.
#[derive(Debug, Clone)]
pub struct DemoShopper {
    pub shopper: Shopper,
    pub lane: &'static Lane,
}

/// Names and languages of the people living at each lane's destination.
const RESIDENTS: &[(&str, &[(&str, &str)])] = &[
    (
        "shenzhen-los-angeles",
        &[
            ("Ava Martinez", "en-US"),
            ("Liang Chen", "zh-CN"),
            ("Noah Johnson", "en-US"),
            ("Mia Nguyen", "en-US"),
            ("Sofía Ramírez", "es-US"),
            ("Ethan Brooks", "en-US"),
            ("Grace Park", "en-US"),
            ("Daniel Wu", "zh-CN"),
        ],
    ),
    (
        "shanghai-frankfurt",
        &[
            ("Lena Schmidt", "de-DE"),
            ("Jonas Weber", "de-DE"),
            ("Mia Fischer", "de-DE"),
            ("Wei Zhang", "zh-CN"),
            ("Paul Wagner", "de-DE"),
            ("Emre Yılmaz", "de-DE"),
            ("Hannah Becker", "de-DE"),
        ],
    ),
    (
        "hangzhou-sao-paulo",
        &[
            ("Ana Souza", "pt-BR"),
            ("Lucas Oliveira", "pt-BR"),
            ("Beatriz Santos", "pt-BR"),
            ("Gabriel Lima", "pt-BR"),
            ("Yuki Tanaka", "pt-BR"),
            ("Mariana Costa", "pt-BR"),
            ("Rafael Alves", "es-ES"),
        ],
    ),
    (
        "yiwu-madrid",
        &[
            ("Lucía García", "es-ES"),
            ("Hugo Fernández", "es-ES"),
            ("Martina López", "es-ES"),
            ("Pablo Sánchez", "es-ES"),
            ("Chen Jing", "zh-CN"),
            ("Carmen Ruiz", "es-ES"),
            ("Javier Moreno", "es-ES"),
        ],
    ),
    (
        "seoul-sydney",
        &[
            ("Olivia Brown", "en-AU"),
            ("Jack Wilson", "en-AU"),
            ("Charlotte Taylor", "en-AU"),
            ("Li Na", "zh-CN"),
            ("Min-jun Lee", "en-AU"),
            ("Ruby Walker", "en-AU"),
            ("Thomas Anderson", "en-AU"),
        ],
    ),
    (
        "dallas-london",
        &[
            ("Amelia Smith", "en-GB"),
            ("Oliver Jones", "en-GB"),
            ("Isla Davies", "en-GB"),
            ("Harry Evans", "en-GB"),
            ("Priya Patel", "en-GB"),
            ("Klaus Richter", "de-DE"),
            ("Freya Thomas", "en-GB"),
        ],
    ),
    (
        "ho-chi-minh-city-toronto",
        &[
            ("Emma Tremblay", "en-CA"),
            ("William Roy", "en-CA"),
            ("Sophie Gagnon", "en-CA"),
            ("Linh Tran", "en-CA"),
            ("Chloé Côté", "en-CA"),
            ("Arjun Singh", "en-CA"),
            ("Zoe Wong", "zh-CN"),
        ],
    ),
];

/// The demo shop's customers, the same for the same count: named, with a language and a home.
pub fn demo_shoppers(count: usize) -> Vec<DemoShopper> {
    let residents: Vec<(&'static Lane, &str, &str)> = RESIDENTS
        .iter()
        .flat_map(|(lane, people)| {
            let lane = Lane::by_id(lane).expect("residents live on bundled lanes");
            people.iter().map(move |(name, locale)| (lane, *name, *locale))
        })
        .collect();
    (0..count)
        .map(|i| {
            // Round the lanes first, so a small shop still has a customer on each.
            let per_lane = RESIDENTS.len();
            let (lane_no, nth) = (i % per_lane, i / per_lane);
            let people = RESIDENTS[lane_no].1;
            let (lane, name, locale) = match people.get(nth) {
                Some(&(name, locale)) => (Lane::by_id(RESIDENTS[lane_no].0).expect("bundled"), name, locale),
                None => residents[i % residents.len()],
            };
            let n = i + 1;
            DemoShopper {
                shopper: Shopper {
                    reference: format!("demo-shopper-{n:03}").try_into().expect("short"),
                    name: Some(
                        if nth < people.len() { name.to_owned() } else { format!("{name} {n}") }
                            .try_into()
                            .expect("short"),
                    ),
                    email: Some(format!("shopper{n:03}@example.com").try_into().expect("an address")),
                    locale: Some(locale.try_into().expect("short")),
                },
                lane,
            }
        })
        .collect()
}

/// A planned journey ready to store: its shipment and, if still under way, how to resume it.
struct Prepared {
    plan: JourneyPlan,
    shipment: NewShipment,
    running: Option<(usize, f64, DateTime<Utc>)>,
}

/// Seeds the demo shop into an empty database: `shipments` recent orders of `shoppers`
/// customers, a quarter of them (at least eight) under way, taking the stages in turn, the rest
/// delivered. Returns how many shipments it created (0 if the database had any).
pub async fn seed_if_empty(
    shared: &SharedStorage,
    settings: &crate::config::DemoSettings,
    now: DateTime<Utc>,
) -> Result<usize, StorageError> {
    let storage = shared.as_ref();
    if storage.shipment_count().await? > 0 {
        return Ok(0);
    }
    let merchant = demo_merchant(storage).await?;
    // The demo shop's own colour on its share pages and cards.
    crate::design::update(storage, merchant, "demo seed", |draft| draft.colour = DEMO_BRAND_COLOUR.to_owned())
        .await?
        .expect("the demo design is valid");
    let shoppers = demo_shoppers(settings.shoppers.max(1));
    let under_way = (settings.shipments / 4).max(settings.shipments.min(8));
    let mut prepared = Vec::with_capacity(settings.shipments);
    let mut taken = HashSet::new();
    for i in 0..settings.shipments {
        let seed = derive_seed(settings.seed, i as u64, RECENT);
        let mut rng = SimRng::new(seed ^ RECENT);
        // A few loyal customers order far more often than the rest.
        let weighted: Vec<(usize, f64)> =
            (0..shoppers.len()).map(|s| (s, if s < shoppers.len() / 5 { 4.0 } else { 1.0 })).collect();
        let customer = &shoppers[*rng.pick_weighted(&weighted)];
        let lane = customer.lane;
        let option_index = JourneyPlan::choose_option(lane, &mut rng);
        let option = &lane.options[option_index];
        let (plan, running) = if i < under_way {
            // Stage spread: journeys under way take the milestones in turn (order confirmed …
            // out for delivery), each caught somewhere between its milestone and the next. A
            // parcel is in the air or out for delivery only when flights and rounds run, so
            // a few seeds are tried for the stage.
            let stage = Milestone::ALL[i % 7];
            let within = ((i / 7) as f64 + 0.5) / under_way.div_ceil(7) as f64;
            let found = (0..8).find_map(|attempt| {
                let seed = derive_seed(seed, attempt, RESEED);
                order_time_at_stage(lane, option, seed, now, stage, within).map(|at| (seed, at))
            });
            // One parcel waits at customs for its shopper to pay the duties: the problem a
            // shopper can solve, for the console's attention list and the page's action card.
            let found = if i == AWAITING_DUTIES { awaiting_duties(lane, option, seed, now).or(found) } else { found };
            let (seed, mut ordered_at) = found.unwrap_or((seed, now - Duration::days(7)));
            let seed =
                unique_plan(seed, &mut taken, |seed| JourneyPlan::new(lane, option, seed, now, Detail::ScansOnly)).seed;
            let mut plan = JourneyPlan::new(lane, option, seed, ordered_at, Detail::WithPositions);
            // A start that lands its journey's end before now (a weekly sailing missed or caught,
            // a holiday) is moved later until the journey is still under way.
            while plan.finished_at() <= now {
                ordered_at += (now - plan.finished_at()) + Duration::hours(6);
                plan = JourneyPlan::new(lane, option, seed, ordered_at, Detail::WithPositions);
            }
            (plan, Some((option_index, 1.0, ordered_at)))
        } else {
            let seed =
                unique_plan(seed, &mut taken, |seed| JourneyPlan::new(lane, option, seed, now, Detail::ScansOnly)).seed;
            let days_ago = option.transit_days.1 + rng.uniform(1.0, 45.0);
            let ordered_at = now - Duration::seconds((days_ago * 86_400.0) as i64);
            (JourneyPlan::new(lane, option, seed, ordered_at, Detail::ScansOnly), None)
        };
        let order_ref = format!("DEMO-{:05}", 10_001 + i);
        let spec = plan
            .spec(customer.shopper.clone(), Some(order_ref), option.mode == TransportMode::Ocean)
            .expect("demo shipments are valid");
        prepared.push(Prepared { plan, shipment: NewShipment::issue_demo(spec), running });
    }
    store(storage, &LiveFeed::quiet(shared.clone()), merchant, &prepared, now).await?;
    tracing::info!(shipments = prepared.len(), under_way, "seeded the demo shop");
    Ok(prepared.len())
}

/// Which journey under way is held at customs until its shopper pays (its stage slot is
/// "arrived at the destination").
const AWAITING_DUTIES: usize = 4;

/// A seed and order time that put the journey between customs asking its shopper to pay and
/// the payment, now; `None` when the lane's customs rarely asks and no seed tried does.
fn awaiting_duties(
    lane: &'static Lane,
    option: &'static Linehaul,
    seed: u64,
    now: DateTime<Utc>,
) -> Option<(u64, DateTime<Utc>)> {
    let asked = |plan: &JourneyPlan| {
        let at = plan.events.iter().position(|e| e.input.code == EventCode::CustomsActionRequired)?;
        Some((plan.events[at].at, plan.events.get(at + 1)?.at))
    };
    (0..2_000).find_map(|attempt| {
        let seed = derive_seed(seed, attempt, DUTIES);
        let probe = JourneyPlan::new(lane, option, seed, now - Duration::days(10), Detail::ScansOnly);
        let (from, to) = asked(&probe)?;
        // Asked a day ago, or halfway to the payment when it comes sooner.
        let ordered_at = now - ((from - probe.ordered_at) + (to - from).min(Duration::hours(48)) / 2);
        let plan = JourneyPlan::new(lane, option, seed, ordered_at, Detail::ScansOnly);
        let (from, to) = asked(&plan)?;
        (from <= now && now < to).then_some((seed, ordered_at))
    })
}

/// What writing a bulk history did, and how long it took.
#[derive(Debug, Clone)]
pub struct HistoryReport {
    pub journeys: usize,
    pub delivered: usize,
    pub returned: usize,
    pub events: usize,
    /// Contacts, disputes and ratings written.
    pub feedback: usize,
    pub planning: std::time::Duration,
    pub storing: std::time::Duration,
}

/// Writes `count` completed journeys ordered 7 to 365 days before `now` for the merchant, with
/// what their shoppers said about them (contacts, disputes, ratings),
/// spread over every lane, through the ingest path. `progress` hears how many are done.
pub async fn write_history(
    storage: &SharedStorage,
    merchant: MerchantId,
    count: usize,
    seed: u64,
    now: DateTime<Utc>,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<HistoryReport, StorageError> {
    let live = LiveFeed::quiet(storage.clone());
    let mut report = HistoryReport {
        journeys: 0,
        delivered: 0,
        returned: 0,
        events: 0,
        feedback: 0,
        planning: Default::default(),
        storing: Default::default(),
    };
    // About five orders per customer over the year.
    let customers = (count / 5).max(1);
    let mut taken = HashSet::new();
    const CHUNK: usize = 500;
    for start in (0..count).step_by(CHUNK) {
        let planning = Instant::now();
        let prepared: Vec<Prepared> = (start..(start + CHUNK).min(count))
            .map(|i| {
                let journey_seed = derive_seed(seed, i as u64, HISTORY);
                let mut rng = SimRng::new(journey_seed ^ HISTORY);
                let customer = rng.int(0, customers as u64 - 1) as usize;
                let lane = &LANES[customer % LANES.len()];
                let option = &lane.options[JourneyPlan::choose_option(lane, &mut rng)];
                let ordered_at = now - Duration::seconds((rng.uniform(7.0, 365.0) * 86_400.0) as i64);
                let plan =
                    unique_plan(journey_seed, &mut taken, |seed| completed_plan(lane, option, seed, ordered_at, now));
                let shopper = Shopper {
                    reference: format!("customer-{customer:06}").try_into().expect("short"),
                    name: None,
                    email: None,
                    locale: None,
                };
                let spec = plan
                    .spec(shopper, Some(format!("H-{seed:x}-{i:06}")), option.mode == TransportMode::Ocean)
                    .expect("history shipments are valid");
                Prepared { plan, shipment: NewShipment::issue_demo(spec), running: None }
            })
            .collect();
        report.planning += planning.elapsed();
        let storing = Instant::now();
        let (events, ids) = store(storage.as_ref(), &live, merchant, &prepared, now).await?;
        report.events += events;
        report.feedback += store_feedback(storage.as_ref(), merchant, &prepared, &ids, now).await?;
        report.storing += storing.elapsed();
        report.journeys += prepared.len();
        report.delivered += prepared.iter().filter(|p| p.plan.outcome == Outcome::Delivered).count();
        report.returned += prepared.iter().filter(|p| p.plan.outcome == Outcome::ReturnedToSender).count();
        progress(report.journeys);
    }
    Ok(report)
}

/// The demo shop's brand colour (deep teal).
pub const DEMO_BRAND_COLOUR: &str = "#0f766e";

/// The demo merchant, created if missing.
pub async fn demo_merchant(storage: &dyn Storage) -> Result<MerchantId, StorageError> {
    storage.ensure_merchant(DEMO_MERCHANT_SLUG, "Trekpost Demo Shop").await
}

/// The demo shop's console owner's sign-in.
pub const DEMO_OWNER_EMAIL: &str = "owner@demo.trekpost.test";

/// Creates the demo shop's console owner with a fresh password if the shop has no user yet,
/// and returns the sign-in to show once; `None` when there was one already.
pub async fn ensure_demo_owner(
    storage: &dyn Storage,
) -> Result<Option<(app::domain::account::SignInEmail, app::domain::account::Password)>, StorageError> {
    use app::domain::account::{Role, SignInEmail};
    let merchant = demo_merchant(storage).await?;
    if !storage.users_of(merchant).await?.is_empty() {
        return Ok(None);
    }
    let email = SignInEmail::parse(DEMO_OWNER_EMAIL).expect("the demo owner's email is well formed");
    let password = crate::console::accounts::generated_password();
    match crate::console::accounts::create_user(storage, merchant, &email, Role::Owner, &password).await {
        Ok(_) => Ok(Some((email, password))),
        // Another instance starting beside this one made it first.
        Err(StorageError::Conflict { .. }) => Ok(None),
        Err(error) => Err(error),
    }
}

/// A showcase journey for the live demo: a journey that ended on the latest delivery round before
/// it is played out (hours ago on a weekday, days after a weekend or holiday), replayed from `now` fast-forwarded by `acceleration`, so every event is already in the
/// past when it is played (timestamps stay true to the journey). Returns the plan, the shopper and the clock.
pub fn showcase(
    number: u64,
    seed: u64,
    shoppers: &[DemoShopper],
    acceleration: f64,
    now: DateTime<Utc>,
) -> (JourneyPlan, usize, SimulatedClock) {
    // The start time is mixed in: showcases numbered afresh after a restart are new journeys.
    let journey_seed = derive_seed(seed, number, SHOWCASE ^ now.timestamp() as u64);
    let mut rng = SimRng::new(journey_seed ^ SHOWCASE);
    let lane = &LANES[number as usize % LANES.len()];
    let option_index = JourneyPlan::choose_option(lane, &mut rng);
    let option = &lane.options[option_index];
    // Played from now, fast-forwarded: the order lies as far in the past as the journey will
    // gain on real time, so no event is ever played before it happens. A journey's end falls
    // on a delivery round, so a few seeds and start times are tried and the one whose last
    // event is played closest after its own time wins.
    let gain = |plan: &JourneyPlan| {
        let length = (plan.finished_at() - plan.ordered_at).num_seconds() as f64;
        (length * (1.0 - 1.0 / acceleration)).ceil() as i64
    };
    let mut best: Option<(i64, u64, i64)> = None;
    for candidate in 0..8 {
        let seed = derive_seed(journey_seed, candidate, RESEED);
        let plan_at = |ordered_at| JourneyPlan::new(lane, option, seed, ordered_at, Detail::ScansOnly);
        let probe = gain(&plan_at(now - Duration::days(10)));
        let step = (probe / 100).max(1800);
        let mut lead = probe * 7 / 10;
        while lead <= probe * 3 / 2 {
            let needed = gain(&plan_at(now - Duration::seconds(lead)));
            if needed <= lead && best.is_none_or(|(slack, _, _)| lead - needed < slack) {
                best = Some((lead - needed, seed, lead));
            }
            lead += step;
        }
        if best.is_some_and(|(slack, _, _)| slack < 2 * 3600) {
            break;
        }
    }
    let (_, seed, lead) = best.expect("a start long enough before now always fits");
    let ordered_at = now - Duration::seconds(lead);
    let plan = JourneyPlan::new(lane, option, seed, ordered_at, Detail::WithPositions);
    let wall_anchor = now;
    let shopper = shoppers.iter().position(|s| std::ptr::eq(s.lane, lane)).unwrap_or(0);
    (plan, shopper, SimulatedClock { option_index, ordered_at, wall_anchor, acceleration })
}

/// When a simulated journey's moments are played in real time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimulatedClock {
    pub option_index: usize,
    pub ordered_at: DateTime<Utc>,
    pub wall_anchor: DateTime<Utc>,
    pub acceleration: f64,
}

impl SimulatedClock {
    /// The real time at which the simulated moment `at` is played.
    pub fn played_at(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        let simulated = (at - self.ordered_at).num_milliseconds() as f64;
        self.wall_anchor + Duration::milliseconds((simulated / self.acceleration).ceil() as i64)
    }

    pub fn record(&self, shipment: ShipmentId, lane: &Lane, seed: u64) -> SimulatedJourney {
        SimulatedJourney {
            shipment,
            lane: lane.id.to_owned(),
            option_index: self.option_index as i32,
            seed,
            ordered_at: self.ordered_at,
            wall_anchor: self.wall_anchor,
            acceleration: self.acceleration,
        }
    }

    pub fn from_record(record: &SimulatedJourney) -> Self {
        Self {
            option_index: record.option_index as usize,
            ordered_at: record.ordered_at,
            wall_anchor: record.wall_anchor,
            acceleration: record.acceleration,
        }
    }
}

/// When to place an order so that `now` falls `within` (0..1) of the way from reaching
/// `stage` to reaching the next milestone. Timings depend on the order time (weekends,
/// holidays, schedules), so order times within three days of a first guess are tried; `None`
/// if none puts this journey at that stage now.
fn order_time_at_stage(
    lane: &'static Lane,
    option: &'static super::dataset::Linehaul,
    seed: u64,
    now: DateTime<Utc>,
    stage: Milestone,
    within: f64,
) -> Option<DateTime<Utc>> {
    let reached = |plan: &JourneyPlan, milestone: Milestone| {
        plan.events.iter().find(|e| e.input.code.milestone() == Some(milestone)).map(|e| e.at - plan.ordered_at)
    };
    let at_stage = |ordered_at: DateTime<Utc>| {
        let plan = JourneyPlan::new(lane, option, seed, ordered_at, Detail::ScansOnly);
        let next = Milestone::ALL.get(stage.ordinal()).copied();
        let span = reached(&plan, stage).zip(next.and_then(|m| reached(&plan, m)));
        let here = span.is_some_and(|(from, to)| ordered_at + from <= now && now < ordered_at + to);
        (here, span)
    };
    // First guess from a probe, then hour by hour either side of it.
    let (from, to) = at_stage(now - Duration::days(10)).1?;
    let estimate = now - (from + (to - from) * ((within * 1000.0) as i32) / 1000);
    (0..24 * 6)
        .map(|k| estimate + Duration::hours(if k % 2 == 0 { k / 2 } else { -(k / 2 + 1) }))
        .find(|&at| at_stage(at).0)
}

/// Plans with `plan(seed)`, re-seeding until none of the journey's carrier numbers is already
/// taken in this run (carrier numbers are unique per merchant; random ones can collide).
fn unique_plan(seed: u64, taken: &mut HashSet<String>, plan: impl Fn(u64) -> JourneyPlan) -> JourneyPlan {
    let mut seed = seed;
    loop {
        let candidate = plan(seed);
        let numbers: Vec<&str> = candidate.legs.iter().map(|l| l.tracking_number.as_str()).collect();
        if numbers.iter().all(|n| !taken.contains(*n)) {
            taken.extend(numbers.into_iter().map(str::to_owned));
            return candidate;
        }
        seed = derive_seed(seed, 1, RESEED);
    }
}

/// Creates the shipments in one transaction, then appends every event due by `now` in
/// batches through the ingest path; records the journeys still under way. Returns the events
/// written.
/// The journey ordered at `ordered_at`, or earlier if that one would still be under way at
/// `now`: nothing drives history, so an unfinished journey would stand still forever.
fn completed_plan(
    lane: &'static Lane,
    option: &'static Linehaul,
    seed: u64,
    mut ordered_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> JourneyPlan {
    loop {
        let plan = JourneyPlan::new(lane, option, seed, ordered_at, Detail::ScansOnly);
        match plan.events.last() {
            Some(last) if last.at > now => ordered_at -= (last.at - now) + Duration::days(1),
            _ => return plan,
        }
    }
}

/// The history's contacts, disputes and ratings ([`feedback::plan_feedback`]), those due by
/// `now`; returns how many were written.
async fn store_feedback(
    storage: &dyn Storage,
    merchant: MerchantId,
    prepared: &[Prepared],
    ids: &[ShipmentId],
    now: DateTime<Utc>,
) -> Result<usize, StorageError> {
    let mut written = 0;
    for (p, &shipment) in prepared.iter().zip(ids) {
        let said = feedback::plan_feedback(&p.plan, p.plan.seed);
        let visits = feedback::plan_visits(&p.plan, &said, p.plan.seed);
        let order_ref = p.shipment.spec.order_ref.as_ref().map(ToString::to_string);
        for contact in said.contacts.iter().filter(|c| c.at <= now) {
            let journey_page = contact.channel == Channel::JourneyPage;
            let recorded = NewContact {
                merchant,
                shipment: Some(shipment),
                order_ref: order_ref.clone(),
                channel: contact.channel,
                category: contact.category,
                stage: journey_page.then_some(contact.stage).flatten(),
                silence_seconds: journey_page.then(|| contact.silence.num_seconds()),
                at: contact.at,
                external_id: (!journey_page).then(|| format!("demo-{}-{}", p.plan.seed, contact.at.timestamp())),
            };
            written += usize::from(storage.record_contact(&recorded).await?.is_some());
        }
        if let Some(dispute) = said.dispute.filter(|d| d.at <= now) {
            let filed = NewDispute {
                merchant,
                shipment: Some(shipment),
                order_ref: order_ref.clone(),
                channel: Channel::JourneyPage,
                reason: dispute.reason,
                comment: dispute.comment,
                at: dispute.at,
                external_id: None,
            };
            written += usize::from(storage.file_dispute(&filed).await?.is_some());
        }
        let views: Vec<(DateTime<Utc>, i64)> =
            visits.views.iter().filter(|v| v.at <= now).map(|v| (v.at, v.seconds)).collect();
        if !views.is_empty() {
            storage.record_past_views(shipment, &views).await?;
        }
        if let Some(share) = visits.share.filter(|s| s.at <= now) {
            let link = ShareLink { slug: crate::ids::new_share_slug(), created_at: share.at, expires_at: None };
            let locale = said.rating.as_ref().map_or("en", |r| r.locale.tag());
            storage.create_share_link(shipment, &link, locale).await?;
            for _ in 0..share.views {
                storage.count_share_view(&link.slug).await?;
            }
        }
        if let Some(rating) = said.rating.filter(|r| r.at <= now) {
            written +=
                usize::from(storage.rate_delivery(shipment, &rating.rating, rating.locale.tag(), rating.at).await?);
        }
    }
    Ok(written)
}

/// Creates the shipments and appends their events due by `now`; returns how many events and
/// the shipments' ids, in order.
async fn store(
    storage: &dyn Storage,
    live: &LiveFeed,
    merchant: MerchantId,
    prepared: &[Prepared],
    now: DateTime<Utc>,
) -> Result<(usize, Vec<ShipmentId>), StorageError> {
    let shipments: Vec<NewShipment> = prepared.iter().map(|p| p.shipment.clone()).collect();
    let ids = storage.create_shipments(merchant, &shipments).await?;
    let mut batch: Vec<EventToAppend> = Vec::with_capacity(EVENTS_PER_BATCH);
    let mut written = 0;
    for (p, &shipment) in prepared.iter().zip(&ids) {
        let due = p.plan.events.iter().take_while(|e| e.at <= now);
        batch.extend(due.map(|e| EventToAppend { shipment, event: p.plan.tracking_event(e) }));
        if batch.len() >= EVENTS_PER_BATCH {
            written += batch.len();
            ingest::append(storage, live, AppendRequest { merchant, delivery: None, events: &batch }).await?;
            batch.clear();
        }
        if let Some((option_index, acceleration, ordered_at)) = p.running {
            let clock = SimulatedClock { option_index, ordered_at, wall_anchor: ordered_at, acceleration };
            storage.add_simulated_journey(&clock.record(shipment, p.plan.lane, p.plan.seed)).await?;
        }
    }
    if !batch.is_empty() {
        written += batch.len();
        ingest::append(storage, live, AppendRequest { merchant, delivery: None, events: &batch }).await?;
    }
    Ok((written, ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lane_can_show_a_parcel_waiting_for_its_duties() {
        let now: DateTime<Utc> = "2026-11-04T10:00:00Z".parse().unwrap();
        for lane in LANES.iter() {
            let option = &lane.options[0];
            let (seed, ordered_at) = awaiting_duties(lane, option, 7, now).expect("a seed that asks for duties");
            let plan = JourneyPlan::new(lane, option, seed, ordered_at, Detail::WithPositions);
            let scans: Vec<_> = plan.events.iter().filter(|e| e.input.code != EventCode::Position).collect();
            let asked = scans.iter().position(|e| e.input.code == EventCode::CustomsActionRequired).unwrap();
            assert!(
                scans[asked].at <= now && scans[asked + 1].at > now,
                "{}: waiting for the payment now",
                lane.origin.name
            );
        }
    }

    #[test]
    fn journeys_under_way_are_caught_at_the_stage_asked_for() {
        let (mut caught, mut tried) = (0, 0);
        for day in 0..6 {
            let start: DateTime<Utc> = "2026-01-03T09:00:00Z".parse().unwrap();
            let now = start + Duration::days(day * 31) + Duration::hours(day * 7);
            for (l, lane) in LANES.iter().enumerate() {
                for (o, option) in lane.options.iter().enumerate() {
                    // Stages that last a day or more exist at any hour; a parcel is in the air or
                    // out for delivery only at the hours flights and rounds run.
                    let lasting = [
                        Milestone::OrderConfirmed,
                        Milestone::Packed,
                        Milestone::CarrierReceived,
                        Milestone::ArrivedDestination,
                        Milestone::CustomsCleared,
                    ];
                    for (s, stage) in lasting.iter().enumerate() {
                        let seed = derive_seed(day as u64, (l * 10 + o) as u64, s as u64);
                        let Some((seed, ordered_at)) = (0..8).find_map(|attempt| {
                            let seed = derive_seed(seed, attempt, RESEED);
                            order_time_at_stage(lane, option, seed, now, *stage, 0.5).map(|at| (seed, at))
                        }) else {
                            tried += 1;
                            continue;
                        };
                        let plan = JourneyPlan::new(lane, option, seed, ordered_at, Detail::ScansOnly);
                        let reached: Vec<Milestone> = plan
                            .events
                            .iter()
                            .filter(|e| e.at <= now)
                            .filter_map(|e| e.input.code.milestone())
                            .collect();
                        tried += 1;
                        caught += usize::from(reached.iter().max() == Some(stage));
                    }
                }
            }
        }
        // The few misses land on a neighbouring stage (the seeding then takes the nearest).
        assert!(caught * 100 >= tried * 90, "{caught} of {tried} at their stage");
    }

    #[test]
    fn fifty_shoppers_live_on_every_lane_with_names_and_languages() {
        let shoppers = demo_shoppers(50);
        assert_eq!(shoppers.len(), 50);
        for lane in LANES {
            assert!(shoppers.iter().filter(|s| s.lane.id == lane.id).count() >= 6, "{}", lane.id);
        }
        let refs: std::collections::HashSet<_> = shoppers.iter().map(|s| s.shopper.reference.as_str()).collect();
        assert_eq!(refs.len(), 50, "references are unique");
        assert!(shoppers.iter().any(|s| s.shopper.locale.as_ref().unwrap().as_str() == "zh-CN"));
        assert_eq!(demo_shoppers(3).len(), 3);
        assert_eq!(demo_shoppers(120).len(), 120);
    }

    #[test]
    fn a_showcase_journey_is_never_played_before_it_happens_and_ends_near_its_time() {
        let now: DateTime<Utc> = "2026-11-21T10:00:00Z".parse().unwrap();
        for number in 0..20 {
            let (plan, _, clock) = showcase(number, 7, &demo_shoppers(50), 1440.0, now);
            for event in &plan.events {
                let played = clock.played_at(event.at);
                assert!(event.at <= played, "journey {number}: an event played before it happened");
            }
            assert_eq!(clock.played_at(plan.ordered_at), now, "played from now");
            let last_played = clock.played_at(plan.finished_at());
            let wall_minutes = (last_played - now).num_seconds() as f64 / 60.0;
            // A simulated day a minute: the whole journey plays in about its length in days.
            assert!((2.0..=90.0).contains(&wall_minutes), "journey {number}: {wall_minutes:.1} min");
            // Deliveries happen on working days: on a Saturday after a Brazilian holiday Friday,
            // the latest delivery there is Thursday's.
            let late = (last_played - plan.finished_at()).num_hours();
            assert!((0..=96).contains(&late), "journey {number} ends {late} h after its own time");
        }
    }
}
