#!/usr/bin/env bash
# Installs what this machine lacks to build, run and test Trekpost, and writes
# target/toolchain.env for the Makefile. Idempotent: seconds when everything is present.
#
#   scripts/setup.sh run    tools to build and serve the release app
#   scripts/setup.sh test   tools to build and test (adds Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-test}"

CARGO_LEPTOS_VERSION=0.3.11
SCHEMATHESIS_VERSION=4.32.5
# Debian's binaryen (108) silently breaks wasm from rustc >= 1.96; this one does not.
WASM_OPT_VERSION=0.116.1
WASM_OPT_MIN_BINARYEN=116
root_dir="$PWD"
tools_bin="$root_dir/target/tools/bin"
env_file="$root_dir/target/toolchain.env"

say() { printf 'setup: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; exit 1
  fi
}
apt_updated=""
apt_install() {
  say "installing Debian packages: $*"
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Build tools are compiled with a rustc >= 1.96 (`cargo install cargo-leptos --locked` needs
# it). Where the chosen toolchain is older, Debian's rustc-web provides one.
TOOLS_MIN_RUSTC=1.96.0
rustc_at_least() {
  local have
  have="$("$1" --version 2>/dev/null | awk '{print $2}')" || return 1
  [ -n "$have" ] && [ "$(printf '%s\n%s\n' "$2" "$have" | sort -V | head -n 1)" = "$2" ]
}
tool_cargo=""
cargo_install() {
  if [ -z "$tool_cargo" ]; then
    if rustc_at_least "$rust_bin/rustc" "$TOOLS_MIN_RUSTC"; then
      tool_cargo="$rust_bin/cargo"
    else
      rustc_at_least /usr/bin/rustc "$TOOLS_MIN_RUSTC" || apt_install rustc-web cargo-web
      tool_cargo=/usr/bin/cargo
    fi
  fi
  say "cargo install $* (one-time, several minutes)"
  # No fat LTO: it doubles the build time of cargo-leptos for no gain in a build tool.
  RUSTC="$(dirname "$tool_cargo")/rustc" CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    "$tool_cargo" install --quiet "$@"
}

# --- 1. A Rust toolchain that can build wasm32-unknown-unknown -------------------------------
# TREKPOST_WASM_TOOLCHAIN=debian forces the Debian route (to test it where rustup works).
if [ "${TREKPOST_WASM_TOOLCHAIN:-}" != debian ] && {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown >/dev/null 2>&1
}; then
  rust_bin="$(dirname "$(rustup which cargo)")"
  bootstrap=""
  leptos_flags=""
  say "wasm target: rustup ($("$rust_bin/rustc" --version))"
else
  # No rustup target to be had (e.g. an offline mirror of crates.io only): Debian's rustc-web
  # knows wasm32 and rebuilds std for it from rust-web-src (-Zbuild-std, RUSTC_BOOTSTRAP).
  if ! /usr/bin/rustc --print target-list 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || ! ls -d /usr/src/rustc-*/library/std >/dev/null 2>&1 || [ ! -e /usr/bin/rust-lld ] \
    || ! readlink -e /usr/bin/rust-lld >/dev/null; then
    apt_install rustc-web cargo-web rust-web-src lld-22
  fi
  rust_bin=/usr/bin
  bootstrap=1
  leptos_flags="--lib-cargo-args=-Zbuild-std=std,panic_abort"
  say "wasm target: Debian rustc-web with build-std ($(/usr/bin/rustc --version))"
fi

# The chosen cargo and rustc come first in PATH for everything the Makefile runs, so that
# cargo-leptos, cargo test and the benches all share one toolchain and one build cache.
mkdir -p "$tools_bin"
for tool in cargo rustc rustdoc; do ln -sfn "$rust_bin/$tool" "$tools_bin/$tool"; done
export PATH="$tools_bin:$HOME/.cargo/bin:$PATH"
[ -n "$bootstrap" ] && export RUSTC_BOOTSTRAP=1

# --- 2. cargo-leptos, and the wasm-bindgen CLI that matches Cargo.lock -----------------------
if [ "$(cargo-leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  cargo_install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi
bindgen_version="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  cargo_install wasm-bindgen-cli --version "$bindgen_version"
fi

# --- 3. wasm-opt, which cargo-leptos runs on release builds ----------------------------------
if [ "$purpose" = run ]; then
  binaryen="$(wasm-opt --version 2>/dev/null | sed -n 's/.*version \([0-9]*\).*/\1/p' || true)"
  if [ -z "$binaryen" ] || [ "$binaryen" -lt "$WASM_OPT_MIN_BINARYEN" ]; then
    cargo_install wasm-opt --version "$WASM_OPT_VERSION" --locked
  fi
fi

# --- 4. Browser assets from npm: Leaflet and the world outline, into public/ -----------------
command -v npm >/dev/null || apt_install nodejs npm
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
node scripts/vendor-assets.mjs >/dev/null

# --- 5. Chromium for the end-to-end tests, with a CJK font for the Chinese screenshots --------
if [ "$purpose" = test ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || missing+=(fonts-wqy-microhei)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
fi

# --- 6. schemathesis from PyPI, in its own virtualenv, for the API schema fuzzing test --------
if [ "$purpose" = test ]; then
  venv="$root_dir/target/tools/python"
  if [ "$("$venv/bin/schemathesis" --version 2>/dev/null | awk '{print $3}')" != "$SCHEMATHESIS_VERSION" ]; then
    python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
    say "pip install schemathesis==$SCHEMATHESIS_VERSION"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  ln -sfn "$venv/bin/schemathesis" "$tools_bin/schemathesis"
fi

cat >"$env_file" <<ENV
# Written by scripts/setup.sh; sourced by the Makefile and scripts/test.sh.
export PATH="$tools_bin:\$HOME/.cargo/bin:\$PATH"
${bootstrap:+export RUSTC_BOOTSTRAP=1}
export TREKPOST_LEPTOS_FLAGS="$leptos_flags"
ENV
say "ready ($purpose)"
