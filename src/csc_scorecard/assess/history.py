"""Year-by-year history for the trend charts: the LA, its target, England, its region, its neighbours.

Published figures (LAIT, EES, loaded with ``scorecard benchmarks load``) give
every year they cover; the LA's own financial years come from its loaded
returns (the engine's results) and, for years whose returns are not loaded,
from its published figures - marked so. Without published figures the
neighbours are the mean of the other LAs in the store and England is the one
figure of the indicator's definition.

A count has no England, region or neighbour series: an LA's number of
adoptions is not comparable with England's (INDICATORS.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean
from typing import Any, Iterable, Mapping, Sequence

import duckdb

from ..benchmarks import published as pub
from ..benchmarks.errors import BenchmarkLookupError
from ..indicators.period import Period, financial_year
from .layout import Layout

YEARS = 6  # how many financial years a trend chart covers, ending with the report's


@dataclass
class History:
    years: list[str]  # financial years, oldest first
    la: list[float | None]
    la_published: list[bool]  # True where the LA's figure is its published one (its returns not loaded)
    target: list[float | None]
    england: list[float | None]
    region: list[float | None]
    neighbours: list[float | None]
    la_base: list[tuple[float | None, float | None]] = field(default_factory=list)  # (numerator, denominator)
    region_name: str | None = None
    source: str = ""  # the published measure, when one is loaded
    notes: list[str] = field(default_factory=list)


def from_first_figure(h: History) -> History:
    """``h`` from the first year with a figure of the LA, England, the region or the neighbours: a chart
    spends no width on years where only the target would be drawn."""
    others = (h.la, h.england, h.region, h.neighbours)
    first = next((i for i in range(len(h.years)) if any(s[i] is not None for s in others)), len(h.years))
    if first == 0:
        return h
    return History(years=h.years[first:], la=h.la[first:], la_published=h.la_published[first:],
                   target=h.target[first:], england=h.england[first:], region=h.region[first:],
                   neighbours=h.neighbours[first:], la_base=h.la_base[first:], region_name=h.region_name,
                   source=h.source, notes=list(h.notes))


def history_years(period: Period, count: int = YEARS) -> list[Period]:
    """The financial years a chart covers: up to the report's own year (the last whole one for a part-year)."""
    last = period.year_ending if period.is_whole_financial_year or period.end.month == 3 and period.end.day == 31 \
        else period.year_ending - 1
    return [financial_year(y) for y in range(last - count + 1, last + 1)]


def _published_years(con: duckdb.DuckDBPyConnection | None, benchmark: Any, years: Sequence[int]):
    """(measure, {year: PublishedYear}) from the first loaded measure the benchmark names, else (None, {})."""
    if con is None or not benchmark:
        return None, {}
    try:
        for key in pub.keys_from_benchmark(benchmark):
            stored = pub.resolve(con, key)
            if stored is None:
                continue
            have = set(pub.years(con, stored))
            return stored, {y: pub.published(con, stored, y) for y in years if y in have}
    except BenchmarkLookupError:
        return None, {}
    return None, {}


def indicator_history(con: duckdb.DuckDBPyConnection | None, la: str, indicator: Mapping, row, years: list[Period],
                      results: Iterable[Mapping], neighbours: Sequence[str] | None = None) -> History:
    """One indicator's History; ``results`` are engine results (all LAs) including the financial years."""
    kind = indicator.get("kind") or "snapshot"
    ends = [p.year_ending for p in years]
    names = [p.name for p in years]
    own: dict[str, float | None] = {}
    base: dict[str, tuple[float | None, float | None]] = {}
    others: dict[str, dict[str, float]] = {}
    for r in results:
        if r["indicator"] != indicator["id"] or str(r["period"]) not in names:
            continue
        value = r["value"] if r.get("status", "ok") == "ok" else None
        if str(r["la"]) == la:
            own[str(r["period"])] = value
            base[str(r["period"])] = (r.get("numerator"), r.get("denominator"))
        elif value is not None:
            others.setdefault(str(r["period"]), {})[str(r["la"])] = value
    stored, data = _published_years(con, indicator.get("benchmark"), ends)
    la_values, la_published = [], []
    for p, y in zip(names, ends):
        value = own.get(p)
        published = value is None and y in data and data[y].la.get(la) is not None
        la_values.append(data[y].la.get(la) if published else value)
        la_published.append(published)
    history = History(names, la_values, la_published, [row.target_for(p) for p in years],
                      [None] * len(years), [None] * len(years), [None] * len(years),
                      la_base=[(None, None) if pub_ else base.get(p, (None, None))
                               for p, pub_ in zip(names, la_published)])
    if kind == "count":
        history.notes.append("a count: no England, region or neighbour line")
        return history
    if data:
        listed = list(neighbours) if neighbours is not None else \
            [n["la"] for n in pub.statistical_neighbours(con, la)]
        history.source = stored.describe()
        for i, y in enumerate(ends):
            d = data.get(y)
            if d is None:
                continue
            history.england[i] = d.england
            region = d.la_region.get(la)
            if region:
                history.region_name = region
                history.region[i] = d.regions.get(region)
            have = [d.la[n] for n in listed if n != la and d.la.get(n) is not None]
            history.neighbours[i] = fmean(have) if have else None
    else:
        for i, p in enumerate(names):
            have = [v for k, v in others.get(p, {}).items() if neighbours is None or k in neighbours]
            history.neighbours[i] = fmean(have) if have else None
        england = _definition_england(indicator.get("benchmark"))
        if england:
            year, value = england
            if year in ends:
                history.england[ends.index(year)] = value
    return history


def _definition_england(benchmark: Any) -> tuple[int, float] | None:
    if not isinstance(benchmark, Mapping):
        return None
    for k, v in benchmark.items():
        if str(k).startswith("england_") and isinstance(v, (int, float)) and not isinstance(v, bool):
            first = int(str(k)[len("england_"):].split("_")[0])
            return first + 1, float(v)
    return None


def scorecard_history(con: duckdb.DuckDBPyConnection | None, la: str, layout: Layout, catalogue: Any,
                      years: list[Period], results: Iterable[Any],
                      neighbours: Sequence[str] | None = None) -> dict[str, History]:
    """{indicator id: History} for every row of the layout (by indicator; the first row's target wins)."""
    rows = [r if isinstance(r, Mapping) else r.as_dict() for r in results]
    out: dict[str, History] = {}
    for row in layout.rows:
        if row.indicator in out:
            continue
        ind = catalogue.get(row.indicator) if hasattr(catalogue, "get") else catalogue[row.indicator]
        ind = ind.summary() if hasattr(ind, "summary") else dict(ind)
        out[row.indicator] = indicator_history(con, la, ind, row, years, rows, neighbours)
    return out

