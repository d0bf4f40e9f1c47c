"""Caseloads as ChAT shows them: children per team and worker by status, from Annex A.

From each LA's latest Annex A extract dated on or before the date asked about: every child open
on List 8 (looked after), List 7 (child protection plan) or List 6 (child in need), counted once
at the highest of those statuses (CLA, then CP, then CIN), under the team and worker that list
gives. A row without a team or worker counts under Unknown.
"""

from __future__ import annotations

from datetime import date

from .groups import UNKNOWN, sort_key

COLUMNS = ["la", "extract_date", "team", "worker", "CIN", "CP", "CLA", "total"]

SQL = f"""
WITH extracts AS (
    SELECT la, extract_date FROM annex_a_cin
    UNION ALL SELECT la, extract_date FROM annex_a_cp
    UNION ALL SELECT la, extract_date FROM annex_a_cla
),
latest AS (
    SELECT la, max(extract_date) AS extract_date FROM extracts WHERE extract_date <= $at GROUP BY la
),
open_cases AS (
    SELECT c.la, c.extract_date, c.child_id, c.allocated_team, c.allocated_worker, 'CLA' AS status, 1 AS rank
    FROM annex_a_cla c JOIN latest l ON l.la = c.la AND l.extract_date = c.extract_date
    WHERE (c.cla_start_date IS NULL OR c.cla_start_date <= c.extract_date)
      AND (c.cla_end_date IS NULL OR c.cla_end_date > c.extract_date)
    UNION ALL
    SELECT c.la, c.extract_date, c.child_id, c.allocated_team, c.allocated_worker, 'CP', 2
    FROM annex_a_cp c JOIN latest l ON l.la = c.la AND l.extract_date = c.extract_date
    WHERE (c.cpp_start_date IS NULL OR c.cpp_start_date <= c.extract_date)
      AND (c.cpp_end_date IS NULL OR c.cpp_end_date > c.extract_date)
    UNION ALL
    SELECT c.la, c.extract_date, c.child_id, c.allocated_team, c.allocated_worker, 'CIN', 3
    FROM annex_a_cin c JOIN latest l ON l.la = c.la AND l.extract_date = c.extract_date
    WHERE (c.cin_start_date IS NULL OR c.cin_start_date <= c.extract_date)
      AND (c.cin_closure_date IS NULL OR c.cin_closure_date > c.extract_date)
),
picked AS (
    SELECT *, row_number() OVER (PARTITION BY la, child_id ORDER BY rank, allocated_worker NULLS LAST) AS pick
    FROM open_cases WHERE child_id IS NOT NULL
)
SELECT la, extract_date, coalesce(allocated_team, '{UNKNOWN}') AS team,
       coalesce(allocated_worker, '{UNKNOWN}') AS worker,
       count(*) FILTER (WHERE status = 'CIN') AS "CIN",
       count(*) FILTER (WHERE status = 'CP') AS "CP",
       count(*) FILTER (WHERE status = 'CLA') AS "CLA",
       count(*) AS total
FROM picked
WHERE pick = 1
GROUP BY la, extract_date, coalesce(allocated_team, '{UNKNOWN}'), coalesce(allocated_worker, '{UNKNOWN}')
"""


def caseloads(con, at: date, las: list[str] | None = None, *, by_team: bool = False) -> list[dict]:
    """Rows of COLUMNS (by worker), or with ``by_team`` one row per team (worker = number of workers)."""
    rows = [dict(zip(COLUMNS, r)) for r in con.execute(SQL, {"at": at}).fetchall()]
    if las:
        rows = [r for r in rows if r["la"] in las]
    if by_team:
        teams: dict[tuple, dict] = {}
        for r in rows:
            t = teams.setdefault((r["la"], r["extract_date"], r["team"]),
                                 {"la": r["la"], "extract_date": r["extract_date"], "team": r["team"], "workers": 0,
                                  "CIN": 0, "CP": 0, "CLA": 0, "total": 0})
            t["workers"] += r["worker"] != UNKNOWN
            for k in ("CIN", "CP", "CLA", "total"):
                t[k] += r[k]
        rows = list(teams.values())
    team_order, worker_order = sort_key("team"), sort_key("worker")
    return sorted(rows, key=lambda r: (r["la"], team_order(r["team"]), worker_order(r.get("worker", ""))))


def caseloads_for(db_path, settings, at: date, *, la: str | None = None, by_team: bool = False) -> list[dict]:
    from ..store import database

    con = database.connect(db_path, read_only=True)
    try:
        return caseloads(con, at, [la] if la else None, by_team=by_team)
    finally:
        con.close()
