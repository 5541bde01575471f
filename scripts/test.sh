#!/usr/bin/env bash
# `make test`: every test, from a fresh machine. Builds the site once (debug), then runs the
# cargo tests of all crates (storage tests on SQLite and PostgreSQL), then the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
. target/toolchain.env

echo "== build: server and wasm (cargo leptos build)"
# shellcheck disable=SC2086
cargo leptos build $TREKPOST_LEPTOS_FLAGS

echo "== cargo tests (SQLite and PostgreSQL)"
scripts/with-postgres.sh cargo test --workspace --exclude frontend

echo "== end-to-end tests in Chromium"
node --test --test-concurrency=1 end2end/tests/
