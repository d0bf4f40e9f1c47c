"""The plan at a date: each action's progress and flags, each linked indicator's movement since the
action began, and the year-end forecasts. Plain data out (PlanReport.as_dict); the renderers in
report/ never see the engine.

Flags at the report date (the period's end): an action is **overdue** when its due date has passed
and it is neither Completed nor Cancelled, and **due soon** when it is due within the next
``DUE_SOON_DAYS`` days. A RAG left blank is worked out from progress against time, as Camms does:
% complete against the share of the time from start to due that has passed (at least 90% of that
is Green, 70-90% Amber, less Red); an overdue action is Red.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..indicators.period import Period, financial_year, quarter, rolling_12m, year_ending
from . import forecast as fc
from . import impact
from .model import CLOSED, Action, Plan

DUE_SOON_DAYS = 42  # six weeks: the usual gap between two monthly performance meetings and a margin
GREEN_AT, AMBER_AT = 0.9, 0.7
SERIES_QUARTERS = 8


@dataclass
class ActionState:
    overdue: bool
    due_soon: bool
    days_overdue: int | None
    rag: str | None
    rag_source: str  # "given" | "worked out" | "none"
    expected_percent: float | None


def action_state(action: Action, as_at: date, due_soon_days: int = DUE_SOON_DAYS) -> ActionState:
    closed = action.status in CLOSED
    overdue = bool(action.due and action.due < as_at and not closed)
    soon = bool(action.due and as_at <= action.due <= as_at + timedelta(days=due_soon_days) and not closed)
    expected = None
    if action.start and action.due and action.due > action.start:
        elapsed = (min(max(as_at, action.start), action.due) - action.start).days
        expected = 100.0 * elapsed / (action.due - action.start).days
    if action.rag:
        return ActionState(overdue, soon, (as_at - action.due).days if overdue else None, action.rag, "given",
                           expected)
    if action.status == "Completed":
        rag = "Green"
    elif action.status == "Cancelled":
        rag = None
    elif overdue:
        rag = "Red"
    elif expected is None or expected == 0:
        rag = "Green" if expected == 0 else None
    else:
        ratio = (action.percent_complete or 0.0) / expected
        rag = "Green" if ratio >= GREEN_AT else "Amber" if ratio >= AMBER_AT else "Red"
    return ActionState(overdue, soon, (as_at - action.due).days if overdue else None, rag,
                       "worked out" if rag else "none", expected)


def quarters_since(start: date, as_at: date, n: int = SERIES_QUARTERS) -> list[Period]:
    """Whole quarters from the one before the action started to the last ending on or before as_at."""
    out: list[Period] = []
    y, q = year_ending(as_at), (((as_at.month - 4) % 12) // 3) + 1
    while len(out) < n:
        p = quarter(y, q)
        if p.end <= as_at:
            out.append(p)
            if p.end < start:
                break
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return sorted(out, key=lambda p: p.start)


def years_since(start: date, as_at: date) -> list[Period]:
    first = year_ending(start - timedelta(days=1))
    last = year_ending(as_at) if as_at == date(as_at.year, 3, 31) else year_ending(as_at) - 1
    return [financial_year(y) for y in range(first, last + 1)]


@dataclass
class PlanReport:
    la: str
    la_name: str
    period: str
    as_at: date
    plan: Plan
    version: dict
    actions: dict[str, ActionState]
    links: dict[tuple[str, str], dict] = field(default_factory=dict)  # (action, indicator) -> evidence
    forecasts: list[dict] = field(default_factory=list)
    indicators: dict[str, dict] = field(default_factory=dict)  # id -> {ref, title, unit, polarity}

    def counts(self) -> dict[str, int]:
        st = self.actions.values()
        return {"actions": len(self.actions), "overdue": sum(s.overdue for s in st),
                "due_soon": sum(s.due_soon for s in st),
                **{rag.lower(): sum(s.rag == rag for s in st) for rag in ("Red", "Amber", "Green")},
                "completed": sum(a.status == "Completed" for a in self.plan.actions)}

    def as_dict(self) -> dict:
        return {
            "la": self.la, "la_name": self.la_name, "period": self.period, "as_at": self.as_at.isoformat(),
            "plan": {"title": self.plan.title, "version": self.version["version"],
                     "saved_at": self.version["saved_at"].isoformat(sep=" "),
                     "saved_by": self.version["saved_by"]},
            "summary": self.counts(),
            "themes": themed(self),
            "forecasts": self.forecasts,
        }


def themed(report: PlanReport) -> list[dict]:
    """Themes -> priorities -> actions -> indicators: the shape the paper and the renderers share."""
    out = []
    for theme in report.plan.themes:
        priorities = [p for p in report.plan.priorities if p.theme == theme]
        if not priorities:
            continue
        out.append({"theme": theme, "priorities": [{
            "id": p.id, "priority": p.title, "lead": p.lead,
            "actions": [_action_dict(report, a) for a in report.plan.actions_of(p.id)]} for p in priorities]})
    return out


def _action_dict(report: PlanReport, a: Action) -> dict:
    st = report.actions[a.id]
    return {
        "id": a.id, "title": a.title, "owner": a.owner, "team": a.team, "start": a.start, "due": a.due,
        "status": a.status, "percent_complete": a.percent_complete, "rag": st.rag, "rag_source": st.rag_source,
        "expected_percent": st.expected_percent, "overdue": st.overdue, "due_soon": st.due_soon,
        "days_overdue": st.days_overdue, "notes": a.notes,
        "indicators": [report.links[(a.id, link.indicator)] for link in a.indicators],
    }


def evaluate(engine, plan: Plan, version: dict, la: str, period: Period, *, la_name: str, layout, catalogue,
             due_soon_days: int = DUE_SOON_DAYS, scorecard_forecasts: bool = True) -> PlanReport:
    """Compute everything the plan report shows, one engine pass per indicator. Without
    ``scorecard_forecasts`` only the linked indicators are computed (the paper needs no more)."""
    as_at = period.end
    report = PlanReport(la, la_name, period.name, as_at, plan, version,
                        {a.id: action_state(a, as_at, due_soon_days) for a in plan.actions})
    fy = financial_year(year_ending(as_at))
    targets: dict[str, tuple[float, str]] = {}  # indicator -> (year-end target, where it comes from)
    for row in layout.rows if scorecard_forecasts else ():
        t = row.target_for(fy.name)
        if t is not None and row.indicator in catalogue:
            targets.setdefault(row.indicator, (t, f"scorecard target {fy.name} ({row.ref})"))
    for a in plan.actions:
        for link in a.indicators:
            if link.by and year_ending(link.by) == fy.year_ending and link.target is not None:
                targets.setdefault(link.indicator, (link.target, f"plan target ({a.id}, by {link.by.isoformat()})"))
    refs = {r.indicator: r.ref for r in layout.rows}
    linked = {link.indicator for a in plan.actions for link in a.indicators}
    for iid in sorted(linked | set(targets), key=lambda i: _order(i, layout, refs)):
        if iid not in catalogue:
            continue
        ind = catalogue.get(iid)
        report.indicators[iid] = {"ref": refs.get(iid, iid), "title": ind.title, "unit": ind.unit,
                                  "polarity": ind.polarity, "kind": ind.kind}
        wanted: dict[str, Period] = {}
        plans = []
        for a in plan.actions:
            for link in a.indicators:
                if link.indicator != iid:
                    continue
                start = a.start or as_at
                w = impact.windows(start, as_at, kind=ind.kind, periods=ind.periods, supplied=ind.supplied)
                series = (years_since(start, as_at) if ind.periods == "financial-year"
                          else quarters_since(start, as_at))
                if ind.kind == "cumulative" and ind.periods != "financial-year":
                    # a quarter of a measure that grows with the period is not comparable with a year:
                    # the series is the rolling 12 months at each quarter end
                    series = [rolling_12m(q.end) for q in series]
                for p in [*(w or ()), *series]:
                    if p is not None:
                        wanted[p.name] = p
                plans.append((a, link, w, series))
        year_end_target = targets.get(iid)
        if year_end_target or plans:
            for p in fc.periods_needed(ind, as_at):
                wanted[p.name] = p
        results = {r.period: r for r in engine.compute_indicator(ind, list(wanted.values()), [la])} if wanted else {}
        better = impact.better_way(ind.polarity, year_end_target[0] if year_end_target else None,
                                   _latest(results, fc.periods_needed(ind, as_at)))
        f = fc.forecast(ind, as_at, results, year_end_target[0] if year_end_target else None, better)
        if year_end_target:
            report.forecasts.append({**f.as_dict(), "ref": refs.get(iid, iid), "title": ind.title, "unit": ind.unit,
                                     "target_source": year_end_target[1]})
        for a, link, w, series in plans:
            report.links[(a.id, iid)] = _link_evidence(ind, a, link, w, series, results, as_at, f, refs)
    return report


def _order(iid: str, layout, refs: dict) -> tuple:
    ids = [r.indicator for r in layout.rows]
    return (ids.index(iid), "") if iid in ids else (len(ids), iid)


def _latest(results: dict, periods: list[Period]):
    for p in reversed(periods):
        r = results.get(p.name)
        if r is not None and r.status == "ok" and r.value is not None:
            return r.value
    return None


def _link_evidence(ind, a: Action, link, w, series, results, as_at: date, f, refs) -> dict:
    if w is None:
        mv = impact.Movement(None, None, None, None, None, None, impact.NOT_YET, "the action has not started yet")
    else:
        before = impact.Figure.of(w[0], results[w[0].name]) if w[0] is not None else None
        after = impact.Figure.of(w[1], results[w[1].name]) if w[1] is not None else None
        mv = impact.movement(before, after, polarity=ind.polarity, target=link.target)
    values = [{"period": p.name, "value": results[p.name].value, "denominator": results[p.name].denominator,
               "status": results[p.name].status, "before_start": p.end < (a.start or as_at)} for p in series]
    return {"ref": refs.get(ind.id, ind.id), "indicator": ind.title, "id": ind.id, "unit": ind.unit,
            "target": link.target, "by": link.by, "movement": mv.phrase, "evidence": mv.as_dict(),
            "series": values, "on_track": _on_track(ind, link, mv, as_at, f)}


def _on_track(ind, link, mv: impact.Movement, as_at: date, f) -> dict:
    """Whether the link's target will be met by its date: after the date, met or missed on the latest
    figure; by this year end, the year-end forecast against the link's own target; later, the same
    forecast, said to be this year's."""
    better = mv.better or impact.better_way(ind.polarity, link.target, mv.before.value if mv.before else None)
    if link.target is None:
        return {"status": None, "note": "no target"}
    if link.by and link.by <= as_at:
        latest = mv.after.value if mv.after and mv.after.ok else None
        st = fc.status_against(latest, latest, latest, link.target, better)
        return {"status": None if st is None else ("target met" if st == fc.ON_TRACK else "target missed"),
                "note": f"the target date {link.by.isoformat()} has passed"}
    if f is None or f.point is None:
        return {"status": None, "note": (f.note if f else "no year-end forecast for this indicator")}
    st = fc.status_against(f.point, f.low, f.high, link.target, better)
    note = (f"year-end forecast {f.point:.1f} (80%: {f.low:.1f} to {f.high:.1f})"
            + ("" if link.by is None or year_ending(link.by) == year_ending(as_at)
               else f"; the target is for {link.by.isoformat()}, this is this year's forecast"))
    return {"status": st, "note": note}
