#!/usr/bin/env python3
"""Writes an Excel export beside a CSV one with the same rows, for the Excel benchmark.

    excel.py QUELLE MONAT ZIEL [ZEILEN]

Copies month folder MONAT of export QUELLE twice: ZIEL/csv/MONAT with vermerke.csv cut to the
first ZEILEN notes (default 1,048,575: Excel's maximum under a header row), and ZIEL/xlsx/MONAT
with the same notes as vermerke.xlsx (Kundennummer and texts as text, Vermerkdatum as a date
cell, as exports from Excel-based systems have them). Other files are copied as CSV.
Needs xlsxwriter (bench/.venv).
"""
import csv
import datetime
import os
import shutil
import sys

import xlsxwriter

quelle, monat, ziel = sys.argv[1], sys.argv[2], sys.argv[3]
zeilen = int(sys.argv[4]) if len(sys.argv) > 4 else 1_048_575
for art in ("csv", "xlsx"):
    os.makedirs(os.path.join(ziel, art, monat), exist_ok=True)
    for name in os.listdir(os.path.join(quelle, monat)):
        if name != "vermerke.csv":
            shutil.copy(os.path.join(quelle, monat, name), os.path.join(ziel, art, monat, name))

with open(os.path.join(quelle, monat, "vermerke.csv"), newline="", encoding="utf-8") as f:
    leser = csv.reader(f, delimiter=";")
    kopf = next(leser)
    with open(os.path.join(ziel, "csv", monat, "vermerke.csv"), "w", newline="", encoding="utf-8") as c:
        w = csv.writer(c, delimiter=";", lineterminator="\n")
        w.writerow(kopf)
        mappe = xlsxwriter.Workbook(os.path.join(ziel, "xlsx", monat, "vermerke.xlsx"),
                                    {"constant_memory": True})
        blatt = mappe.add_worksheet("Vermerke")
        datum_format = mappe.add_format({"num_format": "dd.mm.yyyy"})
        blatt.write_row(0, 0, kopf)
        d = kopf.index("Vermerkdatum")
        for i, zeile in enumerate(leser):
            if i >= zeilen:
                break
            w.writerow(zeile)
            for j, wert in enumerate(zeile):
                if j == d:
                    blatt.write_datetime(i + 1, j, datetime.datetime.strptime(wert, "%Y-%m-%d"), datum_format)
                else:
                    blatt.write_string(i + 1, j, wert)
        mappe.close()
