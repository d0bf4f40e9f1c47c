"""The analysts' pages: the load history with uploads, supplied values, and the improvement plan."""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone

from ...errors import ScorecardError
from ...ingest.detect import parse_la, parse_year
from .. import data, roles
from .common import plain, respond, unavailable

_writing = threading.Lock()  # one load at a time: DuckDB has one writer
MAX_ISSUES_SHOWN = 500


def _saved(files, folder: Path) -> list[Path]:
    """The uploaded files under their own names (readers use the name: a year, a table), in a private folder."""
    paths = []
    for f in files:
        name = re.sub(r"[^A-Za-z0-9._ -]", "_", Path(f.name).name).strip() or "upload"
        path = folder / name
        with open(path, "wb") as out:
            for chunk in f.chunks():
                out.write(chunk)
        path.chmod(0o600)
        paths.append(path)
    return paths


def _issues(report) -> list[dict]:
    """The issues to show, each naming its file without the server's temporary folder."""
    return [i.as_row() | {"file": Path(i.file).name} for i in report.issues[:MAX_ISSUES_SHOWN]]


def _report_payload(report) -> dict:
    return {"load_id": report.load_id, "ok": report.ok,
            "files": [plain(f) | {"path": Path(f.path).name} for f in report.files],
            "issues": _issues(report), "issues_total": len(report.issues)}


def _upload(request, action: str):
    files = request.FILES.getlist("files")
    if not files:
        raise ScorecardError("Choose one or more files to upload.")
    folder = Path(tempfile.mkdtemp(prefix="scorecard-upload-"))  # mkdtemp makes it 0700
    try:
        paths = _saved(files, folder)
        project = data.project()
        with _writing:
            if action == "supply":
                report = project.supply(paths[0], command=f"web supply by {request.user.get_username()}")
            else:
                try:
                    year = parse_year(request.POST.get("year") or None)
                    la = parse_la(request.POST.get("la") or None)
                except ValueError as exc:
                    raise ScorecardError(str(exc)) from None
                report = project.load(paths, year=year, la=la,
                                      command=f"web load by {request.user.get_username()}")
        for f in report.files:
            f.path = Path(f.path).name  # the temporary folder means nothing to the reader
        return report
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@roles.needs("loads")
def loads(request):
    result = None
    if request.method == "POST":
        if not roles.can(request.user, "upload"):
            return respond(request, "message.html", {"title": "Not allowed",
                           "message": "Only an analyst may upload returns."}, {"error": "not allowed"}, status=403)
        try:
            result = _upload(request, "load")
        except ScorecardError as exc:
            messages.error(request, str(exc))
            return redirect("loads")
    history = data.project().loads()
    for row in history:
        row["file_name"] = Path(row["file"]).name
        row["rows"] = sum(row["row_counts"].values())
    payload = {"history": history, "result": _report_payload(result) if result else None}
    return respond(request, "loads.html", {"title": "Loads", "history": list(reversed(history)),
                                           "result": result,
                                           "issues": _issues(result) if result else []}, payload)


@roles.needs("supply")
def supply(request):
    result = None
    if request.method == "POST":
        try:
            result = _upload(request, "supply")
        except ScorecardError as exc:
            messages.error(request, str(exc))
            return redirect("supply")
    payload = {"result": _report_payload(result) if result else None,
               "columns": ["indicator", "la", "period", "value"]}
    return respond(request, "supply.html", {"title": "Supplied values", "result": result,
                                            "issues": _issues(result) if result else []},
                   payload)


class _ShownAction:
    """An action as the page shows it: its own fields, and its state today (plan/evaluate.action_state: the
    RAG worked out from progress against time where the owner gave none, overdue, due soon)."""

    def __init__(self, action, as_at):
        from ...plan.evaluate import action_state

        self.action, self.state = action, action_state(action, as_at)

    def __getattr__(self, name):
        return getattr(self.action, name)


def _plan_view(the_plan, as_at) -> list[dict]:
    """The plan by theme and priority, each action with its linked indicators and its state at ``as_at``."""
    themes = []
    for theme in the_plan.themes:
        priorities = []
        for p in the_plan.priorities:
            if p.theme != theme:
                continue
            actions = [_ShownAction(a, as_at) for a in the_plan.actions if a.priority == p.id]
            priorities.append({"priority": p, "actions": actions})
        if priorities:
            themes.append({"theme": theme, "priorities": priorities})
    return themes


def _plan_changes(form) -> dict:
    """The fields an analyst changed, parsed here at the edge. A field the form leaves out is left as it is;
    status, % done, owner and due left blank are left as they are too, while a blank RAG means "worked out
    from progress" and blank notes clear them."""
    from datetime import date

    changes = {k: form[k].strip() for k in ("status", "percent", "owner") if form.get(k, "").strip()}
    changes |= {k: form[k].replace("\r\n", "\n").strip() for k in ("rag", "notes") if k in form}  # browsers send CRLF
    if form.get("due", "").strip():
        try:
            changes["due"] = date.fromisoformat(form["due"].strip())
        except ValueError:
            raise ScorecardError(f'"{form["due"].strip()}" is not a due date: write it as 2025-06-30.') from None
    return changes


@roles.needs("aggregates")
def plan(request):
    """The improvement plan: everyone views it; analysts edit an action's status, % done, RAG, owner, due date
    and notes (Project.plan_update: a new plan version, in its history)."""
    from ...plan.model import RAGS, STATUSES

    project = data.project()
    la = project.config.la
    if request.method == "POST":
        if not roles.can(request.user, "plan_edit"):
            return respond(request, "message.html", {"title": "Not allowed",
                           "message": "Only an analyst may edit the plan."}, {"error": "not allowed"}, status=403)
        action = request.POST.get("action", "")
        try:
            changes = _plan_changes(request.POST)
            with _writing:
                version = project.plan_update(action, la=la, by=request.user.get_username(), **changes)
        except ScorecardError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Action {action} updated (plan version {version})." if version
                             else f"Action {action}: nothing changed.")
        return redirect("plan")
    try:
        the_plan = project.plan(la=la)
    except ScorecardError as exc:
        return unavailable(request, "plan.html", "Improvement plan", str(exc))
    if the_plan is None:
        return unavailable(request, "plan.html", "Improvement plan",
                           "No plan has been imported yet: an analyst imports one with `scorecard plan import`.")
    today = timezone.localdate()  # a live page: progress against time is judged today, as the owners see it
    themes = _plan_view(the_plan, today)
    states = {a.id: {"rag": a.state.rag, "rag_source": a.state.rag_source, "overdue": a.state.overdue,
                     "days_overdue": a.state.days_overdue, "due_soon": a.state.due_soon}
              for t in themes for p in t["priorities"] for a in p["actions"]}
    return respond(request, "plan.html", {"title": "Improvement plan", "plan": the_plan, "themes": themes,
                                          "statuses": STATUSES, "rags": RAGS, "today": today},
                   {"plan": plain(the_plan), "as_at": today.isoformat(), "states": states})
