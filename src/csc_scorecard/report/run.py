"""What the Project does for `scorecard report`: compute, judge, gather, render.

Kept here so project.py stays a thin facade. One read-only connection serves
the engine (every indicator of the layout for the trend periods, all LAs in
one pass per indicator and period), the assess stage (published comparators,
when loaded) and the timeliness bands. The renderers then get a plain
Scorecard and never see the connection.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..assess.judge import judge_scorecard
from ..assess.layout import load_layout
from ..errors import ScorecardError
from ..indicators.engine import OK, Engine
from ..indicators.period import Period, parse_period
from ..indicators.run import engine_for
from . import write_scorecard
from .assemble import scorecard_from, timeliness_from, trend_periods
from .model import Scorecard

DURATION_INDICATOR = "assessment-duration-wd"
TREND_PERIODS = 4  # earlier comparable periods shown beside this one


@dataclass
class ReportResult:
    scorecard: Scorecard
    files: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # compute / render, for the benchmark
    # for the committee paper (report/paper/): the judged rows, this period's and the comparison period's,
    # and the LA's engine results by (indicator, period)
    judged: list = field(default_factory=list)
    judged_before: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)


def build_report(project, period: str | Period, *, compare_to: str | Period | None = None, la: str | None = None,
                 layout: str | Path | None = None, public: bool = False, out: str | Path | None = None,
                 trend: int = TREND_PERIODS, generated_at: datetime | None = None,
                 judge_before: bool = False) -> ReportResult:
    started = time.perf_counter()
    settings = project.config
    catalogue = project.catalogue()
    period = parse_period(period)
    compare = parse_period(compare_to) if compare_to else None
    the_layout = load_layout(layout or settings.layout, catalogue)
    periods = trend_periods(period, trend)
    wanted = {p.name: p for p in [*periods, period.same_last_year(), *([compare] if compare else [])]}
    ids = the_layout.indicator_ids()

    with engine_for(project.db_path, settings, catalogue) as engine:
        la = _which_la(engine, la or settings.la, project.db_path)
        results = engine.compute(sorted(wanted.values(), key=lambda p: (p.end, p.start)), ids=ids)
        judged = judge_scorecard(the_layout, catalogue, results, la, period, con=engine.con,
                                 neighbours=settings.extra.get("neighbours") or None, compare_to=compare)
        before = (judge_scorecard(the_layout, catalogue, results, la, compare or period.previous(), con=engine.con,
                                  neighbours=settings.extra.get("neighbours") or None) if judge_before else [])
        timeliness = timeliness_from(_durations(engine, la, period),
                                     _durations(engine, la, compare or period.previous()))
        as_at = data_as_at(engine.con, la)
    computed = time.perf_counter()

    card = scorecard_from(judged, the_layout, results, la=la, la_name=settings.name_of(la), periods=periods,
                          compare_to=(compare or period.previous()).name, timeliness=timeliness,
                          data_as_at=as_at, generated_at=generated_at or datetime.now().replace(microsecond=0),
                          public=public)
    files = write_scorecard(card, out) if out is not None else {}
    done = time.perf_counter()
    mine = {(r.indicator, r.period): r.as_dict() for r in results if str(r.la) == la}
    return ReportResult(card, files, {"compute": computed - started, "render": done - computed},
                        judged=[row for s in judged for row in s.rows],
                        judged_before=[row for s in before for row in s.rows], figures=mine)


def _which_la(engine: Engine, la: str | None, db: Path) -> str:
    known = engine.las()
    if la:
        if la not in known:
            raise ScorecardError(f"LA {la} has no data in {db}. LAs in the store: {', '.join(known) or 'none'}. "
                                 "Load its returns with: scorecard load PATH --la " + la)
        return la
    if len(known) == 1:
        return known[0]
    raise ScorecardError(f"Which LA is the scorecard for? {db} holds {', '.join(known) or 'no LAs'}: "
                         "give --la CODE, or la: in scorecard.yaml.")


def _durations(engine: Engine, la: str, period: Period) -> tuple[str, list[float]] | None:
    """The working-day durations behind `assessment-duration-wd` (values only: nothing child-level leaves here)."""
    if DURATION_INDICATOR not in engine.catalogue:
        return None
    cases = engine.cases(DURATION_INDICATOR, period, la)
    if cases.status != OK or "value" not in cases.columns:
        return None
    return period.name, [row["value"] for row in cases.rows]


def data_as_at(con, la: str) -> date | None:
    """The 31 March of the latest collection year loaded for the LA (None before any load)."""
    row = con.execute("SELECT max(collection_year) FROM load_file WHERE la = ? AND status = 'loaded'",
                      [la]).fetchone()
    return date(row[0], 3, 31) if row and row[0] else None
