#!/usr/bin/env bash
# Sizes of the built app's files: raw, gzip -9 and brotli -q 11 (what the server sends).
#   bench/asset-sizes.sh [dist]
set -euo pipefail
dist=${1:-"$(dirname "$0")/../dist"}
printf '%-48s %10s %10s %10s\n' file raw gzip brotli
total_raw=0; total_gz=0; total_br=0
for f in "$dist"/*; do
  [ -f "$f" ] || continue
  case "$f" in *.br|*.gz) continue;; esac
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=$gz; fi
  printf '%-48s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
done
printf '%-48s %10d %10d %10d\n' TOTAL "$total_raw" "$total_gz" "$total_br"
