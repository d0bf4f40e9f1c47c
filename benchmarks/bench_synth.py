"""Synthetic LA benchmark: how long does a large LA for six years take to generate?

Not a test: it prints figures beside the target. Run it with

    .venv/bin/python benchmarks/bench_synth.py                       # large LA, six years
    .venv/bin/python benchmarks/bench_synth.py --size medium --years 3 --repeat 3

Each run generates into a fresh temporary folder through ``synth.generate`` (the
same call as ``scorecard synth``), in a child process, and reports wall-clock
seconds split into simulating and writing, the files' total size and the number
of children. The best of ``--repeat`` runs is compared with the target.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = {"large": 60.0}

_CHILD = r"""
import json, sys, time
from pathlib import Path
import csc_scorecard.synth.generate as g
from csc_scorecard.synth import simulate

spent = {"simulate": 0.0}
run = simulate.Sim.run
def timed(self):
    t = time.perf_counter()
    try:
        return run(self)
    finally:
        spent["simulate"] += time.perf_counter() - t
simulate.Sim.run = timed
out, size, years, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
t = time.perf_counter()
result = g.generate(out, seed=seed, size=size, years=years, end_year=2025, las=1)
total = time.perf_counter() - t
files = [p for p in Path(out).rglob("*") if p.is_file()]
print(json.dumps({"seconds": total, "simulate": spent["simulate"], "children": len(result.las[0].children),
                  "files": len(files), "mb": sum(p.stat().st_size for p in files) / 1e6}))
"""


def run_once(size: str, years: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(Path(tmp) / "out"), size, str(years), str(seed)],
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="large", choices=["small", "medium", "large"])
    ap.add_argument("--years", type=int, default=6)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    runs = []
    for i in range(args.repeat):
        t = time.perf_counter()
        r = run_once(args.size, args.years, args.seed)
        r["process"] = time.perf_counter() - t
        runs.append(r)
        print(f"run {i + 1}: {r['seconds']:.1f} s (simulate {r['simulate']:.1f} s, write "
              f"{r['seconds'] - r['simulate']:.1f} s; {r['process']:.1f} s with Python start-up); "
              f"{r['children']:,} children, {r['files']} files, {r['mb']:.0f} MB")
    best = min(runs, key=lambda r: r["seconds"])
    target = TARGET_S.get(args.size)
    verdict = "" if target is None else (f"  target < {target:.0f} s: " + ("OK" if best["seconds"] < target else "MISSED"))
    print(f"{args.size} LA, {args.years} years: best {best['seconds']:.1f} s{verdict}")
    return 0 if target is None or best["seconds"] < target else 1


if __name__ == "__main__":
    sys.exit(main())
