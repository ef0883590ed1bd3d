#!/usr/bin/env bash
# The read path's own benchmarks, beside bench/stile.sh (ours against DuckDB):
#   kerne   the region set on 1 and on 2 cores (taskset), whole run and notes stage (MB/s)
#   excel   1,048,575 notes (Excel's maximum) as vermerke.xlsx against the same rows as CSV
#   bund    4,000,000 customers (federal scale, ~10 GB of notes): wall time and peak memory
#
#   [RUNS=3] bench/lesepfad.sh [kerne] [excel] [bund]
#
# Data are generated once into bench/daten/ (git-ignored) with fixed seeds; excel needs the
# bremen set and xlsxwriter (bench/.venv, as bench/stile.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
DATEN="${BENCH_DATEN:-bench/daten}"
ZIEL="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
bin="$ZIEL/release/beratungsreport"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
erzeugen() { # name customers seed
  [ -d "$DATEN/$1" ] || "$bin" generate --out "$DATEN/$1" --customers "$2" --from 2026-10 --months 1 --history 36 --seed "$3" --quiet
}
lauf() { # label input extra-command-prefix...
  local label="$1" ein="$2"
  shift 2
  python3 bench/messen.py "$label" "$RUNS" --laufzeiten "$out/r/2026-10/laufzeiten.json" -- \
    "$@" "$bin" run --input "$ein" --month 2026-10 --out "$out/r" --quiet
}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "label median_s min_s max_s peak_MB stage=median_s..."
ziele=("$@")
[ ${#ziele[@]} -gt 0 ] || ziele=(kerne excel)
for was in "${ziele[@]}"; do
  case "$was" in
    kerne)
      erzeugen region 1000000 2
      cat "$DATEN/region/2026-10/vermerke.csv" > /dev/null
      for k in 0 0,1; do lauf "region cores=$k" "$DATEN/region" taskset -c "$k"; done
      echo "notes file: $(stat -c %s "$DATEN/region/2026-10/vermerke.csv") bytes" ;;
    excel)
      erzeugen bremen 80000 1
      [ -d "$DATEN/excel" ] || bench/.venv/bin/python bench/excel.py "$DATEN/bremen" 2026-10 "$DATEN/excel"
      lauf "excel csv" "$DATEN/excel/csv"
      lauf "excel xlsx" "$DATEN/excel/xlsx" ;;
    bund)
      erzeugen bund 4000000 5
      lauf "bund" "$DATEN/bund" ;;
    *) echo "unknown: $was" >&2; exit 2 ;;
  esac
done
