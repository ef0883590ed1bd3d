#!/usr/bin/env bash
# Printed pages: the demo month (2026-10, --verteilung) turned into PDF by LibreOffice, as a
# manager prints it, and its pages counted per workbook and per sheet — the Jobcenter
# workbook, one Geschäftsstelle (Bremen-Mitte), one team (651) and the audit workbook.
#
#   bench/seiten.sh            (goals: Jobcenter ≤ 12, a Geschäftsstelle ≤ 10, team 651 ≤ 12)
#   SCHRIFT=1 bench/seiten.sh  (also the printed text size per page, bench/schrift.py)
#
# Needs: cargo, LibreOffice (`soffice`, Debian package libreoffice-calc) and pdftotext
# (poppler-utils). The PDFs stay in bench/daten/seiten/ to be looked at (pdftoppm -png).
set -euo pipefail
cd "$(dirname "$0")/.."
ZIEL="${CARGO_TARGET_DIR:-target}"
AUS="${BENCH_DATEN:-bench/daten}/seiten"
cargo build --release --quiet
rm -rf "$AUS" && mkdir -p "$AUS/pdf"
"$ZIEL/release/beratungsreport" run --input fixtures/demo --month 2026-10 --out "$AUS" \
  --verteilung --quiet 2>/dev/null
m="$AUS/2026-10"
soffice --headless --convert-to pdf --outdir "$AUS/pdf" "$m/Beratungscontrolling_2026-10.xlsx" \
  "$m/Geschaeftsstellen/Bremen-Mitte.xlsx" "$m/Teams/651.xlsx" "$m/Pruefprotokoll_2026-10.xlsx" \
  >/dev/null 2>&1
for pdf in Beratungscontrolling_2026-10 Bremen-Mitte 651 Pruefprotokoll_2026-10; do
  datei="$AUS/pdf/$pdf.pdf"
  # Every page's header names its sheet on the right („&A“); pages counted by sheet.
  seiten=$(pdftotext -layout "$datei" - | grep -c $'\f' || true)
  echo "$pdf: $seiten Seiten"
  for i in $(seq 1 "$seiten"); do
    pdftotext -f "$i" -l "$i" -layout "$datei" - | head -3 \
      | grep -o 'Stichtag [0-9.]*  *.*$' | sed 's/Stichtag [0-9.]* *//' || true
  done | uniq -c | sed 's/^/  /'
  if [ -n "${SCHRIFT:-}" ]; then python3 bench/schrift.py "$datei"; fi
done
