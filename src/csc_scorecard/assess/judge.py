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

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import duckdb

from ..indicators.period import Period, parse_period
from .compare import Comparators, comparators
from .layout import Layout, Row
from .rag import rag
from .trend import Trend, direction, low_base, versus


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
        return self.comparators.quartile_band if self.comparators else None

    def as_dict(self) -> dict:
        out = asdict(self)
        out.update(direction=self.direction, change=self.change, direction_last_year=self.direction_last_year,
                   quartile=self.quartile)
        return out


def judge_row(row: Row, indicator: Any, current: Any, *, previous: Any = None, last_year: Any = None,
              comparators: Comparators | None = None, period: str | Period | None = None) -> RowJudgement:
    """Judge one row from its figures; ``previous`` and ``last_year`` are the earlier periods' figures."""
    ind = _indicator(indicator)
    cur = _figure(current) or {}
    period_obj = parse_period(period or cur.get("period"))
    value = _usable(cur)
    polarity = ind.get("polarity") or "context"
    unit = ind.get("unit") or cur.get("unit") or ""
    target = row.target_for(period_obj)
    rating = rag(value, target, polarity, row.amber)
    reason = rating.reason
    if rating.rating is None and target is None and polarity != "context" and value is not None:
        reason = f"no target set for {period_obj.financial_year.name}"
    if value is None and cur:
        reason = f"not available: {cur.get('reason') or 'no value'}"
    prev, last = _figure(previous), _figure(last_year)
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
                              period=(prev or {}).get("period") or period_obj.previous().name),
        vs_last_year=direction(value, _usable(last), polarity, row.same_within, against="same period last year",
                               period=(last or {}).get("period") or period_obj.same_last_year().name),
        comparators=comparators,
    )
    if comparators is not None:
        judged.vs_neighbours = versus(value, comparators.neighbours_mean, polarity, row.same_within)
        judged.vs_england = versus(value, comparators.england, polarity, row.same_within)
        judged.vs_region = versus(value, comparators.region, polarity, row.same_within)
    return judged


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
    period and the same period last year; for every LA in the store when the
    neighbours are to be computed from them (no published benchmarks).
    ``con`` is the store holding loaded benchmarks (None: computed only).
    ``neighbours`` overrides the published statistical neighbours.
    ``compare_to`` replaces the previous period in the direction of travel
    (`scorecard report --compare-to`).
    """
    period = parse_period(period)
    rows = [_figure(r) for r in results]
    by_key = {(r["indicator"], str(r["la"]), str(r["period"])): r for r in rows}
    out = []
    for section in layout.sections:
        judged = []
        for row in section.rows:
            ind = _indicator(catalogue.get(row.indicator) if hasattr(catalogue, "get") else catalogue[row.indicator])
            cur = by_key.get((row.indicator, la, period.name))
            earlier = parse_period(compare_to or period.previous()).name
            prev = by_key.get((row.indicator, la, earlier)) or {"period": earlier, "value": None}
            last = by_key.get((row.indicator, la, period.same_last_year().name))
            comp = comparators(con, la, ind, period, value=_usable(cur), neighbours=neighbours,
                               results=[r for r in rows if r["indicator"] == row.indicator])
            judged.append(judge_row(row, ind, cur, previous=prev, last_year=last, comparators=comp, period=period))
        out.append(SectionJudgement(section.name, judged))
    return out
