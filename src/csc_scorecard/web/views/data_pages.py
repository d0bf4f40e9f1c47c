"""The analysts' pages: the load history with uploads, supplied values, and the improvement plan."""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path

from django.contrib import messages
from django.shortcuts import redirect

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


def _report_payload(report) -> dict:
    return {"load_id": report.load_id, "ok": report.ok,
            "files": [plain(f) | {"path": Path(f.path).name} for f in report.files],
            "issues": [i.as_row() for i in report.issues[:MAX_ISSUES_SHOWN]],
            "issues_total": len(report.issues)}


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
        for i in report.issues:
            i.file = Path(i.file).name
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
                                           "issues": result.issues[:MAX_ISSUES_SHOWN] if result else []}, payload)


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
                                            "issues": result.issues[:MAX_ISSUES_SHOWN] if result else []},
                   payload)


@roles.needs("aggregates")
def plan(request):
    """The improvement plan (the plan module's, when merged): everyone views it; analysts edit it."""
    project = data.project()
    if not hasattr(project, "plan"):
        return unavailable(request, "plan.html", "Improvement plan",
                           "The improvement plan is not available yet in this version.")
    if request.method == "POST":
        if not roles.can(request.user, "plan_edit"):
            return respond(request, "message.html", {"title": "Not allowed",
                           "message": "Only an analyst may edit the plan."}, {"error": "not allowed"}, status=403)
        return unavailable(request, "plan.html", "Improvement plan", "Editing the plan is not available yet.")
    try:
        the_plan = project.plan()
    except ScorecardError as exc:
        return unavailable(request, "plan.html", "Improvement plan", str(exc))
    return respond(request, "plan.html", {"title": "Improvement plan", "plan": the_plan}, {"plan": plain(the_plan)})
