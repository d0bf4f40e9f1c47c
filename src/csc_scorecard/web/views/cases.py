"""The child-level pages: an indicator's case list (with CSV and xlsx export) and the due lists.

Each is reachable only with the child_level role; a manager with a team sees only that team's children (and
none at all when the list does not say which team a child belongs to); every view and export is audited.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse

from ...errors import ScorecardError
from ...report.formatting import period_label
from .. import audit, data, exports, roles
from .common import period_or_error, plain, respond, unavailable, wants

NO_TEAM_COLUMN = ("Your account is limited to team {team}, and this list does not say which team each child "
                  "belongs to, so no children are shown. An analyst sees the whole list.")


def scoped(rows: list[dict], columns: list[str], team: str | None) -> tuple[list[dict], str]:
    """The rows a user may see, and a note when some were left out because of the team limit."""
    if team is None:
        return rows, ""
    if "team" not in columns:
        return [], NO_TEAM_COLUMN.format(team=team)
    return [r for r in rows if r.get("team") == team], f"Limited to team {team}."


def _private(response):
    response["Cache-Control"] = "no-store"
    return response


@roles.needs("child_level")
def cases(request, iid):
    project = data.project()
    try:
        ind = data.catalogue().get(iid)
    except ScorecardError:
        raise Http404(f"There is no indicator {iid}.")
    period, problem = period_or_error(request)
    if problem:
        return unavailable(request, "cases.html", ind.title, problem, ind=ind)
    try:
        # the work list: the figure's own rows with meets_standard, most overdue first
        listed = project.work_list(iid, period, la=project.config.la)
    except ScorecardError as exc:
        return unavailable(request, "cases.html", ind.title, str(exc), ind=ind, period=period)
    if listed.status != "ok":
        return unavailable(request, "cases.html", ind.title, f"Not available: {listed.reason}", ind=ind,
                           period=period)
    rows, note = scoped(listed.rows, listed.columns, roles.team_of(request.user))
    columns = listed.columns
    stem = f"cases-{iid}-{period.replace(':', '-')}"
    if wants(request, "csv"):
        audit.record(request, "cases", rows=rows, indicator=iid, period=period, file=stem + ".csv")
        resp = HttpResponse(exports.as_csv(columns, rows), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return _private(resp)
    if wants(request, "xlsx"):
        audit.record(request, "cases", rows=rows, indicator=iid, period=period, file=stem + ".xlsx")
        resp = HttpResponse(exports.as_xlsx(columns, rows, f"{ind.title}: {period_label(period)}"),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return _private(resp)
    audit.record(request, "cases", rows=rows, indicator=iid, period=period)
    marked = sum(1 for r in rows if r.get("in_numerator") is True)
    payload = {"indicator": iid, "period": period, "la": listed.la, "columns": columns, "rows": rows,
               "count": len(rows), "in_numerator": marked, "note": note}
    table = [[_shown(r.get(c)) for c in columns] for r in rows]
    return _private(respond(request, "cases.html", {
        "title": f"Cases: {ind.title}", "ind": ind, "period": period, "period_name": period_label(period),
        "periods": data.periods(), "columns": columns, "headings": [heading(c) for c in columns], "table": table,
        "count": len(rows), "marked": marked, "count_text": f"{len(rows):,}", "marked_text": f"{marked:,}",
        "note": note}, plain(payload)))


# the columns as a page heads them (the CSV, workbook and JSON keep the names the queries give)
HEADINGS = {"la": "LA", "child_id": "Child ID", "in_numerator": "Counted as meeting it", "meets_standard": "Meets the standard",
            "days_over": "Days over", "due_date": "Due", "data_as_at": "Data as at", "allocated_by": "Team from",
            "decom": "Started (DECOM)", "dec": "Ended (DEC)", "rne": "RNE", "rec": "REC", "ls": "Legal status",
            "unknown_reason": "Why unknown", "working_days": "Working days"}


def heading(column: str) -> str:
    return HEADINGS.get(column) or column.replace("_", " ").capitalize()


def _shown(v):
    if v is None:
        return ""
    if v is True or v == "true":
        return "yes"
    if v is False or v == "false":
        return "no"
    if isinstance(v, date):
        return f"{v:%d/%m/%Y}"
    return plain(v)


@roles.needs("child_level")
def due(request):
    """The due and overdue lists at a date (the work lists module's), scoped to a manager's team."""
    project = data.project()
    team = roles.team_of(request.user)
    try:
        # a date, a period (its last day) or nothing: the latest date the data describes
        lists = project.due(request.GET.get("at", "").strip() or None, la=project.config.la, team=team)
    except ScorecardError as exc:
        return _private(unavailable(request, "due.html", "Due and overdue", str(exc)))
    shown, everyone = [], []
    at = lists[0].at if lists else None
    for lst in lists:
        rows, note = scoped(lst.rows, lst.columns, team)
        everyone += rows
        why = "; ".join(lst.unavailable.values())
        shown.append({"id": lst.id, "title": lst.title, "columns": lst.columns,
                      "headings": [heading(c) for c in lst.columns], "note": note, "count": len(rows),
                      "notes": list(lst.notes), "unavailable": why,
                      "table": [[_shown(r.get(c)) for c in lst.columns] for r in rows], "rows": rows})
    audit.record(request, "due", rows=everyone, period=at.isoformat() if at else "")
    payload = {"at": at, "team": team, "lists": [{k: v for k, v in s.items() if k not in ("table", "headings")}
                                                  for s in shown]}
    return _private(respond(request, "due.html", {"title": "Due and overdue", "lists": shown, "at": at},
                            plain(payload)))
