"""Judging a scorecard row: RAG, direction of travel, comparators, low base.

``judge_row`` ties one layout row, its indicator and the engine's figures
into a plain ``RowJudgement``; ``judge_scorecard`` does every row of a
layout for one LA and period. Renderers receive these results and never
open the database. The field names follow report/model.py's ``Line`` where
they mean the same (rag, rag_reason, direction, change, direction_last_year,
quartile, low_base).

Figures are engine result rows (docs/contracts.md): indicator, la, period,
numerator, denominator, value, unit, status, reason; dicts or objects with
those attributes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Iterable, Mapping, Sequence

import duckdb

from ..indicators.period import Period, parse_period, rolling_12m
from .compare import Comparators, comparators
from .layout import Layout, Row
from .rag import rag
from .significance import interval_for
from .trend import Trend, direction, low_base, versus


# How a reason begins when a figure with a target is deliberately left unrated (the scorecard shows it)
NOT_RATED = "not rated: "


def _figure(result: Any) -> dict | None:
    if result is None:
        return None
    if isinstance(result, Mapping):
        return dict(result)
    if hasattr(result, "as_dict"):
        return result.as_dict()
    return {k: getattr(result, k, None) for k in
            ("indicator", "la", "period", "numerator", "denominator", "value", "unit", "status", "reason")}


def _indicator(ind: Any) -> dict:
    if isinstance(ind, Mapping):
        return dict(ind)
    if hasattr(ind, "summary"):
        return ind.summary()
    raise TypeError(f"not an indicator: {ind!r}")


def _usable(fig: dict | None) -> float | None:
    if not fig or fig.get("status", "ok") != "ok":
        return None
    return fig.get("value")


def _interval(unit: str, fig: dict | None) -> tuple[float, float] | None:
    value = _usable(fig)
    if value is None:
        return None
    return interval_for(unit, value, fig.get("numerator"), fig.get("denominator"))


def part_year(period: Period) -> bool:
    """A quarter or a year to date: shorter than the year an annual target or published figure describes."""
    return period.kind in ("quarter", "ytd") and not period.is_whole_financial_year


def rolling_label(period: Period) -> str:
    return f"12 months to {period.end.day} {period.end:%b %Y}"


def judged_periods(kind: str, periods_allowed: str, period: Period) -> tuple[Period, Period, Period, str]:
    """(the period judged, its previous, its same period last year, the basis) for one row.

    A cumulative measure in a part-year period is judged on the rolling 12 months to the period's
    end (and compared with the rolling 12 months to the earlier periods' ends); everything else on
    the period itself.
    """
    if kind == "cumulative" and periods_allowed != "financial-year" and part_year(period):
        return (rolling_12m(period.end), rolling_12m(period.previous().end),
                rolling_12m(period.same_last_year().end), ROLLING)
    return period, period.previous(), period.same_last_year(), PERIOD


def extra_periods(layout: Layout, catalogue: Any, period: Period, compare_to: Period | None = None,
                  trend: Sequence[Period] = ()) -> list[Period]:
    """The rolling-12-month periods a report must compute besides its own (cumulative rows, part-year): the
    judged one, the ones it is compared with, and one to the end of each earlier ``trend`` column, so that
    the row's earlier columns measure the same thing as its judged figure."""
    out: dict[str, Period] = {}
    for row in layout.rows:
        ind = _indicator(catalogue.get(row.indicator) if hasattr(catalogue, "get") else catalogue[row.indicator])
        judged, prev, last, basis = judged_periods(ind.get("kind") or "snapshot", ind.get("periods") or "any",
                                                   period)
        if basis == ROLLING:
            if compare_to is not None:
                prev = rolling_12m(compare_to.end)
            for p in (judged, prev, last, *(rolling_12m(t.end) for t in trend)):
                out[p.name] = p
    return list(out.values())


PERIOD, ROLLING = "period", "rolling 12 months"


@dataclass
class RowJudgement:
    ref: str
    section: str
    indicator: str
    title: str
    unit: str
    polarity: str
    period: str
    value: float | None
    numerator: float | None
    denominator: float | None
    status: str  # "ok" | "not available"
    reason: str | None
    definition: str = ""
    source: str = ""
    judgement: dict = field(default_factory=dict)  # {sif2013: ..., ilacs2023: ...}
    low_base: bool = False
    target: float | None = None
    rag: str | None = None  # green | amber | red | None
    rag_reason: str = ""
    vs_previous: Trend | None = None
    vs_last_year: Trend | None = None
    comparators: Comparators | None = None
    vs_neighbours: str | None = None  # better | worse | same | None, against the neighbours' mean
    vs_england: str | None = None
    vs_region: str | None = None
    show: tuple[str, ...] = ()
    # how the row is judged (INDICATORS.md "Judging part-year periods")
    kind: str = "snapshot"
    basis: str = PERIOD  # "period" | "rolling 12 months"
    basis_period: str = ""  # the period the judged value describes (12m:2024-12-31 for a rolling row)
    basis_label: str = ""  # "12 months to 31 Dec 2024"
    in_period: dict | None = None  # the period's own figure, shown unrated, when the row is judged on another
    target_basis: str = ""  # "annual target" | "profiled target for Q3" | ...
    ci_low: float | None = None  # the judged value's 95% interval (percent: Wilson; count: Poisson)
    ci_high: float | None = None
    rank: int | None = None  # among all LAs, only from published figures of the same measure and year
    rank_of: int | None = None
    quartile_band: str | None = None
    ranked_value: float | None = None  # the figure the rank and band belong to
    ranked_basis: str = ""  # "this year's figure among 2024-25 published" | "published 2023-24"
    region: float | None = None
    region_name: str | None = None
    region_basis: str = ""
    notes: list[str] = field(default_factory=list)

    # the names report/model.py's Line uses
    @property
    def direction(self) -> str | None:
        return self.vs_previous.judgement if self.vs_previous else None

    @property
    def change(self) -> str | None:
        return self.vs_previous.direction if self.vs_previous else None

    @property
    def direction_last_year(self) -> str | None:
        return self.vs_last_year.judgement if self.vs_last_year else None

    @property
    def quartile(self) -> str | None:
        return self.quartile_band

    @property
    def significant(self) -> bool | None:
        return self.vs_previous.significant if self.vs_previous else None

    def as_dict(self) -> dict:
        out = asdict(self)
        out.update(direction=self.direction, change=self.change, direction_last_year=self.direction_last_year,
                   quartile=self.quartile, significant=self.significant)
        return out


def judge_row(row: Row, indicator: Any, current: Any, *, previous: Any = None, last_year: Any = None,
              comparators: Comparators | None = None, period: str | Period | None = None,
              in_period: Any = None, basis: str = PERIOD) -> RowJudgement:
    """Judge one row from its figures; ``previous`` and ``last_year`` are the earlier periods' figures.

    ``period`` is the reporting period. ``current`` is the figure judged: the period's own, or for a
    cumulative measure in a part-year (``basis`` ROLLING) the rolling 12 months to its end, with the
    period's own figure in ``in_period`` (shown, not rated).
    """
    ind = _indicator(indicator)
    cur = _figure(current) or {}
    period_obj = parse_period(period or cur.get("period"))
    judged_period = parse_period(cur["period"]) if cur.get("period") else period_obj
    value = _usable(cur)
    polarity = ind.get("polarity") or "context"
    kind = ind.get("kind") or ("count" if ind.get("unit") == "count" else "snapshot")
    unit = ind.get("unit") or cur.get("unit") or ""
    target, target_basis = row.target_for(period_obj), "annual target"
    if (kind == "count" or (kind == "cumulative" and basis == PERIOD)) and part_year(period_obj):
        # a raw number or a cumulative share over part of a year: only a part-year target is comparable
        annual = target
        target, target_basis = row.profiled_target(period_obj)
        if target is None and annual is not None:
            target_basis = (f"the annual target ({annual:g}) is for a whole year: {target_basis}")
    rating = rag(value, target, polarity, row.amber)
    reason = rating.reason
    unknown, known = cur.get("unknown") or 0, cur.get("denominator") or 0
    if rating.rating is not None and unknown > known:
        # e.g. adoption A1 on 10 adopted children whose care began inside the loaded history, 26 whose did
        # not: the known ones are the shorter journeys, so rating them would not be like with like
        rating = replace(rating, rating=None)
        reason = (f"{NOT_RATED}the answer is unknown for most of the children behind it ({unknown:,.0f} of "
                  f"{unknown + known:,.0f})")
    if rating.rating is None and target is None and polarity != "context" and value is not None:
        reason = target_basis if target_basis != "annual target" else \
            f"no target set for {period_obj.financial_year.name}"
    if value is None and cur:
        reason = f"not available: {cur.get('reason') or 'no value'}"
    prev, last = _figure(previous), _figure(last_year)
    interval = _interval(unit, cur)
    judged = RowJudgement(
        ref=row.ref, section=row.section, indicator=ind["id"], title=row.label or ind.get("title", ind["id"]),
        unit=unit, polarity=polarity, period=period_obj.name, value=value,
        numerator=cur.get("numerator"), denominator=cur.get("denominator"),
        status=(cur.get("status") or "ok") if cur else "not available",
        reason=cur.get("reason") if cur else "no figure computed",
        definition=ind.get("definition", ""), source=ind.get("source", ""),
        judgement=dict(ind.get("judgement") or {}),
        low_base=low_base(unit, cur.get("denominator"), row.low_base) if value is not None else False,
        target=target, rag=rating.rating, rag_reason=reason, show=row.show,
        vs_previous=direction(value, _usable(prev), polarity, row.same_within, against="previous period",
                              period=(prev or {}).get("period") or judged_period.previous().name,
                              interval=interval, earlier_interval=_interval(unit, prev)),
        vs_last_year=direction(value, _usable(last), polarity, row.same_within, against="same period last year",
                               period=(last or {}).get("period") or judged_period.same_last_year().name,
                               interval=interval, earlier_interval=_interval(unit, last)),
        comparators=comparators, kind=kind, basis=basis, basis_period=judged_period.name,
        basis_label=rolling_label(judged_period) if basis == ROLLING else "",
        target_basis=target_basis if target is not None else "",
        ci_low=interval[0] if interval else None, ci_high=interval[1] if interval else None,
    )
    if in_period is not None:
        own = _figure(in_period) or {}
        judged.in_period = {k: own.get(k) for k in ("period", "value", "numerator", "denominator", "status",
                                                     "reason")}
        judged.in_period["value"] = _usable(own)
    if kind == "count":
        judged.comparators = None  # never set against England's total or ranked among LAs of other sizes
        judged.notes.append("a count: compared only with the council's own target, not with other areas")
    elif comparators is not None:
        judged.vs_neighbours = versus(value, comparators.neighbours_mean, polarity, row.same_within)
        judged.vs_england = versus(value, comparators.england, polarity, row.same_within)
        judged.vs_region = versus(value, comparators.region, polarity, row.same_within)
        judged.region, judged.region_name = comparators.region, comparators.region_name
        judged.region_basis = comparators.england_basis or "" if comparators.region is not None else ""
    return judged


def _same_year(comp: Comparators, period: Period) -> bool:
    """True when published figures describe the same year as the judged figure (a whole year ending 31 March)."""
    whole = period.is_whole_financial_year or (period.kind == "12m" and period.end.month == 3
                                               and period.end.day == 31)
    return whole and comp.year == period.year_ending


def rank_row(judged: RowJudgement, comp: Comparators | None, judged_period: Period,
             same_year: Comparators | None = None) -> None:
    """Rank and quartile band, only from published figures of the same measure and year, and only when
    the row has a figure. ``comp`` ranks the LA's own published figure; ``same_year`` (when the
    published year is the judged year) ranks the computed figure among the other LAs' published ones.
    """
    if judged.kind == "count" or judged.value is None or comp is None or comp.year is None:
        return
    if same_year is not None and same_year.rank is not None and _same_year(same_year, judged_period):
        pick, basis, value = same_year, f"this figure among the {same_year.year_used} figures", judged.value
    elif comp.la_published and comp.rank is not None:
        pick, basis, value = comp, comp.year_used or "published", comp.published_value
    else:
        return
    judged.rank, judged.rank_of = pick.rank, pick.of
    judged.quartile_band, judged.ranked_value, judged.ranked_basis = pick.quartile_band, value, basis


@dataclass
class SectionJudgement:
    name: str
    rows: list[RowJudgement]


def judge_scorecard(layout: Layout, catalogue: Any, results: Iterable[Any], la: str, period: str | Period, *,
                    con: duckdb.DuckDBPyConnection | None = None,
                    neighbours: Sequence[str] | None = None,
                    compare_to: str | Period | None = None) -> list[SectionJudgement]:
    """Every row of a layout for one LA and period.

    ``results`` are the engine's rows for (at least) the period, the previous
    period and the same period last year, and the rolling 12 months of
    ``extra_periods``; for every LA in the store when the neighbours are to be
    computed from them (no published benchmarks).
    ``con`` is the store holding loaded benchmarks (None: computed only).
    ``neighbours`` overrides the published statistical neighbours.
    ``compare_to`` replaces the previous period in the direction of travel
    (`scorecard report --compare-to`).
    """
    period = parse_period(period)
    compare = parse_period(compare_to) if compare_to else None
    rows = [_figure(r) for r in results]
    by_key = {(r["indicator"], str(r["la"]), str(r["period"])): r for r in rows}
    out = []
    for section in layout.sections:
        judged = []
        for row in section.rows:
            ind = _indicator(catalogue.get(row.indicator) if hasattr(catalogue, "get") else catalogue[row.indicator])
            kind = ind.get("kind") or "snapshot"
            profiled = row.profiled_target(period)[0] if part_year(period) else None
            judged_period, earlier, last_year, basis = judged_periods(kind, ind.get("periods") or "any", period)
            if basis == ROLLING and profiled is not None:  # the LA profiled its target: judge the period itself
                judged_period, earlier, last_year, basis = period, period.previous(), period.same_last_year(), PERIOD
            if compare is not None:
                earlier = rolling_12m(compare.end) if basis == ROLLING else compare
            cur = by_key.get((row.indicator, la, judged_period.name))
            prev = by_key.get((row.indicator, la, earlier.name)) or {"period": earlier.name, "value": None}
            last = by_key.get((row.indicator, la, last_year.name))
            same = [r for r in rows if r["indicator"] == row.indicator]
            comp = None if kind == "count" else comparators(con, la, ind, judged_period, neighbours=neighbours,
                                                            results=same)
            j = judge_row(row, ind, cur, previous=prev, last_year=last, comparators=comp, period=period,
                          basis=basis, in_period=by_key.get((row.indicator, la, period.name)) if basis == ROLLING
                          else None)
            if j.status == "ok" and cur is None:
                j.status = "not available"
            same_year = None
            if comp is not None and comp.year is not None and j.value is not None and _same_year(comp, judged_period):
                same_year = comparators(con, la, ind, judged_period, value=j.value, neighbours=neighbours,
                                        results=same)
            rank_row(j, comp, judged_period, same_year)
            judged.append(j)
        out.append(SectionJudgement(section.name, judged))
    return out
