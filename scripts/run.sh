#!/usr/bin/env bash
# Builds the app (both bundles) and starts Lapor Natuna on SQLite (./data), printing its URL.
# Environment: PORT (8080), HOST (127.0.0.1), DATA_DIR (./data), DATABASE_URL (unset = SQLite);
# see `target/release/server --help` for the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh
echo "[run] building the app (scripts/build-app.sh: trunk, release)"
scripts/build-app.sh >/dev/null
echo "[run] building the server (cargo build --release -p server)"
cargo build --release -p server --quiet
export DIST_DIR="${DIST_DIR:-$PWD/dist}"
exec target/release/server "$@"
