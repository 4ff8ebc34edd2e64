#!/usr/bin/env bash
# The benchmark of issue "Fast at any size", end to end:
#
#   bench/run.sh [SIZES…] [sqlite|postgres|both]      (default: 10000 100000 1000000 both)
#
# For each size and store: seed a fresh store (SQLite data dir, or a new PostgreSQL database),
# start target/release/server on it, run every read workload at concurrency 8 in RUNS
# interleaved rounds, then submissions at concurrency 1 and 32 interleaved with the raw baseline
# (1 report per transaction, and 32), and print ONE table (also written to bench/out/).
#
# Settings (environment): DURATION (s measured per run, 10), WARMUP (s, 1), RUNS (3),
# CONCURRENCY (8), PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/postgres), BENCH_WORK (where
# the stores go; a new folder in /var/tmp), KEEP=1 keeps the stores and databases afterwards,
# RAW_REPORTS (reports per raw run at 1 per transaction, 10000; 32 per transaction writes 4×).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=()
stores=both
for a in "$@"; do
  case "$a" in
    sqlite | postgres | both) stores=$a ;;
    '' | *[!0-9]*) echo "usage: bench/run.sh [SIZES…] [sqlite|postgres|both]" >&2; exit 2 ;;
    *) sizes+=("$a") ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
case $stores in
  both) store_list=(sqlite postgres) ;;
  *) store_list=("$stores") ;;
esac

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-1}
RUNS=${RUNS:-3}
CONCURRENCY=${CONCURRENCY:-8}
RAW_REPORTS=${RAW_REPORTS:-10000}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
WORK=${BENCH_WORK:-$(mktemp -d /var/tmp/lapor-bench.XXXXXX)}
mkdir -p "$WORK" bench/out
stamp=$(date +%Y%m%d-%H%M%S)
results="bench/out/results-$stamp.jsonl"
table="bench/out/table-$stamp.md"

echo "[bench] building release binaries (server, bench)"
cargo build --release -p server -p bench
BENCH=target/release/bench
SERVER=target/release/server
if [ -f dist/index.html ]; then
  DIST=$PWD/dist
else
  DIST=$WORK/no-dist
  mkdir -p "$DIST"
fi

pg_url() { # the URL of database $1 on the admin URL's server
  local base=${PG_ADMIN_URL%%\?*}
  echo "${base%/*}/$1"
}
pg() { psql "$PG_ADMIN_URL" -v ON_ERROR_STOP=1 -qtA -c "$1"; }

server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
cleanup_dbs=()
cleanup() {
  stop_server
  if [ "${KEEP:-0}" != 1 ]; then
    for db in "${cleanup_dbs[@]}"; do pg "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; done
    [ -z "${BENCH_WORK:-}" ] && rm -rf "$WORK"
  fi
}
trap cleanup EXIT

start_server() { # $1: DATA_DIR, $2: DATABASE_URL or empty
  local log=$WORK/server.log out=$WORK/server.out
  : >"$out"
  env -i PATH="$PATH" HOME="$HOME" PORT=0 HOST=127.0.0.1 RUST_LOG=warn \
    DATA_DIR="$1" ${2:+DATABASE_URL="$2"} DIST_DIR="$DIST" \
    SUBMIT_BURST=100000000 SUBMIT_RATE_PER_HOUR=100000000 \
    LOOKUP_BURST=100000000 LOOKUPS_PER_MINUTE=100000000 \
    "$SERVER" >"$out" 2>>"$log" &
  server_pid=$!
  base=
  for _ in $(seq 1 600); do
    base=$(grep -o 'http://[^ ]*' "$out" | head -1 || true)
    [ -n "$base" ] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "the server did not start; see $log" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$base" ] || { echo "the server printed no address; see $log" >&2; exit 1; }
  base=${base%/}
  for _ in $(seq 1 600); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "the server at $base never became healthy" >&2
  exit 1
}

for size in "${sizes[@]}"; do
  for store in "${store_list[@]}"; do
    echo
    echo "[bench] ===== $store, $size reports ====="
    tags=(--tag "size=$size" --tag "store=$store")
    dir=$WORK/$store-$size
    rm -rf "$dir" "$WORK/raw-$store-$size"
    mkdir -p "$dir"
    url=
    raw_store=()
    if [ "$store" = postgres ]; then
      db=lapor_bench_$size
      raw_db=lapor_bench_raw_$size
      pg "DROP DATABASE IF EXISTS $db" >/dev/null
      pg "DROP DATABASE IF EXISTS $raw_db" >/dev/null
      pg "CREATE DATABASE $db" >/dev/null
      cleanup_dbs+=("$db" "$raw_db")
      url=$(pg_url "$db")
      "$BENCH" seed --reports "$size" --database-url "$url" --out "$results" "${tags[@]}"
      # The raw baseline writes into a copy of the seeded database (same size, same disk).
      pg "CREATE DATABASE $raw_db TEMPLATE $db" >/dev/null
      store_args=(--database-url "$url")
      raw_store=(--database-url "$(pg_url "$raw_db")")
    else
      "$BENCH" seed --reports "$size" --data-dir "$dir" --out "$results" "${tags[@]}"
      mkdir -p "$WORK/raw-$store-$size"
      cp "$dir/lapor-natuna.sqlite" "$WORK/raw-$store-$size/"
      store_args=(--data-dir "$dir")
      raw_store=(--data-dir "$WORK/raw-$store-$size")
    fi

    start_server "$dir" "$url"
    echo "[bench] server at $base (pid $server_pid)"
    load() { # workload concurrency run
      "$BENCH" load --base "$base" --workload "$1" --concurrency "$2" \
        --duration "$DURATION" --warmup "$WARMUP" "${store_args[@]}" \
        --out "$results" "${tags[@]}" --tag "run=$3"
    }
    for run in $(seq 1 "$RUNS"); do
      for w in list deep status search similar laporan queue report healthz; do
        load "$w" "$CONCURRENCY" "$run"
      done
    done
    # Writes last, so that the reads saw the seeded size; raw runs between the server's. Each
    # write run starts with the disk's dirty pages written back (`sync`), so that none pays for
    # the writeback of the run before it.
    for run in $(seq 1 "$RUNS"); do
      sync; load submit 1 "$run"
      sync; load submit 32 "$run"
      sync
      "$BENCH" raw "${raw_store[@]}" --reports "$RAW_REPORTS" --per-tx 1 --seed "$run" \
        --out "$results" "${tags[@]}" --tag "run=$run"
      sync
      "$BENCH" raw "${raw_store[@]}" --reports "$((RAW_REPORTS * 4))" --per-tx 32 --seed "$((run + 100))" \
        --out "$results" "${tags[@]}" --tag "run=$run"
    done
    stop_server

    if [ "${KEEP:-0}" != 1 ]; then
      rm -rf "$dir" "$WORK/raw-$store-$size"
      if [ "$store" = postgres ]; then
        pg "DROP DATABASE IF EXISTS $db" >/dev/null
        pg "DROP DATABASE IF EXISTS $raw_db" >/dev/null
      fi
    fi
  done
done

echo
"$BENCH" table "$results" --out "$table"
echo
echo "[bench] results: $results; table: $table"
