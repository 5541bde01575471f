//! Seller analytics bench: how long the console's analytics pages (WISMO measures, carriers &
//! lanes, shopper feedback and its CSV) take to render, on the server, for a shop with
//! `--shipments` shipments spread over a year (the simulator's history: its lanes, carriers,
//! customs holds and silences) and its shoppers' contacts, disputes and ratings. See
//! bench/README.md.
//!
//! The history is seeded without replaying every event through ingest (two million events
//! would take most of an hour): each journey is planned by the simulator, its shipment created
//! through storage, and its facts derived by the same pure `ShipmentFacts::derive` the fold
//! calls, then written in multi-row inserts; contacts, disputes and ratings come from
//! `simulator::feedback`. Then the real server (in this process, on a random port) is asked
//! for the page over HTTP by a signed-in owner, one request at a time.

#[path = "support/database.rs"]
mod database;

use app::domain::account::{Password, Role, SignInEmail};
use app::domain::wismo::ShipmentFacts;
use app::domain::EventCode;
use chrono::{Duration, Utc};
use clap::Parser;
use database::{Backend, BackendChoice, Database};
use server::config::Settings;
use server::simulator::dataset::LANES;
use server::simulator::feedback::plan_feedback;
use server::simulator::journey::{Detail, JourneyPlan};
use server::simulator::rng::{derive_seed, SimRng};
use server::startup::Application;
use server::storage::{self, MerchantId, NewShipment, SharedStorage};
use std::time::Instant;

#[derive(Debug, Parser)]
#[command(about = "Trekpost WISMO dashboard bench")]
struct Args {
    #[arg(long, value_enum, default_value = "both")]
    backend: BackendChoice,
    #[arg(long, default_value_t = 100_000)]
    shipments: usize,
    /// Page renders measured per view.
    #[arg(long, default_value_t = 100)]
    requests: usize,
    #[arg(long, hide = true)]
    bench: bool,
}

const EMAIL: &str = "owner@bench.example";
const PASSWORD: &str = "bench-password-0123";
const COOKIE: &str = "trekpost_console";

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    println!(
        "command: cargo bench -p server --bench wismo -- --backend {} --shipments {} --requests {}",
        format!("{:?}", args.backend).to_lowercase(),
        args.shipments,
        args.requests
    );
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    for backend in args.backend.backends() {
        runtime.block_on(async {
            let (url, database) = Database::create(backend).await?;
            let result = measure(backend, &url, &args).await;
            database.drop_now().await?;
            result
        })?;
    }
    Ok(())
}

/// A database connection for the bench's own multi-row inserts.
enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Raw {
    async fn connect(backend: Backend, url: &str) -> anyhow::Result<Self> {
        Ok(match backend {
            Backend::Sqlite => Raw::Sqlite(sqlx::SqlitePool::connect(url).await?),
            Backend::Postgres => Raw::Postgres(sqlx::PgPool::connect(url).await?),
        })
    }

    /// Runs SQL made only of numbers and the simulator's own codes (no outside text).
    async fn execute(&self, sql: &str) -> anyhow::Result<()> {
        match self {
            Raw::Sqlite(pool) => {
                sqlx::raw_sql(sql).execute(pool).await?;
            }
            Raw::Postgres(pool) => {
                sqlx::raw_sql(sql).execute(pool).await?;
            }
        }
        Ok(())
    }
}

fn opt(value: Option<i64>) -> String {
    value.map_or_else(|| "NULL".to_owned(), |v| v.to_string())
}

/// The year of history: shipments, their facts, contacts, disputes and ratings.
async fn seed(
    storage: &SharedStorage,
    raw: &Raw,
    merchant: MerchantId,
    count: usize,
) -> anyhow::Result<(usize, usize, usize)> {
    const CHUNK: usize = 1000;
    let now = Utc::now();
    let (mut contacts, mut disputes, mut ratings) = (0, 0, 0);
    // Carrier numbers are unique per merchant: a plan whose numbers were drawn before is
    // planned again from another seed.
    let mut taken = std::collections::HashSet::new();
    for start in (0..count).step_by(CHUNK) {
        let plans: Vec<JourneyPlan> = (start..(start + CHUNK).min(count))
            .map(|i| {
                let mut seed = derive_seed(2026, i as u64, 0xbe4c);
                loop {
                    let mut rng = SimRng::new(seed);
                    let lane = &LANES[i % LANES.len()];
                    let option = &lane.options[JourneyPlan::choose_option(lane, &mut rng)];
                    let ordered_at = now - Duration::seconds((rng.uniform(1.0, 365.0) * 86_400.0) as i64);
                    let plan = JourneyPlan::new(lane, option, seed, ordered_at, Detail::ScansOnly);
                    let numbers: Vec<String> = plan.legs.iter().map(|l| l.tracking_number.to_string()).collect();
                    if numbers.iter().all(|n| !taken.contains(n)) {
                        taken.extend(numbers);
                        return plan;
                    }
                    seed = derive_seed(seed, 1, 0xbe4d);
                }
            })
            .collect();
        let shipments: Vec<NewShipment> = plans
            .iter()
            .enumerate()
            .map(|(i, plan)| {
                let shopper = app::domain::shipment::Shopper {
                    reference: format!("bench-{:06}", (start + i) % 20_000).try_into().expect("short"),
                    name: None,
                    email: None,
                    locale: None,
                };
                NewShipment::issue(plan.spec(shopper, Some(format!("B-{:07}", start + i)), false).expect("valid"))
            })
            .collect();
        let ids = storage.create_shipments(merchant, &shipments).await?;
        let mut facts = Vec::new();
        let mut said = Vec::new();
        for (plan, id) in plans.iter().zip(&ids) {
            let due: Vec<_> = plan.events.iter().take_while(|e| e.at <= now).map(|e| plan.tracking_event(e)).collect();
            let state = app::domain::fold(due.iter());
            let updates =
                due.iter().filter(|e| e.code != EventCode::Position).map(|e| (e.code, e.reason, e.occurred_at_utc()));
            let f = ShipmentFacts::derive(plan.ordered_at, &state, updates);
            // Whether the window shown at departure held needs the lane's history, which the
            // fold does not read: the bench marks eight in ten deliveries on time (the cost of
            // counting does not depend on which).
            let on_time = f.delivered_at.map(|_| i64::from(plan.seed % 10 < 8));
            facts.push(format!(
                "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                id.0,
                f.ordered_at.timestamp(),
                opt(f.first_scan.map(|d| d.num_seconds())),
                f.longest_gap.num_seconds(),
                opt(f.last_update_at.map(|t| t.timestamp())),
                opt(f.customs_dwell.map(|d| d.num_seconds())),
                opt(f.delivered_at.map(|t| t.timestamp())),
                i64::from(f.ended),
                merchant.0,
                opt(f.transit.map(|d| d.num_seconds())),
                f.failed_attempts,
                i64::from(f.customs_held),
                f.first_problem.map_or_else(|| "NULL".to_owned(), |c| format!("'{}'", c.code())),
                opt(on_time),
            ));
            let feedback = plan_feedback(plan, plan.seed);
            for c in feedback.contacts.iter().filter(|c| c.at <= now) {
                said.push(format!(
                    "INSERT INTO wismo_contacts (merchant_id, shipment_id, channel, category, contacted_epoch) \
                     VALUES ({}, {}, '{}', '{}', {});",
                    merchant.0,
                    id.0,
                    c.channel.code(),
                    c.category.code(),
                    c.at.timestamp()
                ));
                contacts += 1;
            }
            if let Some(d) = feedback.dispute.filter(|d| d.at <= now) {
                said.push(format!(
                    "INSERT INTO delivery_disputes (merchant_id, shipment_id, channel, reason, filed_epoch) \
                     VALUES ({}, {}, 'journey_page', '{}', {});",
                    merchant.0,
                    id.0,
                    d.reason.code(),
                    d.at.timestamp()
                ));
                disputes += 1;
            }
            if let Some(r) = feedback.rating.filter(|r| r.at <= now) {
                let quoted = |text: &str| format!("'{}'", text.replace('\'', "''"));
                said.push(format!(
                    "INSERT INTO delivery_ratings (shipment_id, stars, tracking_stars, tags, comment, locale, rated_at) \
                     VALUES ({}, {}, {}, '{}', {}, '{}', '{}');",
                    id.0,
                    r.rating.delivery.get(),
                    r.rating.tracking.get(),
                    r.rating.tag_codes(),
                    r.rating.comment.as_deref().map_or_else(|| "NULL".to_owned(), quoted),
                    r.locale.tag(),
                    r.at.to_rfc3339(),
                ));
                ratings += 1;
            }
        }
        raw.execute(&format!(
            "WITH v(id, ordered, first_scan, gap, last_update, dwell, delivered, ended, merchant, transit, failed, \
                held, problem, on_time) AS (VALUES {}) \
             INSERT INTO shipment_facts (shipment_id, merchant_id, origin_country, destination_country, carrier, \
                service, ordered_epoch, first_scan_seconds, longest_gap_seconds, last_update_epoch, \
                customs_dwell_seconds, delivered_epoch, ended, transit_seconds, failed_attempts, customs_held, \
                first_problem, delivered_on_time, facts_version) \
             SELECT s.id, s.merchant_id, s.origin_country, s.destination_country, \
                COALESCE((SELECT l.carrier FROM shipment_legs l WHERE l.shipment_id = s.id ORDER BY l.seq LIMIT 1), 'unassigned'), \
                s.service, CAST(v.ordered AS BIGINT), CAST(v.first_scan AS BIGINT), CAST(v.gap AS BIGINT), \
                CAST(v.last_update AS BIGINT), CAST(v.dwell AS BIGINT), CAST(v.delivered AS BIGINT), v.ended = 1, \
                CAST(v.transit AS BIGINT), CAST(v.failed AS BIGINT), v.held = 1, CAST(v.problem AS TEXT), \
                CAST(v.on_time AS BIGINT) = 1, 2 \
             FROM v JOIN shipments s ON s.id = v.id",
            facts.join(", ")
        ))
        .await?;
        if !said.is_empty() {
            raw.execute(&format!("BEGIN; {} COMMIT;", said.join(" "))).await?;
        }
    }
    Ok((contacts, disputes, ratings))
}

/// The session cookie of the bench's owner, signed in through the sign-in form.
async fn sign_in(http: &reqwest::Client, base: &str) -> anyhow::Result<String> {
    let response = http
        .post(format!("{base}/console/sign-in"))
        .header("origin", base)
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await?;
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|h| h.to_str().ok())
        .find_map(|h| h.strip_prefix(&format!("{COOKIE}=")).map(|v| v.split(';').next().unwrap_or_default().to_owned()))
        .ok_or_else(|| anyhow::anyhow!("sign-in answered {} without a session", response.status()))
}

fn percentile(sorted: &[std::time::Duration], p: f64) -> f64 {
    let rank = ((p / 100.0 * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

async fn measure(backend: Backend, url: &str, args: &Args) -> anyhow::Result<()> {
    let mut settings = Settings::load()?;
    settings.server.port = 0;
    settings.database.url = url.to_owned();
    settings.demo.enabled = false;
    settings.simulator.enabled = false;
    settings.limits.api_requests_per_minute = 100_000_000;
    let storage = storage::connect(&settings.database).await?;
    let merchant = storage.ensure_merchant("bench", "Bench Shop").await?;
    server::console::accounts::create_user(
        storage.as_ref(),
        merchant,
        &SignInEmail::parse(EMAIL).map_err(anyhow::Error::msg)?,
        Role::Owner,
        &Password::parse(PASSWORD).map_err(anyhow::Error::msg)?,
    )
    .await?;
    let raw = Raw::connect(backend, url).await?;
    let seeding = Instant::now();
    let (contacts, disputes, ratings) = seed(&storage, &raw, merchant, args.shipments).await?;
    println!();
    println!(
        "## {backend:?}: {} shipments over a year, {contacts} contacts, {disputes} disputes, {ratings} ratings (seeded in {:.0} s)",
        args.shipments,
        seeding.elapsed().as_secs_f64()
    );

    let app = Application::with_storage(settings, storage.clone()).await?;
    let base = format!("http://{}", app.address());
    let shutdown = app.shutdown_token();
    let server = tokio::spawn(app.run_until_stopped());
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let cookie = sign_in(&http, &base).await?;

    let today = Utc::now().date_naive();
    let year_ago = today - chrono::Days::new(364);
    let views = [
        ("default: this week and the 8 before", "/console/analytics".to_owned()),
        ("one lane (CN-US)", "/console/analytics?lane=CN-US".to_owned()),
        ("53 weeks", format!("/console/analytics?from={year_ago}&to={today}")),
        ("drill-down: silences, all 9 weeks", "/console/analytics/orders?measure=scan_gaps".to_owned()),
        ("carriers & lanes: 9 weeks", "/console/analytics/performance".to_owned()),
        ("carriers & lanes: 53 weeks", format!("/console/analytics/performance?from={year_ago}&to={today}")),
        ("feedback: 9 weeks", "/console/analytics/feedback".to_owned()),
        ("feedback: 53 weeks", format!("/console/analytics/feedback?from={year_ago}&to={today}")),
        ("feedback CSV: 53 weeks", format!("/console/analytics/feedback.csv?from={year_ago}&to={today}")),
        ("engagement: 9 weeks", "/console/analytics/engagement".to_owned()),
        ("engagement: 53 weeks", format!("/console/analytics/engagement?from={year_ago}&to={today}")),
    ];
    println!();
    println!("| view | p50 ms | p95 ms | p99 ms | page KB |");
    println!("|---|---|---|---|---|");
    for (name, path) in views {
        let mut times = Vec::with_capacity(args.requests);
        let mut size = 0;
        // One warm-up request (the first also fills SQLite's page cache).
        for i in 0..=args.requests {
            let started = Instant::now();
            let response =
                http.get(format!("{base}{path}")).header("cookie", format!("{COOKIE}={cookie}")).send().await?;
            let status = response.status();
            let body = response.bytes().await?;
            let took = started.elapsed();
            anyhow::ensure!(status.is_success(), "{path} answered {status}");
            let drawn = body.windows(4).any(|w| w == b"<svg") || path.contains("orders") || path.contains(".csv");
            anyhow::ensure!(drawn, "{path}: no chart drawn");
            size = body.len();
            if i > 0 {
                times.push(took);
            }
        }
        times.sort();
        println!(
            "| {name} | {:.1} | {:.1} | {:.1} | {:.0} |",
            percentile(&times, 50.0),
            percentile(&times, 95.0),
            percentile(&times, 99.0),
            size as f64 / 1024.0
        );
    }
    shutdown.cancel();
    server.await??;
    Ok(())
}
