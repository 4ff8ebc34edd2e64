#!/usr/bin/env bash
# Property-based test of the JSON API against its own OpenAPI document: starts the server
# (debug build, SQLite in a temporary directory, generous rate limits), points schemathesis at
# /api/v1/openapi.json and fails on any 5xx or any response the document does not describe.
#   scripts/schemathesis.sh [extra schemathesis args]
# Needs `schemathesis` (scripts/install-tools.sh --test) and a built server
# (cargo build -p server; CARGO_TARGET_DIR is honoured).
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${CARGO_TARGET_DIR:-$PWD/target}/debug/server"
[ -x "$bin" ] || cargo build -p server --quiet
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATA_DIR="$data" PORT="$port" DIST_DIR="$data/dist" SUBMIT_RATE_PER_HOUR=1000000 SUBMIT_BURST=100000 \
  LOOKUPS_PER_MINUTE=1000000 LOOKUP_BURST=100000 "$bin" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance
common=(--max-examples "${SCHEMATHESIS_EXAMPLES:-25}" --phases examples,coverage,fuzzing --workers 2
  --seed 311 --suppress-health-check all --generation-database none)
url="http://127.0.0.1:$port/api/v1/openapi.json"

echo "[schemathesis] every operation, anonymous (invalid input must be refused, too)"
schemathesis run "$url" --checks "$checks,negative_data_rejection" "${common[@]}" "$@"

# The back office again, logged in as a coordinator. The session travels as fixed headers, so a
# request schemathesis means to send without them still carries them: negative_data_rejection
# would misread that, and is left to the anonymous run. Logging out would end the session.
password="schemathesis-$(date +%s)-natuna"
DATA_DIR="$data" LAPOR_PASSWORD="$password" "$bin" create-coordinator --username schemathesis --email schemathesis@natunakab.go.id >/dev/null
login=$(curl -sf -c "$data/cookies" -H 'content-type: application/json' \
  -d "{\"username\":\"schemathesis\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/v1/petugas/login")
csrf=$(printf '%s' "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
session=$(awk '$6 == "lapor_sesi" {print $7}' "$data/cookies")
# A coordinator signs in with two steps: enrol an authenticator (RFC 6238, computed here) first.
secret=$(curl -sf -b "$data/cookies" -H "X-CSRF-Token: $csrf" -X POST "http://127.0.0.1:$port/api/v1/petugas/totp/setup" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
code=$(python3 -c '
import base64, hashlib, hmac, struct, sys, time
s = sys.argv[1]; key = base64.b32decode(s + "=" * (-len(s) % 8))
h = hmac.new(key, struct.pack(">q", int(time.time()) // 30), hashlib.sha1).digest()
o = h[19] & 15; print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))' "$secret")
curl -sf -b "$data/cookies" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' \
  -d "{\"code\":\"$code\"}" "http://127.0.0.1:$port/api/v1/petugas/totp/confirm" >/dev/null
echo "[schemathesis] the back office, as a coordinator"
schemathesis run "$url" --checks "$checks" "${common[@]}" \
  -H "Cookie: lapor_sesi=$session" -H "X-CSRF-Token: $csrf" \
  --include-path-regex '^/api/v1/petugas/' --exclude-path /api/v1/petugas/logout \
  --exclude-path /api/v1/petugas/officers/{username}/totp-reset "$@"
