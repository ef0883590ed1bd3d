#!/usr/bin/env bash
# The cost of appointments: the bremen data set (80,000 customers, 36 months of notes in one
# extract) generated with its appointment calendar, run with termine.csv and with the same
# folder without it (same notes, same customers), RUNS pairs each; medians of wall time and
# peak memory from /usr/bin/time, and the median of the pairs' ratios.
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
# Runs with and without termine.csv alternate (with, without, with, …), so a drift of the
# machine's speed during the call moves both alike; the ratio is taken pair by pair and its
# median printed beside the medians of each side.
paar() {
  local name="$1"; shift
  for i in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$tmp/a" "$bin" run --input "$mit" --month 2026-10 --out "$tmp/out" --quiet "$@" 2>>"$tmp/log" || true
    /usr/bin/time -f "%e %M" -o "$tmp/b" "$bin" run --input "$ohne" --month 2026-10 --out "$tmp/out" --quiet "$@" 2>>"$tmp/log" || true
    echo "$(cat "$tmp/a") $(cat "$tmp/b")"
  done | awk -v n="$name" '
    function median(v, k,   i, j, t) { for (i = 2; i <= k; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t } return (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }
    { ta[NR] = $1; ma[NR] = $2; tb[NR] = $3; mb[NR] = $4; q[NR] = $1 / $3 }
    END { printf "%-18s without %.2f s, %d MB | with %.2f s, %d MB | ratio (pairwise median) %.3f, min %.3f, max %.3f\n",
          n, median(tb, NR), median(mb, NR) / 1024, median(ta, NR), median(ma, NR) / 1024, median(q, NR), min(q), max(q) }
    function min(v,   i, m) { m = v[1]; for (i in v) if (v[i] < m) m = v[i]; return m }
    function max(v,   i, m) { m = v[1]; for (i in v) if (v[i] > m) m = v[i]; return m }'
}
wc -l "$mit"/2026-10/termine.csv
paar "run"
paar "run --verteilung" --verteilung
