#!/usr/bin/env bash
# Builds the web app's three bundles with trunk (release), so that each visitor downloads only
# what their page needs:
#   app/index.html   → dist/           the citizen app: home, the report flow, the embed
#   app/pantau.html  → dist/pantau/    tracking: /lacak/…, /laporan
#   app/petugas.html → dist/petugas/   the officers' app: /petugas/…
# Extra arguments go to every trunk build (e.g. --quiet). `--minify` takes the comments and
# spaces out of the HTML, CSS and JS (about 1.8 KB brotli less on a first visit to /lapor); the
# server reads the minified index.html as its template (server/src/assets.rs, `template_of`).
set -euo pipefail
cd "$(dirname "$0")/.."
# The citizen build replaces dist/ as a whole, so it goes first.
trunk build --release --minify "$@"
trunk build app/pantau.html --release --minify --dist dist/pantau --public-url /pantau/ "$@"
trunk build app/petugas.html --release --minify --dist dist/petugas --public-url /petugas/ "$@"
# What browsers download, compressed once here at the best settings with the reference tools
# (brotli -q 11, gzip -9): the server serves these from its first request after a start (and
# checks that each still decodes to its file), instead of compressing in the background.
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.json' -o -name '*.webmanifest' \) -print0 |
  while IFS= read -r -d '' f; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -9 -n -k -f "$f"
  done
