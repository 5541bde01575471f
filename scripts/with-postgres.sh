#!/usr/bin/env bash
# Runs a command with DATABASE_URL_PG pointing at a PostgreSQL server the storage tests may
# create databases on: the one given, else 127.0.0.1:5432 (trust auth, database `test`), else
# a throwaway cluster from Debian's postgresql package in a temp folder, stopped afterwards.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail
default_url="postgres://postgres@127.0.0.1:5432/test"

answers() { psql "$1" -Atqc 'SELECT 1' >/dev/null 2>&1; }
command -v psql >/dev/null || { echo "with-postgres: installing postgresql-client" >&2; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }

if [ -n "${DATABASE_URL_PG:-}" ]; then
  answers "$DATABASE_URL_PG" || { echo "with-postgres: DATABASE_URL_PG=$DATABASE_URL_PG does not answer" >&2; exit 1; }
elif answers "$default_url"; then
  export DATABASE_URL_PG="$default_url"
else
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$pg_bin" ]; then
    echo "with-postgres: no PostgreSQL answers; installing Debian's postgresql for a throwaway cluster" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  cluster="$(mktemp -d /tmp/trekpost-pg.XXXXXX)"
  port=$(( 20000 + RANDOM % 20000 ))
  run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" = 0 ] && chown postgres "$cluster"
  run_pg "$pg_bin/initdb" -D "$cluster/data" -A trust -U postgres >/dev/null
  run_pg "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w \
    -o "-p $port -k $cluster -c listen_addresses=127.0.0.1" start >/dev/null
  trap 'run_pg "$pg_bin/pg_ctl" -D "$cluster/data" -m fast stop >/dev/null; rm -rf "$cluster"' EXIT
  psql "postgres://postgres@127.0.0.1:$port/postgres" -qc 'CREATE DATABASE test' >/dev/null
  export DATABASE_URL_PG="postgres://postgres@127.0.0.1:$port/test"
  echo "with-postgres: throwaway cluster on port $port" >&2
fi

# Databases left by earlier, interrupted test runs.
psql "$DATABASE_URL_PG" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'trekpost_test_%'" |
  while read -r stale; do psql "$DATABASE_URL_PG" -qc "DROP DATABASE IF EXISTS \"$stale\"" >/dev/null 2>&1 || true; done

"$@"
