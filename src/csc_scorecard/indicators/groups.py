"""Team, worker and the child's characteristics, added to an indicator's unit rows.

Every case row and every breakdown gets its groups from one wrapper around the
indicator's own query, so a list, its breakdown and its figure count the same
rows: each unit row gets exactly one team, worker, age band, ... (``Unknown``
where the store does not know it, never a guess), and the per-group numerators
and denominators add up to the LA's.

Who held the case: the store view ``child_allocation`` (store/views_people.sql):
with a local allocation extract, the allocation open on the unit's *event date*;
otherwise the allocation in the LA's latest Annex A extract. The event date is
the column named by the indicator's ``event_date:`` (the assessment's start, the
start of care ...), else the row's ``extract_date``, else the period's end.
"""

from __future__ import annotations

from .definition import Indicator

UNKNOWN = "Unknown"

# --by NAME -> (the column added to each unit row, what it means)
GROUPS = {
    "team": ("team", "allocated team"),
    "worker": ("worker", "allocated worker"),
    "age": ("age_band", "age on the event date, in DfE's bands"),
    "sex": ("sex", "sex"),
    "ethnicity": ("ethnic_group", "ethnicity, in DfE's major groups"),
    "disability": ("disability", "disability"),
    "uasc": ("uasc", "unaccompanied asylum-seeking child"),
}
ALLOCATION_COLUMNS = ("team", "worker", "allocated_by")
CHARACTERISTIC_COLUMNS = ("sex", "age_band", "ethnic_group", "disability", "uasc")
# The order groups are shown in (others alphabetically, Unknown last).
ORDER = {
    "age_band": ["Unborn", "Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"],
    "sex": ["Female", "Male", "Not stated"],
    "disability": ["Disabled", "Not disabled"],
    "uasc": ["UASC", "Not UASC"],
}


def event_column(ind: Indicator, columns: list[str]) -> str | None:
    """The unit-row column whose date decides who held the case, if the query has one."""
    named = ind.extra.get("event_date")
    if named and named in columns:
        return named
    return "extract_date" if "extract_date" in columns else None


def annotate(subquery: str, event: str | None, *, characteristics: bool = True, one_la: bool = False,
             allocation: str = "child_allocation", people: str = "child_characteristics",
             own: frozenset[str] | set[str] = frozenset()) -> str:
    """SQL returning the unit rows of ``subquery`` (in brackets) with the group columns added.

    ``event``: the column holding each row's event date; None = the query's $period_end.
    ``one_la``: the rows are of the LA in $_la only, so the views are read for that LA alone
    (their windows run per LA: a filter on a literal LA is pushed into them, a join is not).
    ``allocation``, ``people``: where to read the views from (Engine.cache_people makes copies).
    ``own``: the query's columns; a group column it already has (an LA's own indicator may give a
    team) is kept as the query gives it.
    """
    event_expr = f"q.{event}" if event else "$period_end"
    only = " AND a.la = $_la" if one_la else ""
    join_people = ""
    people_cols = None
    if characteristics:
        join_people = (f"LEFT JOIN {people} ch ON ch.la = u.la AND ch.child_id = u.child_id"
                       + (" AND ch.la = $_la" if one_la else ""))
        people_cols = [
            ("sex", f"""CASE ch.sex WHEN 'M' THEN 'Male' WHEN 'F' THEN 'Female' WHEN 'U' THEN 'Not stated'
                   ELSE '{UNKNOWN}' END"""),
            ("age_band", f"""CASE WHEN ch.dob IS NULL OR u._event IS NULL THEN '{UNKNOWN}'
            WHEN ch.dob > u._event THEN 'Unborn'
            WHEN date_sub('year', ch.dob, u._event) < 1 THEN 'Under 1'
            WHEN date_sub('year', ch.dob, u._event) < 5 THEN '1 to 4'
            WHEN date_sub('year', ch.dob, u._event) < 10 THEN '5 to 9'
            WHEN date_sub('year', ch.dob, u._event) < 16 THEN '10 to 15'
            ELSE '16 and over' END"""),
            ("ethnic_group", f"coalesce(ch.ethnic_group, '{UNKNOWN}')"),
            ("disability", f"""CASE ch.disabled WHEN TRUE THEN 'Disabled' WHEN FALSE THEN 'Not disabled'
                   ELSE '{UNKNOWN}' END"""),
            ("uasc", f"CASE ch.uasc WHEN TRUE THEN 'UASC' WHEN FALSE THEN 'Not UASC' ELSE '{UNKNOWN}' END"),
        ]
    added = [("team", f"coalesce(h.team, '{UNKNOWN}')"), ("worker", f"coalesce(h.worker, '{UNKNOWN}')"),
             ("allocated_by", "h.allocated_by")] + (people_cols or [])
    extra = "".join(f",\n       {expr} AS {name}" for name, expr in added if name not in own)
    return f"""
WITH _units AS (
    SELECT q.*, row_number() OVER () AS _unit FROM {subquery} q
),
_u AS (
    SELECT q.*, CAST({event_expr} AS DATE) AS _event FROM _units q
),
_held AS (
    SELECT u._unit, a.team, a.worker,
           CASE WHEN a.source = 'Annex A' THEN 'Annex A ' || CAST(a.as_at AS VARCHAR) ELSE a.source END
               AS allocated_by,
           row_number() OVER (PARTITION BY u._unit ORDER BY a.from_date DESC NULLS LAST, a.team, a.worker) AS pick
    FROM _u u
    JOIN {allocation} a ON a.la = u.la AND a.child_id = u.child_id
    WHERE (a.from_date IS NULL OR a.from_date <= u._event){only}
      AND (a.to_date IS NULL OR a.to_date >= u._event)
)
SELECT u.*{extra}
FROM _u u
LEFT JOIN _held h ON h._unit = u._unit AND h.pick = 1
{join_people}
"""


def sort_key(column: str):
    """Sort groups the way DfE shows them: known groups in order, Unknown last."""
    order = ORDER.get(column, [])

    def key(value):
        text = "" if value is None else str(value)
        return (text == UNKNOWN, order.index(text) if text in order else len(order), text)
    return key
