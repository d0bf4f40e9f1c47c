"""What the scorecard renderers receive: computed, judged, plain results.

Renderers never open the database (DESIGN.md). `Project.report` computes the
indicators, has the assess stage judge them and hands one `Scorecard` to
every renderer (xlsx, html, json/csv). Nothing here is child-level: a line
carries figures (value, numerator, denominator) and judgements, and the
assessment timeliness picture carries counts per working-day band.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median
from typing import Any

from ..indicators.period import parse_period
from ..plan.forecast import Forecast

RAGS = ("green", "amber", "red")
FORECAST_RAG = {"on track": "green", "at risk": "amber", "off track": "red"}  # a forecast's colour
RAG_LETTER = {"green": "G", "amber": "A", "red": "R"}
RAG_WORD = {"green": "Green", "amber": "Amber", "red": "Red"}
POLARITY_LABEL = {"up": "↑ good", "down": "↓ good", "context": "context"}
LOW_BASE_TEXT = "low base"

# The working-day bands the 2014 committee asked for (EES C2 uses the same
# edges, with 46-50 and 51-60 merged here): (label, lowest, highest).
DURATION_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Same day", 0, 0),
    ("1–10", 1, 10),
    ("11–20", 11, 20),
    ("21–30", 21, 30),
    ("31–40", 31, 40),
    ("41–45", 41, 45),
    ("46–60", 46, 60),
    ("61+", 61, None),
)


@dataclass(frozen=True)
class Figure:
    """One indicator's figure for one period (an engine result row, trimmed)."""

    period: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    status: str = "ok"  # "ok" | "not available"
    reason: str = ""
    low_base: bool = False
    symbol: str | None = None  # a GSS symbol shown instead of the figure in public ("c"); value etc. are then None

    @property
    def available(self) -> bool:
        return self.status == "ok" and self.value is not None and self.symbol is None


@dataclass(frozen=True)
class Comparator:
    """A benchmark figure: its value, the year it describes and where it comes from."""

    value: float | None
    year: str | None = None  # e.g. "2023-24": published comparators often lag a year
    source: str = ""  # e.g. "2023-24 published", "computed from 11 LAs in the store"
    marker: int | None = None  # the number of its entry in the scorecard's Sources list

    @property
    def note(self) -> str:
        return self.source or self.year or ""


@dataclass(frozen=True)
class PlanAction:
    """An improvement-plan action that targets a scorecard row (plan/), so the row can link to it."""

    id: str
    title: str
    owner: str = ""
    status: str = ""
    due: date | None = None
    target: float | None = None  # what the action should bring this row's indicator to, and by when
    by: date | None = None
    order: int = 0  # its place in the plan


@dataclass
class Line:
    """One scorecard row: a layout entry, its figures and its judgement."""

    ref: str
    indicator: str
    title: str
    unit: str  # percent (0-100) | count | rate10k | days | score | number
    polarity: str  # up | down | context
    figures: list[Figure]  # oldest first; the last is this period
    definition: str = ""
    source: str = ""
    judgement_area: str = ""
    target: float | None = None
    rag: str | None = None  # green | amber | red | None (no judgement)
    rag_reason: str = ""
    direction: str | None = None  # vs the comparison period: better | worse | same | None
    change: str | None = None  # the movement itself: up | down | same | None
    direction_last_year: str | None = None
    neighbours_mean: Comparator | None = None
    neighbours_median: Comparator | None = None
    england: Comparator | None = None
    quartile: str | None = None  # A (best) ... D, polarity-aware
    low_base: bool = False
    note: str = ""
    # how the row is judged (assess/judge.py): kind, and the basis of the judged figure
    kind: str = "snapshot"  # snapshot | per-event | cumulative | count
    basis: str = "period"  # "period" | "rolling 12 months"
    basis_label: str = ""  # "12 months to 31 Dec 2024"
    judged: Figure | None = None  # the figure judged when it is not the period's own (rolling 12 months)
    target_basis: str = ""
    ci_low: float | None = None
    ci_high: float | None = None
    significant: bool | None = None  # vs the comparison period: the 95% intervals do not overlap
    significant_last_year: bool | None = None
    direction_words: str = ""  # "better" | "worse" | "no significant change" | "up" | "down"
    direction_last_year_words: str = ""
    change_last_year: str | None = None
    rank: int | None = None
    rank_of: int | None = None
    ranked_value: float | None = None  # the figure rank and band belong to (the LA's published one, or this)
    ranked_basis: str = ""
    ranked_marker: int | None = None
    region: Comparator | None = None
    region_name: str | None = None
    show: tuple[str, ...] = ("target", "previous", "last_year", "neighbours", "region", "england", "rank",
                             "quartile")
    history_series: Any = None  # assess.history.History: year-by-year series for the trend chart
    forecast: Forecast | None = None  # its year-end forecast (plan/forecast.py), when they were asked for
    actions: tuple[PlanAction, ...] = ()  # the plan's actions that target this row

    @property
    def shown(self) -> Figure:
        """The figure the row is rated on: the rolling 12 months of a cumulative row, else this period's."""
        return self.judged or self.current

    @property
    def current(self) -> Figure:
        return self.figures[-1]

    @property
    def history(self) -> list[Figure]:
        return self.figures[:-1]

    @property
    def neighbours(self) -> Comparator | None:
        """The neighbour comparator shown on the scorecard: the mean, as LAIT shows it."""
        return self.neighbours_mean or self.neighbours_median

    @property
    def comparator_notes(self) -> str:
        notes = []
        if self.neighbours and self.neighbours.value is not None and self.neighbours.note:
            notes.append(f"Neighbours: {self.neighbours.note}")
        if self.england and self.england.value is not None and self.england.note:
            notes.append(f"England: {self.england.note}")
        return "; ".join(notes)


@dataclass(frozen=True)
class Source:
    """One entry of the Sources list: what a numbered marker in a cell refers to."""

    marker: int
    text: str


@dataclass
class Section:
    title: str
    lines: list[Line]

    @property
    def slug(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.title.lower()).strip("-")


@dataclass(frozen=True)
class BandSeries:
    """Assessment durations of one period, counted per working-day band."""

    period: str
    counts: tuple[int, ...]
    median: float | None

    @property
    def total(self) -> int:
        return sum(self.counts)

    def shares(self) -> tuple[float, ...]:
        """Each band's share of the period's assessments, 0-100."""
        total = self.total
        return tuple(100.0 * c / total if total else 0.0 for c in self.counts)


@dataclass(frozen=True)
class DurationBands:
    """The assessment-timeliness picture: this period against the comparison period."""

    current: BandSeries
    previous: BandSeries | None
    bands: tuple[tuple[str, int, int | None], ...] = DURATION_BANDS
    limit_wd: int = 45  # the statutory timescale, drawn on the chart

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(b[0] for b in self.bands)

    @property
    def series(self) -> list[BandSeries]:
        return [s for s in (self.previous, self.current) if s is not None]


@dataclass
class Scorecard:
    la: str
    la_name: str
    period: str
    compare_to: str | None
    periods: list[str]  # the trend columns, oldest first; the last is `period`
    sections: list[Section]
    timeliness: DurationBands | None = None
    data_as_at: date | None = None  # the latest data in the store for the LA
    generated_at: datetime | None = None
    public: bool = False  # DfE disclosure control for public papers
    notes: list[str] = field(default_factory=list)
    layout_title: str = "Children's social care scorecard"
    sources: list[Source] = field(default_factory=list)
    synthetic: bool = False  # the demo: made-up children and LAs
    # report/breakdowns.py: {indicator: [Breakdown by team, sex, ...]} and the equalities tables
    breakdowns: dict = field(default_factory=dict)
    equalities: list = field(default_factory=list)
    legend: list[str] = field(default_factory=list)  # the GSS symbols used (public)
    timeliness_hidden_shares: list[list[bool]] | None = None  # public: per series and band, share suppressed
    protected: bool = False  # disclosure control has been applied (report/public.py)
    forecast_to: date | None = None  # the year end forecast to, when forecasts were asked for (a column)

    @property
    def lines(self) -> list[Line]:
        return [line for s in self.sections for line in s.lines]

    @property
    def title(self) -> str:
        return f"{self.la_name}: {self.layout_title}, {self.period}"

    def shows(self, what: str, section: "Section | None" = None) -> bool:
        """A comparator column appears when at least one row (of the section) shows it (layout show:) and, for
        the columns that come only from published or regional figures, when some row has one: without the
        published data loaded a Region, Rank or Quartile column would be empty on every row."""
        lines = section.lines if section else self.lines
        if what == "last_year" and self.compare_to and parse_period(self.period).same_last_year().name == \
                self.compare_to:
            return False  # a year's previous period is the same period last year: one column says it
        has = _HAS.get(what)
        return any(what in line.show for line in lines) and (has is None or any(has(line) for line in self.lines))

    @property
    def plan_actions(self) -> list[PlanAction]:
        """Every action some row links to, once each, in the plan's order."""
        seen: dict[str, PlanAction] = {}
        for line in self.lines:
            for a in line.actions:
                seen.setdefault(a.id, a)
        return sorted(seen.values(), key=lambda a: a.order)

    def targets_of(self, action_id: str) -> list[tuple[Line, PlanAction]]:
        """The rows an action targets, each with the action as linked to that row (its target and date)."""
        return [(line, a) for line in self.lines for a in line.actions if a.id == action_id]

    def rag_counts(self, section: Section | None = None) -> dict[str, int]:
        lines = section.lines if section else self.lines
        counts = {r: 0 for r in RAGS}
        counts["none"] = 0
        for line in lines:
            counts[line.rag if line.rag in RAGS else "none"] += 1
        return counts

    def withheld(self, line: Line, figure: Figure | None = None) -> bool:
        """True when a public scorecard must not show this figure (disclosure control, report/public.py)."""
        figure = figure or line.current
        return figure.symbol is not None


def band_durations(durations, bands=DURATION_BANDS) -> tuple[int, ...]:
    """Count working-day durations into bands; negative or missing durations are skipped."""
    counts = [0] * len(bands)
    for d in durations:
        if d is None or d < 0:
            continue
        for i, (_, low, high) in enumerate(bands):
            if d >= low and (high is None or d <= high):
                counts[i] += 1
                break
    return tuple(counts)


def band_series(period: str, durations, bands=DURATION_BANDS) -> BandSeries:
    values = [d for d in durations if d is not None and d >= 0]
    return BandSeries(period, band_durations(values, bands), float(median(values)) if values else None)


# the columns shown only when some row has a figure for them (Scorecard.shows)
_HAS = {
    "region": lambda line: line.region is not None and line.region.value is not None,
    "rank": lambda line: line.rank is not None,
    "quartile": lambda line: bool(line.quartile),
}

