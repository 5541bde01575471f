#!/usr/bin/env bash
# `make test`: every test, from a fresh machine. Each thing is built once: cargo-leptos builds
# the browser half (wasm, JS, CSS, assets) into target/site; `cargo test` builds the server
# (target/debug/server) and runs the cargo tests of all crates (storage on SQLite and
# PostgreSQL); the browser tests then drive that server and that site in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
. target/toolchain.env
# A clean clone (CI) gains nothing from incremental caches; they only take disk.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi

echo "== build: the browser half (cargo leptos build --frontend-only)"
# shellcheck disable=SC2086
cargo leptos build --frontend-only $TREKPOST_LEPTOS_FLAGS

echo "== cargo tests (SQLite and PostgreSQL)"
scripts/with-postgres.sh cargo test --workspace --exclude frontend

echo "== end-to-end tests in Chromium"
node --test --test-concurrency=1 end2end/tests/
