#!/usr/bin/env bash
# Benchmark of every way an export may be written: no quotes, quoted header, quoted where
# needed, every field quoted, Windows-1252. For each: a full `beratungsreport run` (release)
# against the DuckDB script on the same files, side by side in one session; median wall
# time of RUNS whole-process runs, median peak memory, the ratios, and the notes stage's rate
# (bytes of vermerke.csv / stage seconds from laufzeiten.json) beside `wc -l` on the same file.
#
#   [RUNS=5] [STILE="ohne kopf noetig alle cp1252"] bench/stile.sh [bremen|region|region2]
#
#   bremen   80,000 customers, 36 months of notes in one vermerke.csv (~205 MB)
#   region   1,000,000 customers, the same (~2.6 GB)
#   region2  2,000,000 customers (~5.2 GB): peak memory must not grow with the notes file
#
# Variants are written next to the base data set (bench/stile.py) and removed afterwards
# unless BEHALTEN=1. Needs cargo, python3 (venv + pip for duckdb, xlsxwriter), /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
DATEN="${BENCH_DATEN:-bench/daten}"
ZIEL="${CARGO_TARGET_DIR:-target}"
satz="${1:-bremen}"

cargo build --release --quiet
bin="$ZIEL/release/beratungsreport"
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet duckdb==2.0.0 xlsxwriter==3.3.1
fi
case "$satz" in
  bremen)  kunden=80000;   seed=1 ;;
  region)  kunden=1000000; seed=2 ;;
  region2) kunden=2000000; seed=4 ;;
  *) echo "unknown data set $satz" >&2; exit 2 ;;
esac
if [ ! -d "$DATEN/$satz" ]; then
  echo "# generating $satz ..." >&2
  "$bin" generate --out "$DATEN/$satz" --customers "$kunden" --from 2026-10 --months 1 --history 36 --seed "$seed" --quiet
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "data set: $satz, runs per figure: $RUNS (median wall time; median peak RSS)"
echo
echo "| style | beratungsreport s | MB | DuckDB s | MB | time ratio | memory ratio | notes stage | notes MB/s | wc -l s |"
echo "|---|---|---|---|---|---|---|---|---|---|"
out="$(mktemp -d)"
for stil in ${STILE:-ohne kopf noetig alle cp1252}; do
  if [ "$stil" = ohne ]; then
    dir="$DATEN/$satz"
  else
    dir="$DATEN/$satz-$stil"
    [ -d "$dir" ] || python3 bench/stile.py "$DATEN/$satz" "$dir" "$stil"
  fi
  enc=""
  [ "$stil" = cp1252 ] && enc="latin-1"
  v="$dir/2026-10/vermerke.csv"
  cat "$v" > /dev/null # page cache warm for both tools
  wc=$(python3 -c "
import statistics, subprocess, time
t = []
for _ in range(5):
    a = time.perf_counter(); subprocess.run(['wc', '-l', '$v'], stdout=subprocess.DEVNULL); t.append(time.perf_counter() - a)
print(f'{statistics.median(t):.3f}')")
  ours=$(python3 bench/messen.py "ours" "$RUNS" --laufzeiten "$out/ours/2026-10/laufzeiten.json" -- \
    "$bin" run --input "$dir" --month 2026-10 --out "$out/ours" --quiet)
  duck=$(python3 bench/messen.py "duck" "$RUNS" -- \
    bench/.venv/bin/python bench/duckdb_bericht.py "$dir" 2026-10 "$out/duck" $enc)
  python3 - "$ours" "$duck" "$stil" "$(stat -c %s "$v")" "$wc" <<'PY'
import sys
o, d = sys.argv[1].split(), sys.argv[2].split()
stil, groesse, wc = sys.argv[3], int(sys.argv[4]), sys.argv[5]
stufen = dict(x.split("=") for x in o[5:])
v = float(stufen["vermerke"])
print(f"| {stil} | {float(o[1]):.2f} | {float(o[4]):.0f} | {float(d[1]):.2f} | {float(d[4]):.0f} | "
      f"{float(o[1]) / float(d[1]):.2f} | {float(o[4]) / float(d[4]):.2f} | {v:.2f} s | {groesse / v / 1e6:.0f} | {wc} |")
PY
  # Same figures? The Jobcenter total of both tools.
  a=$(grep '^gesamt;;;alle;' "$out/ours/2026-10/kennzahlen.csv" | cut -d';' -f5-6)
  b=$(grep '^gesamt;;;alle;' "$out/duck/kennzahlen.csv" | cut -d';' -f5-6)
  python3 -c "import sys; a,b=[x.split(';') for x in sys.argv[1:3]]; assert a[0]==b[0] and abs(float(a[1])-float(b[1]))<1e-9, (a,b)" "$a" "$b"
  if [ "$stil" != ohne ] && [ "${BEHALTEN:-0}" != 1 ]; then rm -rf "$dir"; fi
done
rm -rf "$out"
