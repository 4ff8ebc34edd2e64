#!/usr/bin/env bash
# Builds the web app's three bundles with trunk (release), so that each visitor downloads only
# what their page needs:
#   app/index.html   → dist/           the citizen app: home, the report flow, the embed
#   app/pantau.html  → dist/pantau/    tracking: /lacak/…, /laporan
#   app/petugas.html → dist/petugas/   the officers' app: /petugas/…
# Extra arguments go to every trunk build (e.g. --quiet).
set -euo pipefail
cd "$(dirname "$0")/.."
# The citizen build replaces dist/ as a whole, so it goes first.
trunk build --release "$@"
trunk build app/pantau.html --release --dist dist/pantau --public-url /pantau/ "$@"
trunk build app/petugas.html --release --dist dist/petugas --public-url /petugas/ "$@"
