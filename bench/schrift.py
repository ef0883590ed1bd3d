#!/usr/bin/env python3
"""Printed text size per page of a PDF that LibreOffice made from a workbook.

The median height of a page's word boxes (pdftotext -bbox) is about the font size times the
print scale: Calibri/Carlito 11 pt prints boxes 11 pt high at 100 % (calibrated on sheets
whose scale follows from their column widths). Headings and bold numbers make single pages
read a little high; a sheet that prints below 9 pt shows as a value under 9.

    bench/schrift.py FILE.pdf
"""
import re
import subprocess
import sys

text = subprocess.run(
    ["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True, check=True
).stdout
WORT = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
)
for nr, seite in enumerate(text.split("<page ")[1:], 1):
    hoehe = float(re.search(r'height="([\d.]+)"', seite).group(1))
    woerter = [(float(x), float(y0), float(y1), w) for x, y0, y1, w in WORT.findall(seite)]
    # The body: between the header and the footer lines.
    koerper = sorted(y1 - y0 for _, y0, y1, _ in woerter if 60 < y0 < hoehe - 60)
    if not koerper:
        continue
    blatt = " ".join(w for x, y0, _, w in woerter if y0 < 40 and x > 600)
    print(f"  Seite {nr:2d}  {blatt[:24]:24s}  ≈ {koerper[len(koerper) // 2]:4.1f} pt")
