//! The `server` command line: serve (the default), migrate, and issue API keys.

use crate::api::auth::issue_key;
use crate::config::Settings;
use crate::startup::Application;
use crate::{storage, telemetry};
use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "server", version, about = "Trekpost: live parcel journeys")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app (the default).
    Serve,
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Manage merchant API keys.
    #[command(subcommand)]
    ApiKey(ApiKeyCommand),
}

#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// Issue a new key for a merchant (created if new) and print it once.
    Create {
        /// The merchant's slug: lowercase letters, digits and dashes.
        #[arg(long)]
        merchant: String,
        /// Display name for a new merchant (defaults to the slug).
        #[arg(long)]
        name: Option<String>,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            telemetry::init(&settings.log);
            let app = Application::build(settings).await?;
            tracing::info!(address = %app.address(), "listening on http://{}", app.address());
            app.run_until_stopped().await.context("server stopped with an error")?;
            tracing::info!("stopped");
        }
        Command::Migrate => {
            storage::connect(&settings.database).await.context("migration failed")?;
            println!("database is up to date: {}", settings.database.url);
        }
        Command::ApiKey(ApiKeyCommand::Create { merchant, name }) => {
            if !is_slug(&merchant) {
                bail!("--merchant must be 1-40 lowercase letters, digits or dashes, got {merchant:?}");
            }
            let storage = storage::connect(&settings.database).await.context("cannot open the database")?;
            let key = issue_key(storage.as_ref(), &merchant, name.as_deref().unwrap_or(&merchant)).await?;
            println!("{key}");
        }
    }
    Ok(())
}

fn is_slug(s: &str) -> bool {
    (1..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("demo"));
        assert!(is_slug("acme-2"));
        assert!(!is_slug("Acme"));
        assert!(!is_slug(""));
        assert!(!is_slug("a b"));
    }
}
