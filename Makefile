# The two commands a new user needs. Both install what is missing first (scripts/setup.sh).
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: run test wasm-size

# Build the release app and serve it on http://127.0.0.1:3000 (SQLite) with the demo shop: its
# journeys played live by the simulator, and a year of history written in the background.
run:
	scripts/setup.sh run
	. target/toolchain.env && TREKPOST__DEMO__ENABLED=true TREKPOST__DEMO__HISTORY_JOURNEYS=10000 \
		TREKPOST__SIMULATOR__ENABLED=true cargo leptos serve --release $$TREKPOST_LEPTOS_FLAGS

# Every test: cargo tests (SQLite + PostgreSQL) and the end-to-end tests in Chromium.
test:
	scripts/test.sh

# Release build, then the wasm's size raw and gzipped.
wasm-size:
	scripts/setup.sh run
	. target/toolchain.env && cargo leptos build --release $$TREKPOST_LEPTOS_FLAGS
	@wasm=target/site/pkg/trekpost.wasm; printf 'wasm: %s bytes raw, %s bytes gzip -9\n' "$$(stat -c %s $$wasm)" "$$(gzip -9c $$wasm | wc -c)"
