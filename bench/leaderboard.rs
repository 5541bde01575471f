//! Leaderboard bench: how long "my rank" and a whole leaderboard take with many shoppers.
//! Seeds one merchant with `--shoppers` shoppers holding points this season and all time
//! (spread, with ties), then asks the storage for random shoppers' standings, as the
//! `/leaderboard` page and the shopper's own page do. See bench/README.md.

#[path = "support/database.rs"]
mod database;

use app::domain::gamification::Season;
use app::model::rewards::Board;
use clap::Parser;
use database::{Backend, BackendChoice, Database};
use rand::Rng;
use server::config::Settings;
use server::storage::{self, ShopperId};
use sqlx::Connection;
use std::time::{Duration, Instant};

#[derive(Debug, Parser)]
#[command(about = "Trekpost leaderboard bench")]
struct Args {
    #[arg(long, value_enum, default_value = "both")]
    backend: BackendChoice,
    #[arg(long, default_value_t = 100_000)]
    shoppers: i64,
    /// Standings asked for per board and question.
    #[arg(long, default_value_t = 2_000)]
    queries: usize,
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    println!(
        "command: cargo bench -p server --bench leaderboard -- --backend {} --shoppers {} --queries {}",
        format!("{:?}", args.backend).to_lowercase(),
        args.shoppers,
        args.queries
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

async fn measure(backend: Backend, url: &str, args: &Args) -> anyhow::Result<()> {
    let mut settings = Settings::defaults();
    settings.database.url = url.to_owned();
    let storage = storage::connect(&settings.database).await?;
    let merchant = storage.ensure_merchant("bench", "Bench Shop").await?;
    let season = Season::of(chrono::Utc::now());
    let seeding = Instant::now();
    seed(backend, url, merchant.0, args.shoppers, &season.code()).await?;
    println!("\n{backend:?}: seeded {} shoppers in {:.1} s", args.shoppers, seeding.elapsed().as_secs_f64());

    let (first, last): (i64, i64) = ids(backend, url, merchant.0).await?;
    let mut rng = rand::rng();
    println!("| question | board | p50 | p95 | p99 | max |");
    println!("|---|---|---|---|---|---|");
    for (question, limit) in [("my rank", 0), ("top 10 + my rank", 10)] {
        for board in [Board::Season, Board::AllTime] {
            let mut latencies = Vec::with_capacity(args.queries);
            for _ in 0..args.queries {
                let me = ShopperId(rng.random_range(first..=last));
                let started = Instant::now();
                let page = storage.board(merchant, board, season, Some(me), limit).await?;
                latencies.push(started.elapsed());
                anyhow::ensure!(page.me.and_then(|m| m.rank).is_some(), "every seeded shopper is ranked");
                anyhow::ensure!(page.ranked == args.shoppers, "all shoppers on the board");
            }
            latencies.sort();
            let at = |p: usize| ms(latencies[(latencies.len() * p / 100).min(latencies.len() - 1)]);
            println!(
                "| {question} | {board:?} | {} | {} | {} | {} |",
                at(50),
                at(95),
                at(99),
                ms(*latencies.last().expect("queries ran"))
            );
        }
    }
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Shoppers and their season and all-time totals, written by the database itself.
async fn seed(backend: Backend, url: &str, merchant: i64, shoppers: i64, season: &str) -> anyhow::Result<()> {
    let now = chrono::Utc::now();
    let generate = match backend {
        Backend::Sqlite => {
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $3) \
             INSERT INTO shoppers (merchant_id, reference, created_at) SELECT $1, 'bench-' || i, $2 FROM n"
        }
        Backend::Postgres => {
            "INSERT INTO shoppers (merchant_id, reference, created_at) \
             SELECT $1, 'bench-' || i, $2 FROM generate_series(1, $3::BIGINT) AS i"
        }
    };
    // Season points 0–4,999 and all time 0–39,999: many ties, as real boards have.
    let scores = "INSERT INTO loyalty_scores (merchant_id, season, shopper_id, points) \
                  SELECT merchant_id, $2, id, (id * $3) % $4 FROM shoppers WHERE merchant_id = $1";
    macro_rules! run {
        ($connection:expr) => {{
            let mut c = $connection;
            sqlx::query(generate).bind(merchant).bind(now).bind(shoppers).execute(&mut c).await?;
            for (key, factor, modulus) in [(season, 7919_i64, 5000_i64), ("all", 104_729, 40_000)] {
                sqlx::query(scores).bind(merchant).bind(key).bind(factor).bind(modulus).execute(&mut c).await?;
            }
            // As autovacuum would have by now: statistics, and (PostgreSQL) the visibility map
            // that lets the rank's count read the index alone.
            let analyze = match backend {
                Backend::Sqlite => "ANALYZE",
                Backend::Postgres => "VACUUM ANALYZE",
            };
            sqlx::query(analyze).execute(&mut c).await?;
        }};
    }
    match backend {
        Backend::Sqlite => run!(sqlx::SqliteConnection::connect(url).await?),
        Backend::Postgres => run!(sqlx::PgConnection::connect(url).await?),
    }
    Ok(())
}

async fn ids(backend: Backend, url: &str, merchant: i64) -> anyhow::Result<(i64, i64)> {
    let query = "SELECT MIN(id), MAX(id) FROM shoppers WHERE merchant_id = $1";
    Ok(match backend {
        Backend::Sqlite => {
            sqlx::query_as(query).bind(merchant).fetch_one(&mut sqlx::SqliteConnection::connect(url).await?).await?
        }
        Backend::Postgres => {
            sqlx::query_as(query).bind(merchant).fetch_one(&mut sqlx::PgConnection::connect(url).await?).await?
        }
    })
}
