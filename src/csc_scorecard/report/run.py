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

from ..assess.compare import la_regions
from ..assess.history import history_years, scorecard_history
from ..assess.judge import extra_periods, judge_scorecard
from ..assess.layout import load_layout
from ..errors import ScorecardError
from ..indicators.coverage import Coverage, kind as table_kind
from ..indicators.engine import Engine
from ..indicators.period import Period, parse_period
from ..indicators.run import engine_for
from ..store.schema import TABLES
from . import breakdowns, write_scorecard
from .assemble import scorecard_from, timeliness_from, trend_periods
from .model import Scorecard
from .plan_links import attach_actions, attach_forecasts
from .plan_run import year_end_forecasts
from .scope import report_las, report_neighbours

DURATION_INDICATOR = "assessment-duration-wd"
TREND_PERIODS = 4  # earlier comparable periods shown beside this one


@dataclass
class ReportResult:
    scorecard: Scorecard
    files: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # compute / render, for the benchmark
    # for the committee paper (report/paper/): the judged rows, this period's and the comparison period's,
    # and the LA's engine results by (indicator, period)
    judged: list = field(default_factory=list)
    judged_before: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)


def build_report(project, period: str | Period, *, compare_to: str | Period | None = None, la: str | None = None,
                 layout: str | Path | None = None, public: bool = False, out: str | Path | None = None,
                 trend: int = TREND_PERIODS, generated_at: datetime | None = None,
                 allow_empty: bool = False, judge_before: bool = False, forecast: bool = False) -> ReportResult:
    started = time.perf_counter()
    settings = project.config
    catalogue = project.catalogue()
    period = parse_period(period)
    compare = parse_period(compare_to) if compare_to else None
    if compare is not None and compare.end >= period.end:
        raise ScorecardError(f"--compare-to {compare.name} ends on {compare.end:%d %B %Y}, not before "
                             f"{period.name} ({period.end:%d %B %Y}): the direction of travel compares with an "
                             "earlier period. Give an earlier one, or leave --compare-to out for the previous "
                             "period.")
    the_layout = load_layout(layout or settings.layout, catalogue)
    periods = trend_periods(period, trend)
    years = history_years(period)
    wanted = {p.name: p for p in [*periods, period.same_last_year(), *([compare] if compare else []),
                                  *extra_periods(the_layout, catalogue, period, compare, trend=periods[:-1]),
                                  *years]}
    ids = the_layout.indicator_ids()
    warnings: list[str] = []

    with engine_for(project.db_path, settings, catalogue) as engine:
        la = _which_la(engine, la or settings.la, project.db_path)
        latest = latest_data(engine.con, la, engine.coverage)
        if latest is None or latest < period.start:
            message = (f"the data loaded for {settings.name_of(la)} ({la}) does not cover {period.name} "
                       f"({period.start:%d %B %Y} to {period.end:%d %B %Y}): "
                       + (f"it ends on {latest:%d %B %Y}." if latest else "nothing is loaded."))
            if not allow_empty:
                raise ScorecardError(message[0].upper() + message[1:] + " Load the returns that cover it, "
                                     "or give --allow-empty to write an empty scorecard.")
            warnings.append(message)
        neighbours = report_neighbours(engine.con, la, settings.extra.get("neighbours"), engine.las())
        regions = la_regions(engine.con)  # the region's figure may be computed from its LAs in the store
        region_las = [code for code, name in regions.items() if regions.get(la) and name == regions.get(la)]
        only = report_las(engine.las(), la, neighbours, region_las)  # report/scope.py
        with engine.scoped(only):  # the engine reads only those LAs' rows (store/subset.py)
            results = engine.compute(sorted(wanted.values(), key=lambda p: (p.end, p.start)), ids=ids, las=only)
            # the LA's own durations and breakdowns: within the LAs above, or, where every LA is computed,
            # the LA alone
            with engine.scoped(only if only is not None else [la]):
                timeliness = timeliness_from(_durations(engine, la, period),
                                             _durations(engine, la, compare or period.previous()))
                groups = breakdowns.collect(engine, ids, la, period, public=public, results=results)
        judged = judge_scorecard(the_layout, catalogue, results, la, period, con=engine.con,
                                 neighbours=neighbours, compare_to=compare)
        before = (judge_scorecard(the_layout, catalogue, results, la, compare or period.previous(), con=engine.con,
                                  neighbours=neighbours) if judge_before else [])
        history = scorecard_history(engine.con, la, the_layout, catalogue, years, results, neighbours)
        as_at = min(latest, period.end) if latest else None
    computed = time.perf_counter()

    card = scorecard_from(judged, the_layout, results, la=la, la_name=settings.name_of(la), periods=periods,
                          compare_to=(compare or period.previous()).name, timeliness=timeliness,
                          data_as_at=as_at, generated_at=generated_at or datetime.now().replace(microsecond=0),
                          public=public, synthetic=bool(settings.extra.get("synthetic")), history=history)
    card.breakdowns, card.equalities = groups, breakdowns.equalities(card.lines, groups)
    attach_actions(card, project.plan_actions_by_ref(la=la))
    if forecast:
        attach_forecasts(card, period, year_end_forecasts(project, period, la=la, layout=layout))
    files = write_scorecard(card, out) if out is not None else {}
    done = time.perf_counter()
    mine = {(r.indicator, r.period): r.as_dict() for r in results if str(r.la) == la}
    return ReportResult(card, files, warnings, {"compute": computed - started, "render": done - computed},
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
    values = engine.values(DURATION_INDICATOR, period, la)
    return (period.name, values) if values is not None else None


def latest_data(con, la: str, coverage: Coverage | None = None) -> date | None:
    """The latest date the LA's loaded data describes: the 31 March of its latest collection year (the
    CIN census reference date, the SSDA903 year end) or its latest Annex A (extract) date. ``coverage``:
    one already reading the store on ``con`` (what it has read is kept for later)."""
    row = con.execute("SELECT max(collection_year) FROM load_file WHERE la = ? AND status = 'loaded'",
                      [la]).fetchone()
    dates = [date(row[0], 3, 31)] if row and row[0] else []
    coverage = coverage or Coverage(con)
    for table in TABLES:
        if table_kind(table) == "extract":
            dates += [d for d in coverage.extracts(table).get(la, ()) if d is not None]
    return max(dates) if dates else None
