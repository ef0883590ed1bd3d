#!/usr/bin/env bash
# The cost of appointments: the bremen data set (80,000 customers, 36 months of notes in one
# extract) generated with its appointment calendar, run with termine.csv and with the same
# folder without it (same notes, same customers), RUNS times each; medians of wall time and
# peak memory from /usr/bin/time.
#
#   [RUNS=5] bench/termine.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
DATEN="bench/daten"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/beratungsreport-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/beratungsreport"
mit="$DATEN/bremen-termine"
ohne="$DATEN/bremen-ohne-termine"
if [ ! -d "$mit" ]; then
  "$bin" generate --out "$mit" --customers 80000 --from 2026-10 --months 1 --history 36 --seed 1 --quiet
fi
rm -rf "$ohne" && cp -al "$mit" "$ohne" && rm "$ohne"/*/termine.csv
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
messen() {
  local name="$1" ein="$2"; shift 2
  for i in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$tmp/t" "$bin" run --input "$ein" --month 2026-10 --out "$tmp/out" --quiet "$@" || true
    cat "$tmp/t"
  done | sort -n | awk -v n="$name" '{t[NR]=$1; m[NR]=$2} END {i=int((NR+1)/2); printf "%-34s median %.2f s, %d MB (min %.2f s, max %.2f s)\n", n, t[i], m[i]/1024, t[1], t[NR]}'
}
wc -l "$mit"/2026-10/termine.csv
messen "ohne termine.csv" "$ohne"
messen "mit termine.csv" "$mit"
messen "ohne termine.csv, --verteilung" "$ohne" --verteilung
messen "mit termine.csv, --verteilung" "$mit" --verteilung
