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

from ..assess.judge import NOT_RATED, RowJudgement, SectionJudgement
from ..assess.layout import Layout
from ..assess.trend import low_base
from ..indicators.period import Period, labelled, period_label, rolling_12m
from .public import protect_scorecard
from .model import Comparator, DurationBands, Figure, Line, Scorecard, Section, Source, band_series


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


class SourceList:
    """The numbered Sources list: one marker per distinct source, in order of first use."""

    def __init__(self, synthetic: bool = False):
        self.synthetic = synthetic
        self.items: dict[str, int] = {}

    def marker(self, text: str | None) -> int | None:
        if not text:
            return None
        if self.synthetic and text.startswith("computed from"):
            text += " - the synthetic demo's made-up LAs, not real figures"
        return self.items.setdefault(text, len(self.items) + 1)

    def entries(self) -> list[Source]:
        return [Source(n, text) for text, n in self.items.items()]


def _published_text(source: str | None, year: str | None) -> str | None:
    if not source:
        return None
    return f"{source}, {year}" if year else source


def _comparators(j: RowJudgement, sources: SourceList) -> dict[str, Any]:
    c = j.comparators
    if c is None:
        return {"neighbours_mean": None, "neighbours_median": None, "england": None, "region": None}
    neighbours = c.year_used or c.source or ""
    england = c.england_basis or neighbours
    computed = c.year is None and (c.source or "").startswith("computed")
    n_text = (f"{c.source} (neighbours with a figure: {c.neighbours_n} of the {c.neighbours_listed} listed), "
              f"{labelled(c.year_used or '')}"
              if computed else _published_text(c.source, c.year_used))
    e_text = c.england_source if "definition" in (c.england_basis or "") else \
        _published_text(c.england_source or c.source, c.england_basis)

    def comp(value, basis, text):
        return Comparator(value, short_year(basis), basis, sources.marker(text)) if value is not None else None

    return {"neighbours_mean": comp(c.neighbours_mean, neighbours, n_text),
            "neighbours_median": comp(c.neighbours_median, neighbours, n_text),
            "england": comp(c.england, england, e_text),
            "region": comp(c.region, neighbours, c.region_source) if c.region_source else
            comp(c.region, england, e_text)}


def line_from(j: RowJudgement, figures: list[Figure], sources: SourceList | None = None) -> Line:
    """One scorecard line: the judgement of this period plus the trend figures (the last is this period)."""
    sources = sources or SourceList()
    judgement_area = ", ".join(f"{v} ({k})" for k, v in j.judgement.items()) if j.judgement else ""
    judged = None
    if j.basis != "period":
        judged = Figure(j.basis_period, j.value, j.numerator, j.denominator, j.status, j.reason or "",
                        low_base=j.low_base)
    ranked_marker = None
    if j.rank is not None and j.comparators is not None:
        ranked_marker = sources.marker(_published_text(j.comparators.source, j.comparators.year_used))
    return Line(
        ref=j.ref, indicator=j.indicator, title=j.title, unit=j.unit, polarity=j.polarity, figures=figures,
        definition=j.definition, source=j.source, judgement_area=judgement_area, target=j.target,
        rag=j.rag, rag_reason=j.rag_reason if j.rag or j.rag_reason.startswith(NOT_RATED) else "", direction=j.direction, change=j.change,
        direction_last_year=j.direction_last_year, quartile=j.quartile, low_base=j.low_base,
        note="" if j.value is not None else (j.reason or ""),
        kind=j.kind, basis=j.basis, basis_label=j.basis_label, judged=judged, target_basis=j.target_basis,
        ci_low=j.ci_low, ci_high=j.ci_high, significant=j.significant,
        significant_last_year=j.vs_last_year.significant if j.vs_last_year else None,
        direction_words=j.vs_previous.words if j.vs_previous else "",
        direction_last_year_words=j.vs_last_year.words if j.vs_last_year else "",
        change_last_year=j.vs_last_year.direction if j.vs_last_year else None,
        rank=j.rank, rank_of=j.rank_of, ranked_value=j.ranked_value, ranked_basis=j.ranked_basis,
        ranked_marker=ranked_marker, region_name=j.region_name, show=tuple(j.show) or Line.show,
        **_comparators(j, sources))


def _with_figures(periods: Sequence[Period], lines: list[tuple[str, list[Line]]]) -> list[int]:
    """Indexes of the earlier-period columns at least one row has a figure for (and the current one)."""
    keep = []
    for i in range(len(periods) - 1):
        if any(line.figures[i].available for _, ls in lines for line in ls):
            keep.append(i)
    return keep + [len(periods) - 1]


def scorecard_from(sections: Sequence[SectionJudgement], layout: Layout, results: Iterable[Any], *, la: str,
                   la_name: str, periods: Sequence[Period], compare_to: str | None,
                   timeliness: DurationBands | None = None, data_as_at: date | None = None,
                   generated_at: datetime | None = None, public: bool = False, synthetic: bool = False,
                   history: Mapping[str, Any] | None = None) -> Scorecard:
    """The renderers' Scorecard for one LA: `periods` are the trend columns, oldest first, ending with this one.
    Earlier columns without a figure on any row are left out."""
    by_key = {}
    for r in results:
        d = _as_dict(r)
        if str(d["la"]) == la:
            by_key[(d["indicator"], str(d["period"]))] = d
    sources = SourceList(synthetic)
    built = []
    for section in sections:
        lines = []
        for j in section.rows:
            threshold = layout.row(j.ref).low_base
            # a row judged on the rolling 12 months shows the 12 months to each earlier column's end too: a
            # quarter alone beside a year's figure would not compare like with like
            earlier = [rolling_12m(p.end) if j.basis != "period" else p for p in periods[:-1]]
            figures = [_figure(by_key.get((j.indicator, p.name)), p.name, j.unit, threshold) for p in earlier]
            own = by_key.get((j.indicator, periods[-1].name)) if j.basis != "period" else None
            current = (_figure(own, periods[-1].name, j.unit, threshold) if j.basis != "period" else
                       Figure(periods[-1].name, j.value, j.numerator, j.denominator, j.status, j.reason or "",
                              low_base=j.low_base))
            line = line_from(j, figures + [current], sources)
            line.history_series = (history or {}).get(j.indicator)
            lines.append(line)
        built.append((section.name, lines))
    keep = _with_figures(periods, built)
    out = []
    for name, lines in built:
        for line in lines:
            line.figures = [line.figures[i] for i in keep]
        out.append(Section(name, lines))
    notes = []
    if synthetic:
        notes.append("Synthetic demo: the children, and so every figure of the council and of any LA computed "
                     "from this store, are made up. Published figures (England, regions, LAs' published values) "
                     "are real.")
    card = Scorecard(la=la, la_name=la_name, period=periods[-1].name, compare_to=compare_to,
                     periods=[periods[i].name for i in keep], sections=out, timeliness=timeliness,
                     data_as_at=data_as_at, generated_at=generated_at, public=public, notes=notes,
                     layout_title=layout.title, sources=sources.entries(), synthetic=synthetic)
    if public:
        protect_scorecard(card)
    return card


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

