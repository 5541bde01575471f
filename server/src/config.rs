//! All configuration in one typed struct: defaults, then an optional TOML file, then
//! environment variables (`TREKPOST__SECTION__KEY`, e.g. `TREKPOST__SERVER__PORT=8080`).

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
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub host: IpAddr,
    /// 0 picks a free port (the tests do).
    pub port: u16,
    /// How long in-flight requests get to finish after SIGTERM.
    pub shutdown_grace_seconds: u64,
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
    pub tile_url: Option<String>,
    pub tile_attribution: Option<String>,
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
    /// Buffered live updates per journey before a slow subscriber is caught up from storage.
    pub live_buffer: usize,
    /// API requests and live-stream connections per client IP per minute (also the burst).
    pub requests_per_minute: u32,
    /// Parcel lookups (`/track`) per client IP per minute: few, so numbers cannot be guessed.
    pub lookups_per_minute: u32,
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

[limits]
max_body_bytes = 65536
max_batch_body_bytes = 4194304
max_batch_events = 1000
max_webhook_body_bytes = 1048576
live_buffer = 64
requests_per_minute = 600
lookups_per_minute = 10
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
}
