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
import io
import os
import sys

src, dst, stil = sys.argv[1], sys.argv[2], sys.argv[3]
for monat in sorted(os.listdir(src)):
    if not os.path.isdir(os.path.join(src, monat)):
        continue
    os.makedirs(os.path.join(dst, monat), exist_ok=True)
    for name in os.listdir(os.path.join(src, monat)):
        with open(os.path.join(src, monat, name), "rb") as f:
            daten = f.read()
        try:
            text, kodierung = daten.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            text, kodierung = daten.decode("cp1252"), "cp1252"
        if stil == "cp1252":
            kodierung = "cp1252"
        ende = "\r\n" if "\r\n" in text[:4096] else "\n"
        zeilen = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        aus = io.StringIO(newline="")
        alle = csv.writer(aus, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator=ende)
        noetig = csv.writer(aus, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator=ende)
        for i, z in enumerate(zeilen):
            (alle if stil == "alle" or (stil == "kopf" and i == 0) else noetig).writerow(z)
        with open(os.path.join(dst, monat, name), "wb") as f:
            f.write(aus.getvalue().encode(kodierung))
