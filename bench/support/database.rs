//! What the benches share: the backend to measure and a fresh database for each run.

use clap::ValueEnum;
use sqlx::{Connection, PgConnection};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BackendChoice {
    Sqlite,
    Postgres,
    Both,
}

impl BackendChoice {
    pub fn backends(self) -> Vec<Backend> {
        match self {
            BackendChoice::Sqlite => vec![Backend::Sqlite],
            BackendChoice::Postgres => vec![Backend::Postgres],
            BackendChoice::Both => vec![Backend::Sqlite, Backend::Postgres],
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh database for one run, removed by [`Database::drop_now`].
pub enum Database {
    /// Removed when dropped.
    Sqlite {
        _dir: tempfile::TempDir,
    },
    Postgres {
        admin: String,
        name: String,
    },
}

impl Database {
    pub async fn create(backend: Backend) -> anyhow::Result<(String, Self)> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir()?;
                let url = format!("sqlite://{}", dir.path().join("bench.db").display());
                Ok((url, Database::Sqlite { _dir: dir }))
            }
            Backend::Postgres => {
                let admin = std::env::var("DATABASE_URL_PG")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
                let mut connection = PgConnection::connect(&admin).await?;
                let name = format!("trekpost_bench_{:016x}", rand::random::<u64>());
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut connection).await?;
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
                Ok((format!("{base}/{name}"), Database::Postgres { admin, name }))
            }
        }
    }

    pub async fn drop_now(self) -> anyhow::Result<()> {
        if let Database::Postgres { admin, name } = self {
            let mut connection = PgConnection::connect(&admin).await?;
            // FORCE: pooled connections may still be closing.
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut connection).await?;
        }
        Ok(())
    }
}
