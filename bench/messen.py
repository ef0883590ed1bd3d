#!/usr/bin/env python3
"""Times a command as a whole process: N runs under /usr/bin/time, median wall time and the
median of the peak resident memory. Prints one line: `label median_s min_s max_s peak_mb`.

    python3 messen.py LABEL RUNS [--vorher SHELL-COMMAND] [--laufzeiten JSON] -- COMMAND...

--vorher runs (untimed) before every timed run, e.g. to empty a cache for cold runs.
--laufzeiten reads the run's stage timings (laufzeiten.json) after every run and adds their
medians to the line as `stage=seconds` pairs.
"""
import statistics
import subprocess
import sys
import tempfile

label, runs = sys.argv[1], int(sys.argv[2])
cmd = sys.argv[sys.argv.index("--") + 1:]
opts = sys.argv[:sys.argv.index("--")]
vorher = opts[opts.index("--vorher") + 1] if "--vorher" in opts else None
laufzeiten = opts[opts.index("--laufzeiten") + 1] if "--laufzeiten" in opts else None
walls, peaks, schritte = [], [], {}
for _ in range(runs):
    if vorher:
        subprocess.run(vorher, shell=True, check=True)
    with tempfile.NamedTemporaryFile("r") as t:
        r = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode != 0:
            sys.exit(f"{label}: command failed with exit {r.returncode}: {' '.join(cmd)}")
        wall, kb = t.read().split()[-2:]
        walls.append(float(wall))
        peaks.append(int(kb) / 1024)
    if laufzeiten:
        import json
        with open(laufzeiten) as f:
            for name, sek in json.load(f)["schritte"]:
                schritte.setdefault(name, []).append(sek)
stufen = " ".join(f"{n}={statistics.median(v):.3f}" for n, v in schritte.items())
print(f"{label} {statistics.median(walls):.3f} {min(walls):.3f} {max(walls):.3f} {statistics.median(peaks):.0f}"
      + (f" {stufen}" if stufen else ""))
