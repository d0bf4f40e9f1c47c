"""Forecast backtest: how good are the year-end forecasts on the synthetic multi-year history?

Not a test: it prints figures. Run it with

    .venv/bin/python benchmarks/bench_forecast.py                  # 11 medium LAs, five years
    .venv/bin/python benchmarks/bench_forecast.py --las 4 --years 4 --size small
    .venv/bin/python benchmarks/bench_forecast.py --fresh          # rebuild the cached store

The first run builds the synthetic region with the synth package and loads it through Project.load
into benchmarks/out/forecast-<size>-<las>la-<years>y/ (a few minutes); later runs reuse it. Then, for
every LA, every year with a year before it, and the ends of Q1, Q2 and Q3, it forecasts every
indicator that can be forecast in-year (plan/forecast.py, as the plan report does) and compares with
the real year-end figure:

* coverage: how often the real figure fell inside the 80% interval (near 80% is right; far below
  means the intervals are too narrow);
* mean absolute error of the forecast, against the naive forecast "the same as last year".
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from csc_scorecard.indicators.period import financial_year, quarter
from csc_scorecard.indicators.run import engine_for
from csc_scorecard.plan import forecast as fc
from csc_scorecard.project import Project
from csc_scorecard.synth.generate import generate

OUT = Path(__file__).resolve().parent / "out"


def build_store(folder: Path, size: str, years: int, las: int, end_year: int) -> Project:
    data, store = folder / "data", folder / "store.duckdb"
    if store.exists() and (data / "scorecard.yaml").exists():
        return Project(store, settings=data / "scorecard.yaml")
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    print(f"building {las} {size} synthetic LAs, {years} years, in {folder} ...", flush=True)
    made = generate(data, size=size, years=years, end_year=end_year, las=las, annex_a="none")
    project = Project(store, settings=made.settings)
    by_la: dict[str, list] = defaultdict(list)
    for w in made.written:
        by_la[w.la].append(w)
    for la, written in by_la.items():
        # one load per LA, every year at once (the health extract is a full list: the latest only)
        paths = []
        latest = max(written, key=lambda w: w.year)
        for w in written:
            paths += [w.folder] if w is latest else [p for p in w.folder.iterdir() if "health" not in p.name]
        report = project.load(paths, la=la)
        if not report.ok:
            sys.exit(f"the synthetic returns of LA {la} did not load: {report.issues[:3]}")
    print(f"  built and loaded in {time.perf_counter() - started:.0f} s", flush=True)
    return project


def backtest(project: Project, first_year: int, last_year: int) -> list[dict]:
    settings = project.config
    catalogue = project.catalogue()
    rows = []
    with engine_for(project.db_path, settings, catalogue) as engine:
        las = engine.las()
        for ind in catalogue:
            if fc.method_for(ind) == "not forecast":
                continue
            cuts = [(y, quarter(y, q).end) for y in range(first_year + 1, last_year + 1) for q in (1, 2, 3)]
            periods = {p.name: p for y, at in cuts for p in fc.periods_needed(ind, at)}
            for y in range(first_year, last_year + 1):
                periods[financial_year(y).name] = financial_year(y)
            results = {(r.period, r.la): r for r in engine.compute_indicator(ind, list(periods.values()), las)}
            better = ind.polarity if ind.polarity in ("up", "down") else None
            for la in las:
                for y, at in cuts:
                    actual = results[(financial_year(y).name, la)]
                    naive = results[(financial_year(y - 1).name, la)]
                    if actual.status != "ok" or actual.value is None:
                        continue
                    mine = {name: results[(name, la)] for name in periods if (name, la) in results}
                    f = fc.forecast(ind, at, mine, None, better)
                    if f.point is None:
                        continue
                    rows.append({
                        "indicator": ind.id, "method": f.method, "la": la, "year": y, "quarter": quarter_of(at),
                        "actual": actual.value, "point": f.point, "low": f.low, "high": f.high,
                        "naive": naive.value if naive.status == "ok" else None})
    # errors are scaled by the indicator's mean year-end figure, so percentages, counts and days pool
    means: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        means[r["indicator"]].append(abs(r["actual"]))
    for r in rows:
        r["scale"] = max(statistics.fmean(means[r["indicator"]]), 1e-9)
    return rows


def quarter_of(d: date) -> str:
    return f"Q{((d.month - 4) % 12) // 3 + 1}"


def summarise(rows: list[dict], key) -> list[tuple]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[key(r)].append(r)
    out = []
    for name, rs in sorted(groups.items()):
        inside = sum(r["low"] - 1e-9 <= r["actual"] <= r["high"] + 1e-9 for r in rs)
        paired = [r for r in rs if r["naive"] is not None]
        rel = statistics.fmean(abs(r["point"] - r["actual"]) / r["scale"] for r in paired) if paired else None
        rel_naive = statistics.fmean(abs(r["naive"] - r["actual"]) / r["scale"] for r in paired) if paired else None
        out.append((name, len(rs), 100 * inside / len(rs), rel, rel_naive))
    return out


def show(title: str, table: list[tuple]) -> None:
    print(f"\n{title}")
    print(f"  {'':<34} {'n':>5} {'80% coverage':>13} {'mean error':>11} {'naive error':>12} {'vs naive':>9}")
    for name, n, cov, rel, naive in table:
        vs = f"{100 * (rel / naive - 1):+.0f}%" if rel is not None and naive else "–"
        err = f"{100 * rel:.1f}%" if rel is not None else "–"
        nerr = f"{100 * naive:.1f}%" if naive is not None else "–"
        print(f"  {name:<34} {n:>5} {cov:>12.1f}% {err:>11} {nerr:>12} {vs:>9}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="medium", choices=["small", "medium", "large"])
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--las", type=int, default=11)
    ap.add_argument("--end-year", type=int, default=2025)
    ap.add_argument("--fresh", action="store_true", help="Rebuild the synthetic store.")
    args = ap.parse_args()
    folder = OUT / f"forecast-{args.size}-{args.las}la-{args.years}y"
    if args.fresh:
        shutil.rmtree(folder, ignore_errors=True)
    project = build_store(folder, args.size, args.years, args.las, args.end_year)
    started = time.perf_counter()
    rows = backtest(project, args.end_year - args.years + 1, args.end_year)
    print(f"{len(rows)} forecasts ({args.las} LAs, years {args.end_year - args.years + 2}-{args.end_year}, "
          f"at the ends of Q1-Q3) in {time.perf_counter() - started:.0f} s. Mean error = mean |forecast - actual|, "
          "as a % of the indicator's mean year-end figure; naive = last year's figure.")
    show("All", summarise(rows, lambda r: "all forecasts"))
    show("By method", summarise(rows, lambda r: r["method"]))
    show("By forecast point", summarise(rows, lambda r: r["quarter"]))
    show("By indicator", summarise(rows, lambda r: r["indicator"]))


if __name__ == "__main__":
    main()
