#!/usr/bin/env bash
# Runs every test of Lapor Natuna: domain unit/property tests, the server's black-box HTTP tests
# against SQLite and PostgreSQL, and end-to-end tests in headless Chromium against the real
# server. Installs what it needs first (idempotent).
#
# PostgreSQL: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test). When no
# PostgreSQL answers there, the PostgreSQL variants are NOT run, and this script says so loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-tools.sh --test

export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
pg_hostport=$(echo "$TEST_DATABASE_URL" | sed -E 's#^[a-z]+://([^@/]*@)?([^/:?]+)(:([0-9]+))?.*#\2 \4#')
read -r pg_host pg_port <<<"$pg_hostport"
pg_port=${pg_port:-5432}
skip=()
if ! timeout 3 bash -c "exec 3<>/dev/tcp/$pg_host/$pg_port" 2>/dev/null; then
  cat >&2 <<MSG

  ############################################################################
  #  WARNING: no PostgreSQL answers at $pg_host:$pg_port.
  #  The PostgreSQL variants of the server tests will NOT run in this run.
  #  Start PostgreSQL or set TEST_DATABASE_URL to test the PostgreSQL store.
  ############################################################################

MSG
  skip=(--skip ::postgres)
fi

echo "[test] building the app (scripts/build-app.sh: trunk, release)"
scripts/build-app.sh

echo "[test] domain and server tests"
cargo test -p domain
cargo test -p server --test api -- "${skip[@]}"
# The API against its own OpenAPI document (no 5xx, every answer as documented).
echo "[test] schemathesis against /api/v1/openapi.json"
cargo build -p server --quiet
scripts/schemathesis.sh
# The plan guard: no list query reads every report or sorts them (EXPLAIN on a seeded store).
cargo test -p bench --test plans
# Faults, one at a time (they mount filesystems, start a private PostgreSQL, measure memory):
# needs root, as on CI. FAULT_RUNS sets how often the disk-full cycle repeats (default 2).
echo "[test] fault tests (disk full, failed disk, PostgreSQL restarts, photo bombs, slow sockets)"
cargo test -p server --test faults -- --test-threads=1
# domain as the app builds it: no compiled-in model, no catalog examples.
cargo test -p domain --no-default-features --test lazy_model

if [ -f e2e/package.json ]; then
  echo "[test] end-to-end tests in headless Chromium"
  cargo build -p server --quiet
  SERVER_BIN="$PWD/target/debug/server" DIST_DIR="$PWD/dist" node --test --test-concurrency=1 e2e/
fi
echo "[test] all tests passed"
