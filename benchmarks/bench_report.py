"""Report benchmark: how long does the full scorecard take for a large LA?

Not a test: it prints figures beside the target (under 5 seconds). Run it with

    .venv/bin/python benchmarks/bench_report.py              # a large LA, six years
    .venv/bin/python benchmarks/bench_report.py --size medium --years 3 --runs 5
    .venv/bin/python benchmarks/bench_report.py --fresh      # rebuild the cached store

The first run builds the synthetic LA with the synth package and loads it
through Project.load into benchmarks/out/report-<size>-<years>y/store.duckdb
(about half a minute for a large LA); later runs reuse that store. Each timed
run is one ``Project.report`` call end to end: every indicator of the layout
for this period and its four comparable predecessors (all LAs), the
judgement, the assessment-duration bands, and writing scorecard.xlsx, .html,
.json and .csv.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

from csc_scorecard.project import Project
from csc_scorecard.synth.generate import generate

TARGET_S = 5.0
OUT = Path(__file__).resolve().parent / "out"


def build_store(folder: Path, size: str, years: int, end_year: int) -> Project:
    data = folder / "data"
    store = folder / "store.duckdb"
    if store.exists() and (data / "scorecard.yaml").exists():
        return Project(store, settings=data / "scorecard.yaml")
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    print(f"building a {size} synthetic LA, {years} years, in {folder} ...", flush=True)
    made = generate(data, size=size, years=years, end_year=end_year, las=1, annex_a="none")
    project = Project(store, settings=made.settings)
    for written in made.written:
        report = project.load([written.folder], la=written.la, year=written.year)
        if not report.ok:
            sys.exit(f"the synthetic returns for {written.year} did not load: {report.issues[:3]}")
    print(f"  built and loaded in {time.perf_counter() - started:.1f} s", flush=True)
    return project


def store_size(project: Project) -> str:
    con = project.connect(read_only=True)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("child", "cin_episode", "assessment", "cla_episode") if _has(con, t)}
    finally:
        con.close()
    return ", ".join(f"{t} {n:,}" for t, n in counts.items())


def _has(con, table: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                            [table]).fetchone()[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="large", choices=("small", "medium", "large"))
    ap.add_argument("--years", type=int, default=6)
    ap.add_argument("--end-year", type=int, default=2025)
    ap.add_argument("--period", default="2024-25")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--fresh", action="store_true", help="rebuild the cached synthetic store")
    args = ap.parse_args()

    folder = OUT / f"report-{args.size}-{args.years}y"
    if args.fresh:
        shutil.rmtree(folder, ignore_errors=True)
    project = build_store(folder, args.size, args.years, args.end_year)
    print(f"store: {project.db_path} ({project.db_path.stat().st_size / 1e6:.0f} MB; {store_size(project)})")

    totals, computes, renders = [], [], []
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        result = project.report(args.period, out=folder / "scorecard")
        total = time.perf_counter() - started
        totals.append(total)
        computes.append(result.seconds["compute"])
        renders.append(result.seconds["render"])
        print(f"run {run}: {total:.2f} s (compute and judge {result.seconds['compute']:.2f} s, "
              f"render {result.seconds['render']:.2f} s)", flush=True)
    card = result.scorecard
    best, median = min(totals), statistics.median(totals)
    print(f"\n{card.la_name} ({card.la}) {card.period}: {len(card.lines)} scorecard lines over "
          f"{len(card.periods)} periods; files in {folder / 'scorecard'}")
    print(f"full report: median {median:.2f} s, best {best:.2f} s "
          f"(compute {statistics.median(computes):.2f} s, render {statistics.median(renders):.2f} s); "
          f"target < {TARGET_S:.0f} s: {'MET' if median < TARGET_S else 'NOT MET'}")


if __name__ == "__main__":
    main()
