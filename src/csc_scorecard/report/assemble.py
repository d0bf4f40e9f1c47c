"""From judged results to the renderers' Scorecard: no computing, no database.

The assess stage judges each layout row for this period (assess/judge.py:
``RowJudgement``); the engine's results give the earlier periods' figures
for the trend columns. This module only rearranges them into
report/model.py's shapes, so that the renderers see one plain structure.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Iterable, Mapping, Sequence

from ..assess.judge import RowJudgement, SectionJudgement
from ..assess.layout import Layout
from ..assess.trend import low_base
from ..indicators.period import Period
from .formatting import period_label
from .model import Comparator, DurationBands, Figure, Line, Scorecard, Section, band_series


def _as_dict(result: Any) -> dict:
    if isinstance(result, Mapping):
        return dict(result)
    return result.as_dict()


def trend_periods(period: Period, count: int) -> list[Period]:
    """The `count` comparable periods before `period` and the period itself, oldest first."""
    out = [period]
    for _ in range(count):
        out.insert(0, out[0].previous())
    return out


def _figure(result: dict | None, period: str, unit: str, threshold: int) -> Figure:
    if result is None:
        return Figure(period, None, status="not available", reason="not computed")
    ok = result.get("status", "ok") == "ok" and result.get("value") is not None
    return Figure(period, result.get("value") if ok else None, result.get("numerator"), result.get("denominator"),
                  result.get("status") or "ok", result.get("reason") or "",
                  low_base=ok and low_base(unit, result.get("denominator"), threshold))


_FY = re.compile(r"\d{4}[-/]\d{2}(?![\d-])")


def short_year(basis: str | None) -> str | None:
    """The period a comparator describes, for a column: '2023-24 published' -> '2023-24',
    '2024/25 academic year' -> '2024/25', 'ytd:2024-12-31 (computed)' -> 'Apr–Dec 2024'."""
    text = (basis or "").strip()
    if not text:
        return None
    first = text.split()[0]
    if first[:4] in ("ytd:", "12m:") or "-Q" in first:
        return period_label(first)
    m = _FY.search(text)
    return m.group(0) if m else None


def _comparators(j: RowJudgement) -> dict[str, Comparator | None]:
    c = j.comparators
    if c is None:
        return {"neighbours_mean": None, "neighbours_median": None, "england": None}
    neighbours = c.year_used or c.source or ""
    england = c.england_basis or neighbours

    def comp(value, basis):
        return Comparator(value, short_year(basis), basis) if value is not None else None

    return {"neighbours_mean": comp(c.neighbours_mean, neighbours),
            "neighbours_median": comp(c.neighbours_median, neighbours),
            "england": comp(c.england, england)}


def line_from(j: RowJudgement, figures: list[Figure]) -> Line:
    """One scorecard line: the judgement of this period plus the trend figures (the last is this period)."""
    judgement_area = ", ".join(f"{v} ({k})" for k, v in j.judgement.items()) if j.judgement else ""
    return Line(
        ref=j.ref, indicator=j.indicator, title=j.title, unit=j.unit, polarity=j.polarity, figures=figures,
        definition=j.definition, source=j.source, judgement_area=judgement_area, target=j.target,
        rag=j.rag, rag_reason=j.rag_reason if j.rag else "", direction=j.direction, change=j.change,
        direction_last_year=j.direction_last_year, quartile=j.quartile, low_base=j.low_base,
        note="" if j.value is not None else (j.reason or ""),
        **_comparators(j))


def scorecard_from(sections: Sequence[SectionJudgement], layout: Layout, results: Iterable[Any], *, la: str,
                   la_name: str, periods: Sequence[Period], compare_to: str | None,
                   timeliness: DurationBands | None = None, data_as_at: date | None = None,
                   generated_at: datetime | None = None, public: bool = False) -> Scorecard:
    """The renderers' Scorecard for one LA: `periods` are the trend columns, oldest first, ending with this one."""
    by_key = {}
    for r in results:
        d = _as_dict(r)
        if str(d["la"]) == la:
            by_key[(d["indicator"], str(d["period"]))] = d
    out = []
    for section in sections:
        lines = []
        for j in section.rows:
            threshold = layout.row(j.ref).low_base
            figures = [_figure(by_key.get((j.indicator, p.name)), p.name, j.unit, threshold) for p in periods[:-1]]
            current = Figure(periods[-1].name, j.value, j.numerator, j.denominator, j.status, j.reason or "",
                             low_base=j.low_base)
            lines.append(line_from(j, figures + [current]))
        out.append(Section(section.name, lines))
    return Scorecard(la=la, la_name=la_name, period=periods[-1].name, compare_to=compare_to,
                     periods=[p.name for p in periods], sections=out, timeliness=timeliness,
                     data_as_at=data_as_at, generated_at=generated_at, public=public)


def timeliness_from(current: tuple[str, Iterable[float | None]] | None,
                    previous: tuple[str, Iterable[float | None]] | None) -> DurationBands | None:
    """The banded assessment durations from the case rows' working-day values ((period, values) pairs)."""
    if current is None:
        return None
    this = band_series(current[0], current[1])
    if this.total == 0:
        return None
    before = band_series(previous[0], previous[1]) if previous else None
    return DurationBands(current=this, previous=before if before and before.total else None)

