"""What is overdue and what falls due soon, at a date: ChAT-style lists for managers.

Each list is one SQL query in indicators/due/ over the store (no date of today: the date asked
about is a parameter). The query sees ``_as_at(la, as_at)``: for each LA, the date its data
describes, which is the date asked about when the data reaches it, or else the end of the latest
data (a CIN census's 31 March, an Annex A extract's date). A list from a census dated 31 March
asked about in June says so, and events after its date are not in it. The query returns one row
per open step with ``due_date``; this module keeps those overdue at the date asked about or due
within the next ``SOON_WD`` working days (a list's own ``soon_wd``: 3 for child protection visits, which
fall due every 10), adds ``status`` and ``days_over``, and the team and
worker (the case's allocation at the data's date, indicators/groups.py).

Timescales are the settings of the matching indicators (cp_visit_wd of cp-visits-in-time, ...),
so a list and its indicator never disagree about when a step is due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ScorecardError
from . import groups

SOON_WD = 10
HERE = Path(__file__).with_name("due")


@dataclass(frozen=True)
class DueListDef:
    id: str
    title: str
    source: str  # cin | ssda903 | annex_a_cp | annex_a_cla (the table whose data dates the list)
    days: str  # "working days" | "days": what days_over counts
    settings_of: tuple[str, ...] = ()  # indicators whose settings (timescales) the query uses
    needs: tuple[str, ...] = ()  # other tables that must hold the LA's data
    soon_wd: int = SOON_WD  # "due soon": within this many working days (shorter than the step's own interval)

    @property
    def sql(self) -> str:
        return (HERE / f"{self.id}.sql").read_text(encoding="utf-8")


LISTS = (
    DueListDef("assessments-open", "Assessments due or overdue (45 working days from the start)", "cin",
               "working days"),
    DueListDef("s47-no-conference", "Initial child protection conferences due or overdue (15 working days from the "
               "strategy discussion)", "cin", "working days"),
    DueListDef("cp-reviews", "Child protection plans whose review is due or overdue", "cin", "days",
               ("cp-reviews-in-time",)),
    # a visit is due every 10 working days, so "due within 10" would be every child on a plan
    DueListDef("cp-visits", "Child protection visits overdue or due (Annex A List 7)", "annex_a_cp",
               "working days", ("cp-visits-in-time",), soon_wd=3),
    DueListDef("cla-reviews", "Looked-after children's reviews due or overdue", "ssda903", "days",
               ("cla-reviews-in-time",)),
    DueListDef("iha", "Initial health assessments overdue or due", "ssda903", "working days", ("iha-20wd",),
               ("health_assessment",)),
    DueListDef("cla-visits", "Looked-after children's visits overdue or due (Annex A List 8)", "annex_a_cla",
               "days", ("cla-visits-in-time",)),
)
SOURCE_NAMES = {"cin": "CIN census", "ssda903": "SSDA903", "annex_a_cp": "Annex A extract",
                "annex_a_cla": "Annex A extract"}


@dataclass
class DueList:
    id: str
    title: str
    at: date
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    as_at: dict[str, date] = field(default_factory=dict)  # la -> the date the data describes
    unavailable: dict[str, str] = field(default_factory=dict)  # la -> why there is no list
    days: str = "working days"
    soon_wd: int = SOON_WD

    @property
    def notes(self) -> list[str]:
        out = []
        for la, when in sorted(self.as_at.items()):
            line = f"LA {la}: data as at {when:%d/%m/%Y}"
            if when < self.at:
                line += (f" - asked about {self.at:%d/%m/%Y}: anything done or started after "
                         f"{when:%d/%m/%Y} is not in this list")
            out.append(line + ".")
        out.extend(f"LA {la}: no list - {why}." for la, why in sorted(self.unavailable.items()))
        out.append(f"Status: overdue (the due date is before {self.at:%d/%m/%Y}) or due soon (due within "
                   f"{self.soon_wd} working days). Days over: {self.days} past the due date.")
        return out


def soon_end(con, at: date, working_days: int = SOON_WD) -> date:
    """The ``working_days``-th working day after ``at``."""
    row = con.execute("SELECT min(c2.date) FROM calendar c1 JOIN calendar c2 ON c2.wd_index = c1.wd_index + ? "
                      "AND c2.is_working_day WHERE c1.date = ?", [working_days, at]).fetchone()
    return row[0]


def data_dates(con, source: str, at: date, las: list[str]) -> tuple[dict[str, date], dict[str, str]]:
    """({la: as-at date}, {la: why not}) for a list's source."""
    as_at: dict[str, date] = {}
    why: dict[str, str] = {}
    if source.startswith("annex_a"):
        found = dict(con.execute(f"SELECT la, max(extract_date) FROM {source} WHERE extract_date <= ? GROUP BY la",
                                 [at]).fetchall())
        for la in las:
            if found.get(la):
                as_at[la] = found[la]
            else:
                why[la] = f"no Annex A extract dated on or before {at:%d/%m/%Y}"
        return as_at, why
    table = "src_cin_episode" if source == "cin" else "src_cla_episode"
    years = {la: (lo, hi) for la, lo, hi in con.execute(
        f"SELECT la, min(collection_year), max(collection_year) FROM {table} GROUP BY la").fetchall()}
    name = SOURCE_NAMES[source]
    for la in las:
        if la not in years:
            why[la] = f"no {name} loaded"
        elif at < date(years[la][0] - 1, 4, 1):
            why[la] = f"the {name} loaded starts on 01/04/{years[la][0] - 1}, after {at:%d/%m/%Y}"
        else:
            as_at[la] = min(at, date(years[la][1], 3, 31))
    return as_at, why


def due_lists(engine, at: date, *, las: list[str], team: str | None = None, worker: str | None = None,
              ids: list[str] | None = None) -> list[DueList]:
    con = engine.con
    if soon_end(con, at) is None:  # the calendar reaches past the longest "due soon" window
        raise ScorecardError(f"{at:%d/%m/%Y} is outside the store's calendar (1990-2045).")
    out = []
    for d in LISTS:
        if ids and d.id not in ids:
            continue
        as_at, why = data_dates(con, d.source, at, las)
        for table in d.needs:
            have = {r[0] for r in con.execute(f"SELECT DISTINCT la FROM {table}").fetchall()}
            for la in list(as_at):
                if la not in have:
                    del as_at[la]
                    why[la] = f"no {table.replace('_', ' ')} extract loaded"
        result = DueList(d.id, d.title, at, [], as_at=as_at, unavailable=why, days=d.days, soon_wd=d.soon_wd)
        out.append(result)
        if not as_at:
            continue
        params = _settings(engine, d)
        params.update(at=at, soon=soon_end(con, at, d.soon_wd))
        values = ", ".join(f"('{la}', DATE '{when.isoformat()}')" for la, when in as_at.items())
        days = ("c2.wd_index - c1.wd_index" if d.days == "working days"
                else "date_diff('day', d.due_date, CAST($at AS DATE))")
        listed = f"""(WITH _as_at AS (SELECT * FROM (VALUES {values}) v(la, as_at))
SELECT d.*, CASE WHEN d.due_date < $at THEN 'overdue' ELSE 'due soon' END AS status,
       CASE WHEN d.due_date < $at THEN {days} ELSE 0 END AS days_over
FROM ({d.sql.strip().rstrip(';')}
) d
JOIN calendar c1 ON c1.date = d.due_date
JOIN calendar c2 ON c2.date = $at
WHERE d.due_date <= $soon)"""
        annotated = groups.annotate(listed, "data_as_at", characteristics=False, **engine.people_sources)
        sql = f"SELECT * FROM ({annotated}) w"
        where = []
        if team:
            where.append("w.team = $team")
            params["team"] = team
        if worker:
            where.append("w.worker = $worker")
            params["worker"] = worker
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += (" ORDER BY w.la, CASE w.status WHEN 'overdue' THEN 0 ELSE 1 END, w.days_over DESC, w.due_date, "
                "w.child_id")
        cur = con.execute(sql, params)
        columns = [c[0] for c in cur.description if c[0] not in ("_unit", "_event")]
        names = [c[0] for c in cur.description]
        result.columns = columns
        result.rows = [{k: v for k, v in zip(names, r) if k in columns} for r in cur.fetchall()]
    return out


def _settings(engine, d: DueListDef) -> dict[str, Any]:
    """The timescales the list's query uses: the matching indicators' settings, overridden as the LA set them."""
    values: dict[str, Any] = {}
    for iid in d.settings_of:
        if iid in engine.catalogue:
            for name, default in engine.catalogue.get(iid).settings.items():
                values[name] = engine.settings.get(name, default)
    used = {name for name in values if f"${name}" in d.sql}
    return {k: v for k, v in values.items() if k in used}


def team_counts(lists: list[DueList]) -> tuple[list[str], list[dict[str, Any]]]:
    """The summary: per LA and team, how many of each list are overdue and due soon."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    columns = ["la", "team"]
    for d in lists:
        columns += [f"{d.id} overdue", f"{d.id} due soon"]
        for r in d.rows:
            row = counts.setdefault((r["la"], r["team"]), {})
            key = f"{d.id} {r['status']}"
            row[key] = row.get(key, 0) + 1
    order = groups.sort_key("team")
    rows = [{"la": la, "team": team, **{c: n.get(c, 0) for c in columns[2:]}}
            for (la, team), n in sorted(counts.items(), key=lambda kv: (kv[0][0], order(kv[0][1])))]
    return columns, rows


def latest_data_date(con, las: list[str]) -> date | None:
    """The latest date the loaded data describes for these LAs: an Annex A extract's date, or the
    31 March ending the latest CIN census or SSDA903 year."""
    found = []
    for table in ("annex_a_cp", "annex_a_cla"):
        found += [r[0] for r in con.execute(f"SELECT max(extract_date) FROM {table} WHERE la IN "
                                            f"(SELECT unnest(?))", [las]).fetchall() if r[0]]
    for table in ("src_cin_episode", "src_cla_episode"):
        found += [date(r[0], 3, 31) for r in con.execute(f"SELECT max(collection_year) FROM {table} WHERE la IN "
                                                         f"(SELECT unnest(?))", [las]).fetchall() if r[0]]
    return max(found, default=None)


def resolve_at(con, at: date | str | None, las: list[str]) -> date:
    """The date to list at: a date; text (2025-03-31, or a period such as 2024-25: its last day); or
    None, the latest date the data describes (the lists never read today's date)."""
    if isinstance(at, date):
        return at
    if at:
        from ..ingest.values import parse_date  # the readers' own: 31/03/2025 as people in England write it, or ISO
        from .period import parse_period

        text = str(at).strip()
        when, _ = parse_date(text)
        if when is not None:
            return when
        try:
            return parse_period(text).end
        except ScorecardError:
            raise ScorecardError(f'"{text}" is not a date or a period. Write a date as 2025-03-31 or 31/03/2025, '
                                 "or a period (its last day is used) as 2024-25 or 2024-25-Q3.") from None
    found = latest_data_date(con, las)
    if found is None:
        raise ScorecardError("No CIN census, SSDA903 or Annex A data loaded, so nothing can be due.")
    return found


def due_for(db_path, settings, at: date | str | None, *, la: str | None = None, team: str | None = None,
            worker: str | None = None) -> list[DueList]:
    """Project.due: the lists for one LA (or every LA in the store)."""
    from .run import catalogue_for, engine_for

    catalogue = catalogue_for(settings)
    # one LA's lists from a regional or national store read only that LA's rows (Engine.scoped)
    with engine_for(db_path, settings, catalogue) as engine, engine.scoped([la] if la else None):
        las = [la] if la else engine.las()
        return due_lists(engine, resolve_at(engine.con, at, las), las=las, team=team, worker=worker)
