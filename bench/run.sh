#!/usr/bin/env bash
# Benchmark: a full `beratungsreport run` (release) against an equivalent DuckDB script on the
# same generated data, wall time (median of RUNS) and peak memory, whole processes.
#
#   bench/run.sh [bremen] [region] [monatlich]      (default: bremen monatlich)
#
# Data sets (fixed seeds, generated once into bench/daten/, git-ignored):
#   bremen     80,000 customers, 36 months of notes in one vermerke.csv (~3.4M rows, ~205 MB)
#   region     1,000,000 customers, 36 months in one vermerke.csv (~43M rows, ~2.6 GB)
#   monatlich  80,000 customers, 36 month folders with one monthly extract each
# Needs: cargo, python3 (venv + pip for duckdb and xlsxwriter, installed into bench/.venv),
# /usr/bin/time (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
DATEN="${BENCH_DATEN:-bench/daten}"
ZIEL="${CARGO_TARGET_DIR:-target}"
saetze=("$@")
[ ${#saetze[@]} -gt 0 ] || saetze=(bremen monatlich)

cargo build --release --quiet
bin="$ZIEL/release/beratungsreport"
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet duckdb==2.0.0 xlsxwriter==3.3.1
fi

erzeugen() { # name customers from months history seed
  [ -d "$DATEN/$1" ] && return
  echo "# generating $1 ..." >&2
  "$bin" generate --out "$DATEN/$1" --customers "$2" --from "$3" --months "$4" --history "$5" --seed "$6" --quiet
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "runs per figure: $RUNS (median wall time; peak RSS)"
echo
printf '%-34s %9s %9s %9s %9s\n' "what" "median_s" "min_s" "max_s" "peak_MB"
for satz in "${saetze[@]}"; do
  case "$satz" in
    bremen)    erzeugen bremen 80000 2026-10 1 36 1 ;;
    region)    erzeugen region 1000000 2026-10 1 36 2 ;;
    monatlich) erzeugen monatlich 80000 2023-11 36 0 3 ;;
    *) echo "unknown data set $satz" >&2; exit 2 ;;
  esac
  out="$(mktemp -d)"
  # Warm the page cache once so both tools read from memory.
  cat "$DATEN/$satz"/*/vermerke.csv > /dev/null
  ours=$(python3 bench/messen.py "$satz:beratungsreport" "$RUNS" -- \
    "$bin" run --input "$DATEN/$satz" --month 2026-10 --out "$out/ours" --quiet)
  duck=$(python3 bench/messen.py "$satz:duckdb" "$RUNS" -- \
    bench/.venv/bin/python bench/duckdb_bericht.py "$DATEN/$satz" 2026-10 "$out/duck")
  for zeile in "$ours" "$duck"; do
    python3 -c "import sys; a=sys.argv[1].rsplit(' ', 4); print(f'{a[0]:<34} {a[1]:>9} {a[2]:>9} {a[3]:>9} {a[4]:>9}')" "$zeile"
  done
  python3 - "$ours" "$duck" <<'PY'
import sys
*ours, d = (x.rsplit(" ", 4) for x in sys.argv[1:3])
for o in ours:
    print(f"{o[0] + ' / duckdb':<34} {float(o[1]) / float(d[1]):9.2f} {'':9} {'':9} {float(o[4]) / float(d[4]):9.2f}")
PY
  # Same figures? Compare the Jobcenter total of both.
  a=$(grep '^gesamt;;;alle;' "$out/ours/2026-10/kennzahlen.csv" | cut -d';' -f5-6)
  b=$(grep '^gesamt;;;alle;' "$out/duck/kennzahlen.csv" | cut -d';' -f5-6)
  python3 -c "import sys; a,b=[x.split(';') for x in sys.argv[1:3]]; assert a[0]==b[0] and abs(float(a[1])-float(b[1]))<1e-9, (a,b); print(f'{\"\":34} same total: {a[0]} customers, mean {float(a[1]):.4f} days')" "$a" "$b"
  rm -rf "$out"
  echo
done
