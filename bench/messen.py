#!/usr/bin/env python3
"""Times a command as a whole process: N runs under /usr/bin/time, median wall time and the
median of the peak resident memory. Prints one line: `label median_s min_s max_s peak_mb`.

    python3 messen.py LABEL RUNS [--vorher SHELL-COMMAND] -- COMMAND...

--vorher runs (untimed) before every timed run, e.g. to empty a cache for cold runs.
"""
import statistics
import subprocess
import sys
import tempfile

label, runs = sys.argv[1], int(sys.argv[2])
cmd = sys.argv[sys.argv.index("--") + 1:]
vorher = sys.argv[sys.argv.index("--vorher") + 1] if "--vorher" in sys.argv[:sys.argv.index("--")] else None
walls, peaks = [], []
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
print(f"{label} {statistics.median(walls):.3f} {min(walls):.3f} {max(walls):.3f} {statistics.median(peaks):.0f}")
