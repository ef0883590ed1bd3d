#!/usr/bin/env python3
"""Rewrites a generated export folder in the ways other tools write exports, for the benchmark:

    python3 stile.py SRC DST STYLE      STYLE: kopf | noetig | alle | cp1252

kopf    the header line quoted, data as needed (Excel, SAS and many warehouse exports)
noetig  fields quoted only where needed (the generated notes hold no `;` or `"` in a field, so
        their file equals the unquoted one byte for byte — kept so the table shows it)
alle    every field quoted
cp1252  as needed, every file in Windows-1252

Each file keeps its line ends and (except for cp1252) its encoding.
"""
import csv
import os
import sys

src, dst, stil = sys.argv[1], sys.argv[2], sys.argv[3]
for monat in sorted(os.listdir(src)):
    if not os.path.isdir(os.path.join(src, monat)):
        continue
    os.makedirs(os.path.join(dst, monat), exist_ok=True)
    for name in os.listdir(os.path.join(src, monat)):
        pfad = os.path.join(src, monat, name)
        # Streamed row by row: a region's notes (2.6 GB) do not fit in memory as Python rows.
        with open(pfad, "rb") as f:
            anfang = f.read(1 << 20)
        try:
            anfang.decode("utf-8")
            kodierung = "utf-8-sig"
        except UnicodeDecodeError as e:
            # A cut multi-byte character at the end of the sample is still UTF-8.
            kodierung = "utf-8-sig" if e.start > len(anfang) - 4 else "cp1252"
        ende = "\r\n" if b"\r\n" in anfang[:4096] else "\n"
        ziel_kodierung = "cp1252" if stil == "cp1252" else ("utf-8" if kodierung == "utf-8-sig" else "cp1252")
        with open(pfad, encoding=kodierung, newline="") as ein, \
                open(os.path.join(dst, monat, name), "w", encoding=ziel_kodierung, newline="") as aus:
            alle = csv.writer(aus, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator=ende)
            noetig = csv.writer(aus, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator=ende)
            for i, z in enumerate(csv.reader(ein, delimiter=";")):
                (alle if stil == "alle" or (stil == "kopf" and i == 0) else noetig).writerow(z)
