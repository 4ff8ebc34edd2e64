#!/usr/bin/env bash
# Installs what building and testing Lapor Natuna needs, idempotently: each tool is skipped when
# the right version is already there, so a second run takes seconds.
#   scripts/install-tools.sh          build tools (wasm target, trunk, wasm-bindgen, wasm-opt)
#   scripts/install-tools.sh --test   also Chromium and the end-to-end test packages
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen's CLI must match the crate exactly: read it from Cargo.lock.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

log() { printf '\033[1m[install]\033[0m %s\n' "$*"; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "cargo install trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install trunk --locked --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $WBG_VERSION (a few minutes, once)"
  # Not --locked: the CLI's own lock pins a yanked webpki-roots.
  cargo install wasm-bindgen-cli --version "$WBG_VERSION"
fi

# wasm-opt from Debian's binaryen (Trunk.toml pins version_108 so trunk never downloads one).
command -v wasm-opt >/dev/null || apt_install binaryen
# The reference brotli: scripts/build-app.sh compresses the app's files with it once.
command -v brotli >/dev/null || apt_install brotli

if [ "${1:-}" = "--test" ]; then
  apt_install chromium chromium-driver
  # A real SMTP server for the notification tests.
  python3 -c "import aiosmtpd" 2>/dev/null || { log "pip install aiosmtpd"; python3 -m pip install --quiet --disable-pip-version-check aiosmtpd; }
  # A real Open311 GeoReport v2 client (server/tests/open311/) and the OpenAPI fuzzer
  # (scripts/schemathesis.sh), pinned.
  GEOREPORT_VERSION=0.3.1
  SCHEMATHESIS_VERSION=4.32.5
  [ "$(python3 -c 'import importlib.metadata as m; print(m.version("georeport"))' 2>/dev/null)" = "$GEOREPORT_VERSION" ] \
    || { log "pip install georeport $GEOREPORT_VERSION"; python3 -m pip install --quiet --disable-pip-version-check "georeport==$GEOREPORT_VERSION"; }
  [ "$(python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" = "$SCHEMATHESIS_VERSION" ] \
    || { log "pip install schemathesis $SCHEMATHESIS_VERSION"; python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"; }
  # openpyxl reads the exported workbooks back in the export tests.
  python3 -c "import openpyxl" 2>/dev/null || { log "pip install openpyxl"; python3 -m pip install --quiet --disable-pip-version-check openpyxl; }
  if [ ! -d e2e/node_modules/playwright-core ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
    log "npm ci (e2e: playwright-core)"
    (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
log "tools ready: $(trunk --version), wasm-bindgen $WBG_VERSION, $(wasm-opt --version | head -1)"
