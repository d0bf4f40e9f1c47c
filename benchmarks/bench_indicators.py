"""Indicator engine benchmark: the whole catalogue for five financial years and their quarters.

Not a test: it prints figures beside the targets. Run it with

    .venv/bin/python benchmarks/bench_indicators.py              # both scenarios
    .venv/bin/python benchmarks/bench_indicators.py --scenario a --keep /tmp/bench   # reuse files next time

Scenarios (built with the synthetic generator, csc_scorecard.synth, then
loaded through ``Project.load`` like real files):

  (a) one large LA with six years of history     target < 3 s
  (b) a region of 11 medium LAs, six years each  target < 10 s
  peak memory of the computation                  target < 1 GB

The timed part is ``Project.indicators`` for 25 periods (2020-21 ... 2024-25
and each of their quarters), every indicator in the catalogue, every LA: it
opens the store read-only, loads the catalogue and settings, checks coverage
and runs each indicator's query once for all periods and LAs. It runs in a
child process so that the peak memory (VmHWM: Python heap plus DuckDB's
native memory) belongs to the computation alone; the best of --repeat runs is
reported (the first pays for a cold file cache). CPU seconds (all threads of
the process) are printed too: on a busy machine they show what the wall
time would be on a quiet one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS_S = {"a": 3.0, "b": 10.0}
TARGET_MB = 1024
END_YEAR = 2025
SCENARIOS = {"a": {"size": "large", "las": 1, "years": 6}, "b": {"size": "medium", "las": 11, "years": 6}}


def periods() -> list[str]:
    from csc_scorecard.indicators.period import fy_name

    out = []
    for year in range(END_YEAR - 4, END_YEAR + 1):
        out.append(fy_name(year))
        out.extend(f"{fy_name(year)}-Q{q}" for q in (1, 2, 3, 4))
    return out


def build(scenario: str, folder: Path) -> tuple[Path, Path]:
    """Generate the scenario's files and load them into folder/store.duckdb (once; reused with --keep)."""
    from csc_scorecard.project import Project
    from csc_scorecard.synth.generate import generate

    db, settings = folder / "store.duckdb", folder / "files" / "scorecard.yaml"
    if db.exists() and settings.exists():
        print(f"  reusing {db}")
        return db, settings
    spec = SCENARIOS[scenario]
    t = time.perf_counter()
    result = generate(folder / "files", seed=1, size=spec["size"], years=spec["years"], end_year=END_YEAR,
                      las=spec["las"], annex_a="all")
    print(f"  generated {spec['las']} {spec['size']} LA(s) x {spec['years']} years in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    project = Project(db, result.settings)
    for la in result.las:
        report = project.load([folder / "files" / la.code], la=la.code, command="bench_indicators")
        not_loaded = [f.path for f in report.files if f.status == "not loaded"]
        if not_loaded:
            print(f"  warning: {len(not_loaded)} files of LA {la.code} not loaded, e.g. {not_loaded[0]}")
    print(f"  loaded into {db} in {time.perf_counter() - t:.1f} s")
    return db, result.settings


def peak_mb() -> float:
    """This process's peak resident memory.

    Linux's VmHWM belongs to the running program alone; ru_maxrss can carry the
    parent's peak across fork and exec (the parent here may just have generated
    and loaded a region), so it is only the fallback.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def compute(db: str, settings: str) -> dict:
    """The timed part (run in a child process)."""
    from csc_scorecard.project import Project

    t, cpu = time.perf_counter(), time.process_time()
    results = Project(db, settings).indicators(periods())
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "peak_mb": peak_mb(),
            "results": len(results), "ok": sum(r.status == "ok" for r in results),
            "indicators": len({r.indicator for r in results}), "las": len({r.la for r in results})}


def store_size(db: Path) -> str:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        n = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("cin_episode", "assessment", "cp_plan", "cp_review", "cla_episode", "cla_review")}
    finally:
        con.close()
    return ", ".join(f"{t} {v:,}" for t, v in n.items())


def run(scenario: str, folder: Path, repeat: int) -> bool:
    print(f"({scenario}) {SCENARIOS[scenario]}")
    db, settings = build(scenario, folder)
    print(f"  store: {store_size(db)}")
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--compute", str(db), str(settings)],
                             capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["seconds"])
    ok_time = best["seconds"] < TARGETS_S[scenario]
    ok_mem = max(r["peak_mb"] for r in runs) < TARGET_MB
    print(f"  {best['indicators']} indicators x {len(periods())} periods x {best['las']} LAs = {best['results']:,} "
          f"figures ({best['ok']:,} ok)")
    times = ", ".join(f"{r['seconds']:.2f}" for r in runs)
    cpu = ", ".join(f"{r['cpu_seconds']:.2f}" for r in runs)
    print(f"  time {best['seconds']:.2f} s (target < {TARGETS_S[scenario]:.0f} s) {'OK' if ok_time else 'OVER'}; "
          f"runs: {times}; CPU seconds (all threads): {cpu}")
    print(f"  peak memory {max(r['peak_mb'] for r in runs):.0f} MB (target < {TARGET_MB} MB) "
          f"{'OK' if ok_mem else 'OVER'}")
    return ok_time and ok_mem


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["a", "b", "both"], default="both")
    parser.add_argument("--keep", type=Path, help="Folder to keep (and reuse) the generated files and stores.")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compute", nargs=2, metavar=("DB", "SETTINGS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compute:
        print(json.dumps(compute(*args.compute)))
        return
    scenarios = ["a", "b"] if args.scenario == "both" else [args.scenario]
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs, load average {load:.1f}" + (" - other work is running: wall times will be "
          "inflated; the CPU seconds are a fairer figure" if load > (os.cpu_count() or 1) else ""))
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        ok = all([run(s, base / s, args.repeat) for s in scenarios])
    print("all targets met" if ok else "some targets missed")


if __name__ == "__main__":
    main()
