#!/usr/bin/env bash
# Benchmark of the distribution (`run --verteilung`): what the 13-month trend and the per-unit
# workbooks cost on top of a plain monthly run. Whole processes, median of RUNS, plus the
# median of each stage from laufzeiten.json (the trend's own stages: verlauf_bestaende =
# reading the twelve earlier stocks, verlauf = the trend figures; its share of the notes pass
# shows as the difference of the `vermerke` stage).
#
#   bench/verlauf.sh
#
# Data: the `monatlich` set of bench/run.sh (80,000 customers, 36 month folders with one
# monthly extract each — the shape the trend reads), generated once into bench/daten/.
# Every file is read in every run (there is no cache).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
DATEN="${BENCH_DATEN:-bench/daten}"
ZIEL="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
bin="$ZIEL/release/beratungsreport"
[ -d "$DATEN/monatlich" ] ||
  "$bin" generate --out "$DATEN/monatlich" --customers 80000 --from 2023-11 --months 36 --history 0 --seed 3 --quiet

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cat "$DATEN"/monatlich/*/vermerke.csv > /dev/null
lauf() { # label output-folder extra-args...
  local label="$1" ordner="$2"
  shift 2
  python3 bench/messen.py "$label" "$RUNS" --laufzeiten "$ordner/2026-10/laufzeiten.json" -- \
    "$bin" run --input "$DATEN/monatlich" --month 2026-10 --out "$ordner" --quiet "$@"
}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "label median_s min_s max_s peak_MB stage=median_s..."
lauf "plain" "$out/c"
lauf "--verteilung" "$out/d" --verteilung
