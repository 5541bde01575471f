//! All configuration in one typed struct: defaults, then an optional TOML file, then
//! environment variables (`TREKPOST__SECTION__KEY`, e.g. `TREKPOST__SERVER__PORT=8080`).

use crate::http::client::TrustedProxies;
use app::domain::event::EventWindow;
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub log: LogSettings,
    pub site: SiteSettings,
    pub map: MapSettings,
    pub demo: DemoSettings,
    pub simulator: SimulatorSettings,
    pub limits: LimitSettings,
    pub retention: RetentionSettings,
    pub console: ConsoleSettings,
}

/// The seller console's sign-in: how long a session lasts, and how hard guessing is made.
#[derive(Debug, Clone, Deserialize)]
pub struct ConsoleSettings {
    /// A session unused for this long ends (each request renews it).
    pub idle_seconds: u64,
    /// However busy, a session ends this long after its sign-in.
    pub absolute_seconds: u64,
    /// Wrong passwords for one account, in a row, before it is locked for `lockout_seconds`.
    pub failures_per_account: u32,
    /// Wrong passwords from one client (any accounts) before it is locked out in turn.
    pub failures_per_client: u32,
    /// How long a lock lasts; each further failure while counting doubles it, up to an hour.
    pub lockout_seconds: u64,
}

/// How long what nobody needs forever is kept.
#[derive(Debug, Clone, Deserialize)]
pub struct RetentionSettings {
    /// Dead letters (refused payloads, kept for the seller to fix and resend) older than this
    /// many days are deleted, hourly.
    pub dead_letter_days: u32,
    /// Journey page views older than this many days are folded into one row per shipment and
    /// day (the seller's totals stay the same), hourly.
    pub page_view_days: u32,
    /// Events keep the payload they came in (for the seller's investigations) this many
    /// days; then only the normalised event stays, hourly.
    pub raw_payload_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub host: IpAddr,
    /// 0 picks a free port (the tests do).
    pub port: u16,
    /// How long in-flight requests get to finish after SIGTERM.
    pub shutdown_grace_seconds: u64,
    /// Reverse proxies whose forwarded-for headers name the client (`10.0.0.0/8, ::1`); the
    /// rate limits count per client. Empty: nobody's headers are believed.
    #[serde(default)]
    pub trusted_proxies: TrustedProxies,
}

impl ServerSettings {
    pub fn address(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    /// `sqlite://path/to/file.db` (created on first start) or `postgres://user@host/db`.
    pub url: String,
    pub max_connections: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    pub format: LogFormat,
    /// A tracing filter, e.g. `info,server=debug`.
    pub filter: String,
}

/// Where the built site (wasm, JS, CSS, public assets) lives; cargo-leptos writes it there.
#[derive(Debug, Clone, Deserialize)]
pub struct SiteSettings {
    pub root: PathBuf,
    pub pkg_dir: String,
    /// The address the world reaches the site at (`https://track.example.com`): share pages'
    /// Open Graph and Twitter tags need absolute links. Unset, each request's Host is used.
    #[serde(default)]
    pub public_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MapSettings {
    /// XYZ tile URL template. Unset: the bundled offline world outline.
    pub tile_url: Option<TileUrl>,
    pub tile_attribution: Option<String>,
}

/// An XYZ tile URL template (`https://{s}.tile.example.org/{z}/{x}/{y}.png`), checked when the
/// configuration is read: the Content-Security-Policy lets the page load images from its origin.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct TileUrl {
    template: String,
    /// The CSP source of the tile server: `https://*.tile.example.org` for a `{s}` subdomain.
    origin: String,
}

impl TileUrl {
    pub fn template(&self) -> &str {
        &self.template
    }

    pub fn csp_source(&self) -> &str {
        &self.origin
    }
}

impl TryFrom<String> for TileUrl {
    type Error = String;

    fn try_from(template: String) -> Result<Self, Self::Error> {
        let refuse = |why: &str| format!("map.tile_url {template:?}: {why}");
        let (scheme, rest) = template.split_once("://").ok_or_else(|| refuse("must start with https:// or http://"))?;
        if !matches!(scheme, "https" | "http") {
            return Err(refuse("must start with https:// or http://"));
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = match authority.strip_prefix("{s}.") {
            Some(rest) => format!("*.{rest}"),
            None => authority.to_owned(),
        };
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
        let bare = host.strip_prefix("*.").unwrap_or(&host);
        if bare.is_empty() || !bare.chars().all(allowed) {
            return Err(refuse("the host must be a plain name or address; only a leading {s}. may vary"));
        }
        Ok(Self { origin: format!("{scheme}://{host}"), template })
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoSettings {
    /// Seed the demo shop into an empty database and list its live journeys on the landing page.
    pub enabled: bool,
    /// The demo shop's customers, with their order histories.
    pub shoppers: usize,
    /// Their recent shipments: a quarter in progress at every stage, the rest delivered.
    pub shipments: usize,
    /// Completed journeys of the past year for ETA and analytics, written in the background.
    pub history_journeys: usize,
    /// Same seed, same shop, same journeys.
    pub seed: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SimulatorSettings {
    /// Play the demo journeys forward: their scans and positions arrive as their moments come.
    pub enabled: bool,
    /// Fast-forwarded showcase journeys in motion at any moment.
    pub live_journeys: usize,
    /// How much faster than real time showcase journeys run (1440: a simulated day a minute).
    pub acceleration: f64,
    /// How often the simulator looks for events that have fallen due.
    pub tick_millis: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LimitSettings {
    /// Largest accepted API request body.
    pub max_body_bytes: usize,
    /// Largest event batch body (`POST /api/v1/events`): up to `max_batch_events` events.
    pub max_batch_body_bytes: usize,
    pub max_batch_events: usize,
    /// Largest aggregator webhook body: a tracking history with all its checkpoints.
    pub max_webhook_body_bytes: usize,
    /// Largest CSV file the console imports (it is held in memory between the two passes).
    pub max_import_bytes: usize,
    /// Buffered live updates per journey before a slow subscriber is caught up from storage.
    pub live_buffer: usize,
    /// How long a request body may take to arrive (seconds): a client that trickles it holds
    /// a connection and a buffer, so it is cut off with a 408.
    pub body_read_seconds: u64,
    /// How long a client may take to send a request's headers (seconds): past it, the
    /// connection is closed, so trickled headers cannot hold connections open.
    pub header_read_seconds: u64,
    /// At most this many stored updates are replayed to a stream that resumes far behind
    /// (`?after=0`); older ones are skipped, the page's render already shows their result.
    pub max_replay: usize,
    /// Anonymous requests (live streams, share cards, server functions, webhooks, API keys
    /// that do not verify) per client IP per minute (also the burst).
    pub requests_per_minute: u32,
    /// Authenticated API requests per merchant per minute (also the burst): a batch carries
    /// up to `max_batch_events` events, so this is not the ingest ceiling.
    pub api_requests_per_minute: u32,
    /// Parcel lookups (`/track`) per client IP per minute: few, so numbers cannot be guessed.
    pub lookups_per_minute: u32,
    /// Live streams (journey and share pages) one client may hold open at once.
    pub max_streams_per_client: usize,
    /// How long one live stream stays open before the browser reconnects (it resumes where
    /// it was): connections are rebalanced, and none is held forever.
    pub max_stream_seconds: u64,
    /// How long ago an event may say it happened (days); older is refused, naming `occurred_at`.
    pub event_max_age_days: u32,
    /// How far ahead of this server's clock an event may say it happened (minutes): clock skew.
    pub event_max_ahead_minutes: u32,
}

impl LimitSettings {
    /// The times an event received at `now` may carry.
    pub fn event_window(&self, now: chrono::DateTime<chrono::Utc>) -> EventWindow {
        EventWindow {
            now,
            max_age: chrono::Duration::days(self.event_max_age_days.into()),
            max_ahead: chrono::Duration::minutes(self.event_max_ahead_minutes.into()),
        }
    }
}

const DEFAULTS: &str = r#"
[server]
host = "127.0.0.1"
port = 3000
shutdown_grace_seconds = 10

[database]
url = "sqlite://trekpost.db"
max_connections = 8

[log]
format = "pretty"
filter = "info,tower_http=info,sqlx=warn"

[site]
root = "target/site"
pkg_dir = "pkg"

[map]

[demo]
enabled = false
shoppers = 50
shipments = 300
history_journeys = 0
seed = 2026

[simulator]
enabled = false
live_journeys = 6
acceleration = 1440.0
tick_millis = 500

[console]
idle_seconds = 7200
absolute_seconds = 43200
failures_per_account = 5
failures_per_client = 20
lockout_seconds = 900

[retention]
dead_letter_days = 30
page_view_days = 2
raw_payload_days = 90

[limits]
max_body_bytes = 65536
max_batch_body_bytes = 4194304
max_batch_events = 1000
max_webhook_body_bytes = 1048576
max_import_bytes = 10485760
live_buffer = 64
max_replay = 2000
body_read_seconds = 30
header_read_seconds = 10
requests_per_minute = 600
api_requests_per_minute = 6000
lookups_per_minute = 10
event_max_age_days = 400
max_streams_per_client = 16
max_stream_seconds = 3600
event_max_ahead_minutes = 10
"#;

#[derive(Debug, thiserror::Error)]
#[error("configuration is invalid: {0}")]
pub struct ConfigError(#[from] config::ConfigError);

impl Settings {
    /// Reads the configuration: built-in defaults, then the TOML file named by
    /// `TREKPOST_CONFIG` (or `trekpost.toml` if present), then `TREKPOST__*` variables.
    pub fn load() -> Result<Self, ConfigError> {
        let file = std::env::var("TREKPOST_CONFIG").unwrap_or_else(|_| "trekpost.toml".into());
        Ok(config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .add_source(config::File::new(&file, config::FileFormat::Toml).required(false))
            .add_source(
                config::Environment::with_prefix("TREKPOST").prefix_separator("__").separator("__").try_parsing(true),
            )
            .build()?
            .try_deserialize()?)
    }

    /// The defaults alone, for tests to adjust.
    pub fn defaults() -> Self {
        config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .build()
            .and_then(|c| c.try_deserialize())
            .expect("the built-in defaults are valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_serve_on_localhost_3000_with_sqlite() {
        let settings = Settings::defaults();
        assert_eq!(settings.server.address().to_string(), "127.0.0.1:3000");
        assert!(settings.database.url.starts_with("sqlite://"));
        assert_eq!(settings.log.format, LogFormat::Pretty);
        assert!(!settings.demo.enabled);
        assert!(settings.map.tile_url.is_none());
    }

    #[test]
    fn a_tile_url_gives_the_origin_the_page_may_load_tiles_from() {
        let osm = TileUrl::try_from("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png".to_owned()).unwrap();
        assert_eq!(osm.csp_source(), "https://*.tile.openstreetmap.org");
        let local = TileUrl::try_from("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png".to_owned()).unwrap();
        assert_eq!(local.csp_source(), "http://127.0.0.1:8080");
        for bad in ["ftp://tiles.example/{z}.png", "tiles.example/{z}.png", "https://{z}.example/{x}.png", "https:///x"]
        {
            assert!(TileUrl::try_from(bad.to_owned()).is_err(), "{bad}");
        }
        // A quote or a space would end the CSP's source list early.
        assert!(TileUrl::try_from("https://a.example';script-src */{z}".to_owned()).is_err());
    }
}
