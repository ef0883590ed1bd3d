#!/usr/bin/env bash
# Benchmark: a run whose notes extract has many rejected rows — peak memory
# and wall time, whole process under /usr/bin/time.
#
#   bench/abgewiesen.sh [BINARY]
#
# Data: the `bremen` set of bench/run.sh (80,000 customers, 3.44 M notes), copied with 45 % of
# its note rows given a date in another format (`17/10/2023`): 1.55 M rejected rows, just under
# SPEC §5's "more than half" (which would stop the run).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
DATEN="${BENCH_DATEN:-bench/daten}"
ZIEL="${CARGO_TARGET_DIR:-target}"
bin="${1:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin="$ZIEL/release/beratungsreport"
fi
[ -d "$DATEN/bremen" ] || "$bin" generate --out "$DATEN/bremen" --customers 80000 --from 2026-10 --months 1 --history 36 --seed 1 --quiet
if [ ! -d "$DATEN/abgewiesen" ]; then
  mkdir -p "$DATEN/abgewiesen/2026-10"
  cp "$DATEN/bremen/2026-10/kunden.csv" "$DATEN/bremen/2026-10/organisation.csv" "$DATEN/abgewiesen/2026-10/"
  awk -F';' -v OFS=';' 'NR > 1 && NR % 20 < 9 { split($2, d, "-"); $2 = d[3] "/" d[2] "/" d[1] } { print }' \
    "$DATEN/bremen/2026-10/vermerke.csv" > "$DATEN/abgewiesen/2026-10/vermerke.csv"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 bench/messen.py "abgewiesen:$(basename "$bin")" "$RUNS" -- \
  "$bin" run --input "$DATEN/abgewiesen" --month 2026-10 --out "$out" --quiet
echo "rejected rows: $(($(wc -l < "$out/2026-10/abgewiesen.csv") - 1))"
