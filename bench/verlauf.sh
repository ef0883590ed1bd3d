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
# warm: extracts and trend stocks already cached (the monthly routine: last month's run cached
# eleven of the twelve earlier stocks); cold: --no-cache, every file parsed.
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
# Fill the cache once (extracts and trend stocks).
"$bin" run --input "$DATEN/monatlich" --month 2026-10 --out "$out/a" --cache "$out/cache" --quiet --verteilung
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "label median_s min_s max_s peak_MB stage=median_s..."
lauf "warm plain" "$out/a" --cache "$out/cache"
lauf "warm --verteilung" "$out/b" --cache "$out/cache" --verteilung
lauf "cold plain" "$out/c" --no-cache
lauf "cold --verteilung" "$out/d" --no-cache --verteilung
