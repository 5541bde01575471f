//! The `server` command line: serve (the default), migrate, issue API keys, manage console
//! users, set webhook secrets, import CSV files, simulate journeys.

use crate::api::auth::{issue_key, rotate_key};
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
    /// Manage the people who sign in to the console.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage the secrets aggregators sign their webhooks with.
    #[command(subcommand)]
    WebhookSecret(WebhookSecretCommand),
    /// Import shipments or events from a CSV file (see `server import shipments --help`).
    #[command(subcommand)]
    Import(crate::csv_import::ImportCommand),
    /// Simulated journeys: bulk history, one journey as JSON lines, the bundled lanes.
    #[command(subcommand)]
    Simulate(crate::simulator::cli::SimulateCommand),
}

#[derive(Debug, Subcommand)]
pub enum WebhookSecretCommand {
    /// Set (or replace) the secret for one aggregator's webhooks to a merchant. Read from
    /// the TREKPOST_WEBHOOK_SECRET variable so it stays out of shell history.
    Set {
        #[arg(long)]
        merchant: String,
        /// aftership, 17track or easypost.
        #[arg(long)]
        aggregator: String,
        #[arg(long, env = "TREKPOST_WEBHOOK_SECRET", hide_env_values = true)]
        secret: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a console user to a merchant. The password comes from TREKPOST_USER_PASSWORD (kept
    /// out of shell history); without it, one is generated and printed once.
    Create {
        #[arg(long)]
        merchant: String,
        #[arg(long)]
        email: String,
        /// owner (manages users, keys and secrets) or staff.
        #[arg(long, default_value = "staff")]
        role: String,
        #[arg(long, env = "TREKPOST_USER_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// List a merchant's console users: email, role, created, disabled (never passwords).
    List {
        #[arg(long)]
        merchant: String,
    },
    /// Disable a user: they cannot sign in any more; what they did stays attributed to them.
    Disable {
        #[arg(long)]
        merchant: String,
        #[arg(long)]
        email: String,
    },
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
    /// List a merchant's keys: prefix, created, last used, revoked (never the keys).
    List {
        #[arg(long)]
        merchant: String,
    },
    /// Revoke a key by its prefix (the 12 hex digits after `tpk_`): it gets 401 at once.
    Revoke {
        #[arg(long)]
        merchant: String,
        #[arg(long)]
        prefix: String,
    },
    /// Replace a key with a new one (printed once); the old one stops working at once.
    Rotate {
        #[arg(long)]
        merchant: String,
        #[arg(long)]
        prefix: String,
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
        Command::ApiKey(ApiKeyCommand::List { merchant }) => {
            let storage = storage::connect(&settings.database).await.context("cannot open the database")?;
            let merchant_id = existing_merchant(storage.as_ref(), &merchant).await?;
            let when = |at: Option<chrono::DateTime<chrono::Utc>>| at.map_or("-".to_owned(), |t| t.to_rfc3339());
            println!("{:<12}  {:<25}  {:<25}  revoked", "prefix", "created", "last used");
            for key in storage.api_keys(merchant_id).await? {
                let (created, used, revoked) =
                    (key.created_at.to_rfc3339(), when(key.last_used_at), when(key.revoked_at));
                println!("{:<12}  {created:<25}  {used:<25}  {revoked}", key.prefix);
            }
        }
        Command::ApiKey(ApiKeyCommand::Revoke { merchant, prefix }) => {
            let storage = storage::connect(&settings.database).await.context("cannot open the database")?;
            let merchant_id = existing_merchant(storage.as_ref(), &merchant).await?;
            if !storage.revoke_api_key(merchant_id, &prefix).await? {
                bail!("{merchant} has no live API key with prefix {prefix:?} (see `server api-key list`)");
            }
            println!("revoked tpk_{prefix}_…");
        }
        Command::ApiKey(ApiKeyCommand::Rotate { merchant, prefix }) => {
            let storage = storage::connect(&settings.database).await.context("cannot open the database")?;
            let merchant_id = existing_merchant(storage.as_ref(), &merchant).await?;
            let Some(key) = rotate_key(storage.as_ref(), merchant_id, &prefix).await? else {
                bail!("{merchant} has no live API key with prefix {prefix:?} (see `server api-key list`)");
            };
            println!("{}", key.plaintext);
        }
        Command::WebhookSecret(WebhookSecretCommand::Set { merchant, aggregator, secret }) => {
            let Some(found) = crate::api::webhooks::AGGREGATORS.iter().find(|a| a.path == aggregator) else {
                bail!("--aggregator must be aftership, 17track or easypost, got {aggregator:?}");
            };
            if secret.trim().len() < 8 {
                bail!("the secret must be at least 8 characters");
            }
            let storage = storage::connect(&settings.database).await.context("cannot open the database")?;
            let merchant_id = existing_merchant(storage.as_ref(), &merchant).await?;
            storage.set_webhook_secret(merchant_id, found.source, secret.trim()).await?;
            println!("webhook secret set: POST /api/v1/webhooks/{merchant}/{aggregator}");
        }
        Command::User(command) => run_user(command, &settings).await?,
        Command::Import(command) => crate::csv_import::run(command, &settings).await?,
        Command::Simulate(command) => crate::simulator::cli::run(command, &settings).await?,
    }
    Ok(())
}

async fn run_user(command: UserCommand, settings: &Settings) -> anyhow::Result<()> {
    use crate::console::accounts;
    use app::domain::account::{Password, Role, SignInEmail};
    let email_of = |raw: &str| SignInEmail::parse(raw).map_err(|reason| anyhow::anyhow!("--email: {reason}"));
    match command {
        UserCommand::Create { merchant, email, role, password } => {
            let email = email_of(&email)?;
            let role = Role::parse(&role).map_err(|reason| anyhow::anyhow!("--role: {reason}"))?;
            let (password, generated) = match password {
                Some(given) => {
                    (Password::parse(&given).map_err(|reason| anyhow::anyhow!("password: {reason}"))?, false)
                }
                None => (accounts::generated_password(), true),
            };
            let storage = storage::connect(&settings.database).await.context("cannot open the database")?;
            let merchant_id = existing_merchant(storage.as_ref(), &merchant).await?;
            match accounts::create_user(storage.as_ref(), merchant_id, &email, role, &password).await {
                Ok(_) => {}
                Err(storage::StorageError::Conflict { field, reason }) => bail!("--{field}: {reason}"),
                Err(error) => return Err(error.into()),
            }
            if generated {
                println!("{} ({}) of {merchant}: password {}", email.as_str(), role.code(), password.expose());
            } else {
                println!("{} ({}) of {merchant}", email.as_str(), role.code());
            }
        }
        UserCommand::List { merchant } => {
            let storage = storage::connect(&settings.database).await.context("cannot open the database")?;
            let merchant_id = existing_merchant(storage.as_ref(), &merchant).await?;
            println!("{:<40}  {:<6}  {:<25}  disabled", "email", "role", "created");
            for user in storage.users_of(merchant_id).await? {
                let disabled = user.disabled_at.map_or("-".to_owned(), |at| at.to_rfc3339());
                println!(
                    "{:<40}  {:<6}  {:<25}  {disabled}",
                    user.email.as_str(),
                    user.role.code(),
                    user.created_at.to_rfc3339()
                );
            }
        }
        UserCommand::Disable { merchant, email } => {
            let email = email_of(&email)?;
            let storage = storage::connect(&settings.database).await.context("cannot open the database")?;
            let merchant_id = existing_merchant(storage.as_ref(), &merchant).await?;
            if !storage.disable_user(merchant_id, &email).await? {
                bail!("{merchant} has no active user {} (see `server user list`)", email.as_str());
            }
            println!("disabled {}", email.as_str());
        }
    }
    Ok(())
}

async fn existing_merchant(storage: &dyn storage::Storage, slug: &str) -> anyhow::Result<storage::MerchantId> {
    match storage.merchant_by_slug(slug).await? {
        Some(id) => Ok(id),
        None => bail!("no merchant {slug:?}: create it with `server api-key create --merchant {slug}`"),
    }
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
