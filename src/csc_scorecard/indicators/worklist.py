"""A case list a manager can work from: which units meet the standard, the failures first.

``in_numerator`` is the counting flag: for a lower-is-better measure (re-referrals, second
plans) a unit in the numerator is one that *fails*. ``meets_standard`` says it plainly,
whatever the polarity: ``true``, ``false`` or ``unknown`` (the answer is not known, or the
indicator is a context measure or an average, which sets no standard for one unit).
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import IndicatorError
from .definition import Indicator
from .engine import OK, Cases

MEETS = "meets_standard"
TRUE, FALSE, UNKNOWN = "true", "false", "unknown"


def has_standard(ind: Indicator) -> bool:
    """A unit can meet or fail the standard: a percentage or count with a polarity."""
    return ind.polarity in ("up", "down") and ind.aggregate in ("percent", "count", "rate10k")


def meets(ind: Indicator, in_numerator) -> str:
    if in_numerator is None or not has_standard(ind):
        return UNKNOWN
    return TRUE if bool(in_numerator) == (ind.polarity == "up") else FALSE


def explain(ind: Indicator, columns: list[str]) -> list[str]:
    """What the columns mean, for the top of the list (printed, and an About sheet in xlsx)."""
    notes = []
    if "in_numerator" in columns:
        notes.append("in_numerator: the counting flag - true rows are the figure's numerator"
                     + (" (for this lower-is-better measure they are the ones that fail)"
                        if ind.polarity == "down" else "") + "; empty = unknown, in neither numerator nor denominator.")
    if has_standard(ind):
        notes.append("meets_standard: true when the unit meets the standard "
                     f"({'in the numerator' if ind.polarity == 'up' else 'not in the numerator'}), false when it "
                     "does not, unknown when the answer is not known.")
    else:
        notes.append("meets_standard: unknown throughout - this is a "
                     f"{'context measure' if ind.polarity == 'context' else ind.aggregate}, with no standard "
                     "for one unit.")
    if "due_date" in columns:
        notes.append("due_date: when the step was due; days_over: "
                     + ("working days" if _in_working_days(columns) else "days")
                     + " past it (0 when on time). Rows are sorted most overdue first.")
    if "team" in columns:
        notes.append("team, worker: who held the case (allocated_by says where that comes from: a local "
                     "allocation extract, at the event's date, or the latest Annex A extract); Unknown when "
                     "not known.")
    return notes


def _in_working_days(columns: list[str]) -> bool:
    # the queries that count working days say so in their columns
    return any(c.startswith("working_days") for c in columns)


def work_list(ind: Indicator, cases: Cases, *, failing: bool = False) -> Cases:
    """The cases with ``meets_standard`` beside ``in_numerator``, most overdue first; with
    ``failing``, only the units that do not meet the standard."""
    if failing and not has_standard(ind):
        raise IndicatorError(f"{ind.id} is a {'context measure' if ind.polarity == 'context' else ind.aggregate} "
                             "with no standard for one case, so no case fails it: leave out --failing.")
    if cases.status != OK:
        return cases
    columns = list(cases.columns)
    at = columns.index("in_numerator") + 1 if "in_numerator" in columns else len(columns)
    columns.insert(at, MEETS)
    rows = []
    for row in cases.rows:
        flag = meets(ind, row.get("in_numerator"))
        if failing and flag != FALSE:
            continue
        rows.append({c: (flag if c == MEETS else row.get(c)) for c in columns})
    order = {FALSE: 0, UNKNOWN: 1, TRUE: 2}
    # stable sort: most overdue first, then the failures, keeping the query's order otherwise
    rows.sort(key=lambda r: (-(r.get("days_over") or 0), order[r[MEETS]]))
    return replace(cases, columns=columns, rows=rows, notes=explain(ind, columns))


def work_list_for(db_path, settings, indicator: str, period: str, *, la: str | None = None,
                  failing: bool = False) -> Cases:
    """Project.work_list: the case list of one indicator, with meets_standard, sorted."""
    from .run import catalogue_for, engine_for

    catalogue = catalogue_for(settings)
    # one LA's list from a regional or national store reads only that LA's rows (Engine.scoped)
    with engine_for(db_path, settings, catalogue) as engine, engine.scoped([la] if la else None):
        ind = catalogue.get(indicator)
        if failing and not has_standard(ind):
            work_list(ind, Cases(ind.id, period, la, []), failing=True)  # raises, saying why
        return work_list(ind, engine.cases(indicator, period, la), failing=failing)
