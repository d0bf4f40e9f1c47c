"""How an LA stands against its statistical neighbours, its region and England.

One arithmetic for both kinds of input:

* published figures (LAIT, EES) loaded with ``scorecard benchmarks load``:
  ``published_comparators(con, la, benchmark, period)``;
* indicator values the engine computed for every LA in the store (the
  synthetic demo has no published figures): ``computed_comparators(results,
  la, indicator, period)``.

Both build a ``{la: value}`` map and hand it to ``compare_values``.

The methods, as LAIT's (DfE, R/fn_analysis.R and the user guide):

* **Neighbours' mean**: the simple mean of the neighbours that have a
  value; neighbours without one are left out (``neighbours_n`` says how
  many counted). The **median** (as DfE's CSC national framework dashboard)
  is given beside it, over the same neighbours.
* **Rank**: 1 = best. Polarity up ranks the highest value 1, polarity down
  the lowest. Ties share the smallest rank (R's ``ties.method = "min"``:
  values 10, 20, 20, 30 ranked low-is-best give 1, 2, 2, 4). ``of`` = the
  number of LAs with a value. Context measures get no rank.
* **Quartile band**: the quartiles of all LAs' values are R's default
  ``quantile()`` (type 7, linear interpolation between order statistics; the
  same as Python's ``statistics.quantiles(method="inclusive")``). Counting
  from the lowest value: [min, Q1] is the first band, (Q1, Q2] the second,
  (Q2, Q3] the third, (Q3, max] the fourth. With polarity down the first band
  is A (best); with polarity up the letters run the other way (the fourth is
  A). So a value exactly on a quartile goes to the band below it: Q1 itself
  is A for polarity down and D for polarity up. Context measures, and LAIT
  measures whose dictionary says No_Quartile = N, get no band.

Published data is annual and lags: for a period, the figures used are those
of the latest published year at or before the period's year (its 31 March),
and ``year_used`` says which.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import duckdb

from ..benchmarks import published as pub
from ..benchmarks.errors import BenchmarkLookupError
from ..benchmarks.published import statistical_neighbours
from ..benchmarks.tables import has_tables
from ..indicators.period import Period, fy_name, parse_period

POLARITIES = ("up", "down", "context")


@dataclass
class Comparators:
    la: str
    polarity: str
    source: str | None = None  # "LAIT ReReferral", "computed from 12 LAs in the store", ...
    year: int | None = None
    year_used: str | None = None  # "2024-25 published"
    note: str | None = None  # e.g. "2025-26 is not published yet"
    value: float | None = None  # the LA value ranked and banded
    value_basis: str | None = None  # "published 2024-25" | "this period's value"
    published_value: float | None = None  # the LA's own published figure for year_used
    la_published: bool = False  # True when the published figures have a row for the LA in year_used
    england: float | None = None
    england_basis: str | None = None
    england_source: str | None = None  # where the England (and region) figure comes from
    region: float | None = None
    region_name: str | None = None
    region_source: str | None = None  # set when the region's figure is not the published one
    neighbours_mean: float | None = None
    neighbours_median: float | None = None
    neighbours_n: int = 0  # neighbours with a value
    neighbours_listed: int = 0  # neighbours in the list
    neighbours: list[dict] = field(default_factory=list)  # [{la, name, value}] in neighbour order
    rank: int | None = None
    of: int = 0
    quartile_band: str | None = None
    quartiles: tuple[float, float, float] | None = None  # Q1, Q2 (median), Q3 of all LAs

    def as_dict(self) -> dict:
        return asdict(self)


# -- the arithmetic ------------------------------------------------------------------------------

def _clean(values: Mapping[str, float | None]) -> dict[str, float]:
    return {la: float(v) for la, v in values.items() if v is not None}


def neighbour_stats(neighbours: Sequence[str],
                    values: Mapping[str, float | None]) -> tuple[float | None, float | None, int]:
    """(mean, median, how many had a value) over the neighbours that have a value."""
    have = [float(values[n]) for n in neighbours if values.get(n) is not None]
    if not have:
        return None, None, 0
    return statistics.fmean(have), statistics.median(have), len(have)


def rank_of(value: float | None, values: Iterable[float], polarity: str) -> int | None:
    """1 = best; ties share the smallest rank. None for context measures or no value."""
    if value is None or polarity not in ("up", "down"):
        return None
    better = (lambda v: v > value) if polarity == "up" else (lambda v: v < value)
    return 1 + sum(1 for v in values if better(v))


def quartile_cuts(values: Iterable[float]) -> tuple[float, float, float] | None:
    """Q1, Q2, Q3 by R's default (type 7); None with fewer than two values."""
    data = sorted(values)
    if len(data) < 2:
        return None
    q1, q2, q3 = statistics.quantiles(data, n=4, method="inclusive")
    return q1, q2, q3


def quartile_band(value: float | None, cuts: tuple[float, float, float] | None, polarity: str) -> str | None:
    """A (best) to D, polarity-aware; a value on a cut belongs to the band below it."""
    if value is None or cuts is None or polarity not in ("up", "down"):
        return None
    q1, q2, q3 = cuts
    position = 0 if value <= q1 else 1 if value <= q2 else 2 if value <= q3 else 3
    letters = "ABCD" if polarity == "down" else "DCBA"
    return letters[position]


def compare_values(la: str, values: Mapping[str, float | None], polarity: str, neighbours: Sequence[str],
                   *, value: float | None = None, bands: bool = True) -> Comparators:
    """The one code path: neighbours' mean and median, rank and band of ``la`` among ``values``.

    ``values`` holds every LA's value (None = no value). ``value``, when
    given, replaces the LA's own entry (e.g. this quarter's figure placed
    among last year's published ones).
    """
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, not {polarity!r}")
    own = values.get(la)
    pool = dict(values)
    if value is not None:
        pool[la] = value
    ranked = pool.get(la)
    clean = _clean(pool)
    neighbours = [n for n in neighbours if n != la]
    mean, median, n = neighbour_stats(neighbours, pool)
    cuts = quartile_cuts(clean.values())
    return Comparators(
        la=la, polarity=polarity, value=ranked, published_value=own,
        neighbours_mean=mean, neighbours_median=median, neighbours_n=n, neighbours_listed=len(neighbours),
        neighbours=[{"la": x, "value": pool.get(x)} for x in neighbours],
        rank=rank_of(ranked, clean.values(), polarity) if ranked is not None else None,
        of=len(clean),
        quartile_band=quartile_band(ranked, cuts, polarity) if bands else None,
        quartiles=cuts,
    )


# -- published figures ---------------------------------------------------------------------------

def _pick_year(available: list[int], period: Period) -> tuple[int | None, str | None]:
    target = period.year_ending
    usable = [y for y in available if y <= target]
    if not usable:
        return None, (f"nothing published for {period.name} or earlier" if available else "nothing published")
    year = usable[-1]
    if period.kind != "financial-year" or not period.is_whole_financial_year:
        return year, f"published figures are annual: the latest at or before {period.name} is used"
    if year < target:
        return year, f"{fy_name(target)} is not published yet: the latest published year is used"
    return year, None


def published_comparators(con: duckdb.DuckDBPyConnection, la: str, benchmark: Any, period: str | Period, *,
                          polarity: str | None = None, value: float | None = None,
                          neighbours: Sequence[str] | None = None, model: str | None = None) -> Comparators | None:
    """Comparators from the published figures an indicator's ``benchmark:`` block names.

    ``value`` (this period's figure) is ranked and banded among the other
    LAs' published figures; without it the LA's own published figure is.
    ``neighbours`` overrides the loaded statistical neighbours (the
    settings' list). Returns None when none of the named measures is loaded;
    then ``catalogue_england`` gives the indicator's own England figure.
    """
    period = parse_period(period)
    for key in pub.keys_from_benchmark(benchmark):
        stored = pub.resolve(con, key)
        if stored is None:
            continue
        available = pub.years(con, stored)
        year, note = _pick_year(available, period)
        info = pub.measure_info(con, stored)
        pol = polarity or info["polarity"] or "context"
        if year is None:
            return Comparators(la=la, polarity=pol, source=stored.describe(), note=note)
        data = pub.published(con, stored, year)
        listed = (list(neighbours) if neighbours is not None
                  else [n["la"] for n in statistical_neighbours(con, la, model)])
        result = compare_values(la, data.la, pol, listed, value=value, bands=bool(info["quartiles"]))
        when = pub.describe_year(year, data.label, info["year_type"])
        result.source = stored.describe()
        result.year, result.year_used, result.note = year, f"{when} published", note
        result.value_basis = f"published {when}" if value is None else f"this period's value among {when} published"
        result.england, result.england_basis = data.england, f"{when} published"
        result.england_source = stored.describe()
        result.region_name = data.la_region.get(la)
        result.la_published = la in data.la
        result.region = data.regions.get(result.region_name) if result.region_name else None
        for n in result.neighbours:
            n["name"] = data.la_name.get(n["la"])
        return result
    return None


def catalogue_england(la: str, benchmark: Any, polarity: str) -> Comparators | None:
    """The England figure an indicator's definition carries (``england_2024_25``), when nothing is loaded."""
    if not isinstance(benchmark, Mapping):
        return None
    for k, v in benchmark.items():
        if str(k).startswith("england_") and isinstance(v, (int, float)) and not isinstance(v, bool):
            years = str(k)[len("england_"):].replace("_", "-")
            return Comparators(la=la, polarity=polarity, source="indicator definition", england=float(v),
                               england_basis=f"{years} (from the indicator's definition)",
                               england_source=f"England {years} as given in the indicator's definition (DfE)",
                               note="no published benchmarks are loaded")
    return None


# -- computed figures (every LA in the store) ----------------------------------------------------

def computed_comparators(results: Iterable[Mapping], la: str, indicator: str, period: str | Period, *,
                         polarity: str, neighbours: Sequence[str] | None = None,
                         value: float | None = None) -> Comparators:
    """Comparators from the engine's results for every LA in the store, by the same arithmetic.

    ``results`` are engine result rows (indicator, la, period, value, status).
    ``neighbours`` defaults to every other LA in the results.
    """
    name = parse_period(period).name
    values: dict[str, float | None] = {}
    for r in results:
        if r["indicator"] == indicator and str(r["period"]) == name:
            values[str(r["la"])] = r["value"] if r.get("status", "ok") == "ok" else None
    listed = list(neighbours) if neighbours is not None else sorted(x for x in values if x != la)
    result = compare_values(la, values, polarity, listed, value=value)
    result.source = f"computed from {len(values)} LAs in the store"
    result.year_used = f"{name} (computed)"
    result.value_basis = "this period's value"
    return result


def comparators(con: duckdb.DuckDBPyConnection | None, la: str, indicator: Mapping, period: str | Period, *,
                value: float | None = None, neighbours: Sequence[str] | None = None,
                results: Iterable[Mapping] | None = None) -> Comparators | None:
    """Published comparators when loaded, else computed ones from ``results``, else the definition's England.

    ``indicator`` is the catalogue entry (id, polarity, benchmark).
    """
    polarity = indicator.get("polarity") or "context"
    block = indicator.get("benchmark")
    if con is not None and block:
        try:
            found = published_comparators(con, la, block, period, polarity=polarity, value=value,
                                          neighbours=neighbours)
        except BenchmarkLookupError as exc:
            found = Comparators(la=la, polarity=polarity, note=f"benchmark not usable: {exc}")
        if found is not None and (found.la_published or results is None):
            return found
    else:
        found = None
    if results is not None:
        results = list(results)
        name = parse_period(period).name
        las = {r["la"] for r in results if r["indicator"] == indicator["id"] and str(r["period"]) == name}
        if len(las) > 1:
            computed = computed_comparators(results, la, indicator["id"], period, polarity=polarity,
                                            neighbours=neighbours, value=value)
            # England (and the region) from the published figures when loaded, else from the definition
            england = found if found is not None and found.england is not None else catalogue_england(
                la, block, polarity)
            if england is not None:
                computed.england, computed.england_basis = england.england, england.england_basis
                computed.england_source = england.england_source
                computed.region, computed.region_name = england.region, england.region_name
            if found is not None:
                computed.note = found.note if not found.source else (
                    f"LA {la} is not in the published figures ({found.source}): neighbours are computed "
                    "from the LAs in the store")
            if computed.region is None and con is not None:
                _store_region(con, computed, results, indicator["id"], name, indicator.get("unit"))
            return computed
    return found or catalogue_england(la, block, polarity)


def la_regions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """{LA code: region name} from any loaded published figures (empty when none are loaded)."""
    if not has_tables(con):
        return {}
    rows = con.execute("""SELECT la_code, max(region) FROM bench_value
                          WHERE level = 'la' AND la_code IS NOT NULL AND region IS NOT NULL GROUP BY la_code""")
    return {str(la): region for la, region in rows.fetchall()}


def _store_region(con, comp: Comparators, results: list, indicator: str, period: str, unit: str | None) -> None:
    """The region's figure computed from the region's LAs in the store: pooled numerator over pooled
    denominator for a percentage, else the mean of the LAs' figures."""
    regions = la_regions(con)
    region = regions.get(comp.la)
    if not region:
        return
    members = [r for r in results if r["indicator"] == indicator and str(r["period"]) == period
               and regions.get(str(r["la"])) == region and r.get("status", "ok") == "ok" and r["value"] is not None]
    if len(members) < 2:
        return
    if unit == "percent" and all(r.get("denominator") for r in members):
        value = 100 * sum(r["numerator"] for r in members) / sum(r["denominator"] for r in members)
    else:
        value = statistics.fmean(r["value"] for r in members)
    of = sum(1 for v in regions.values() if v == region)
    comp.region, comp.region_name = value, region
    comp.region_source = f"computed from {len(members)} of the {of} {region} LAs, in the store"
