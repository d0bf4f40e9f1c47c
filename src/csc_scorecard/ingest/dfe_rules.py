"""The sector's own DfE validation rules (csc-validator-be-903, csc-validator-be-cin), beside our checks.

The validators need pandas and numpy 1.x, which csc-scorecard does not use,
so they are never a dependency of the package: they live in a virtual
environment of their own under the user's cache folder
(``$XDG_CACHE_HOME/csc-scorecard/validators``, else
``~/.cache/csc-scorecard/validators``; ``SCORECARD_VALIDATORS`` to choose),
made once by ``scorecard validate --setup`` or the first run, and run as a
subprocess (dfe_rules_worker.py) that exchanges JSON. Every rule result comes
back as an issue row with source "DfE rule <code>"; rules that crashed, or
could not run for want of a table, are listed by code with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import ScorecardError
from .report import IssueRow, year_label
from .result import ReadResult

PINS = ("csc-validator-be-903==0.1.17", "csc-validator-be-cin==0.1.13", "pandas==1.5.3", "numpy==1.24.4")
WORKER = Path(__file__).with_name("dfe_rules_worker.py")
TIMEOUT = 1800  # seconds for one run of the rules (a large LA's 903 takes a few minutes)
_PYTHONS = ("python3.11", "python3.10", "python3.9")  # pandas 1.5 has wheels up to Python 3.11


class ValidatorsUnavailable(ScorecardError):
    """The validators' environment cannot be made or run here."""


def venv_dir() -> Path:
    if os.environ.get("SCORECARD_VALIDATORS"):
        return Path(os.environ["SCORECARD_VALIDATORS"])
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "csc-scorecard" / "validators"


def _python_in(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _marker(venv: Path) -> Path:
    return venv / "csc-scorecard-pins.json"


def ready(venv: Path | None = None) -> bool:
    venv = venv or venv_dir()
    try:
        return _python_in(venv).exists() and json.loads(_marker(venv).read_text()) == list(PINS)
    except (OSError, ValueError):
        return False


def _base_python() -> str:
    """A Python the validators' pandas 1.5 installs on (3.9-3.11)."""
    if sys.version_info[:2] <= (3, 11):
        return sys.executable
    for name in _PYTHONS:
        found = shutil.which(name)
        if found:
            return found
    raise ValidatorsUnavailable(
        "The DfE validators need Python 3.9-3.11 (they use pandas 1.5), and none was found. "
        "Install python3.11 beside this Python, then run: scorecard validate --setup")


def setup(progress: Callable[[str], None] | None = None, *, force: bool = False) -> Path:
    """Make (once) the validators' virtual environment; return its folder."""
    venv = venv_dir()
    if ready(venv) and not force:
        return venv
    if progress:
        progress(f"installing the DfE validators ({', '.join(PINS[:2])}) into {venv} (once)")
    if venv.exists():
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    steps = [[_base_python(), "-m", "venv", str(venv)],
             [str(_python_in(venv)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PINS]]
    for cmd in steps:
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=1200)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ValidatorsUnavailable(f"Could not set up the DfE validators in {venv}: {exc}") from None
        if done.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise ValidatorsUnavailable(
                f"Could not set up the DfE validators in {venv} (is PyPI reachable?): {' '.join(tail)}")
    _marker(venv).write_text(json.dumps(list(PINS)))
    return venv


@dataclass
class RulesRun:
    """What the DfE rules said about a set of files."""

    issues: list[IssueRow] = field(default_factory=list)
    not_run: list[IssueRow] = field(default_factory=list)  # rules that crashed or could not run
    rulesets: dict[str, str] = field(default_factory=dict)  # file (or 903 folder) -> rule set used


def jobs_for(results: list[ReadResult], ons_of: Callable[[str], str | None]) -> tuple[list[dict], list[tuple]]:
    """One job per CIN census file and per 903 return (the CSV tables of one LA and year, with the previous
    year's when they are given too, as some rules compare the two); and what each job is about."""
    jobs, about = [], []
    by_return: dict[tuple, list[ReadResult]] = {}
    for r in results:
        if not r.loadable or not r.collection_year:
            continue
        if r.source_return == "cin":
            jobs.append({"kind": "cin", "year": r.collection_year, "file": str(r.path)})
            about.append((r.la, r.collection_year, str(r.path)))
        elif r.source_return == "ssda903":
            by_return.setdefault((r.la, r.collection_year, r.path.suffix.lower() == ".xml"), []).append(r)
    for (la, year, xml), rs in sorted(by_return.items(), key=lambda kv: (str(kv[0][0]), kv[0][1], kv[0][2])):
        files = [str(r.path) for r in rs]
        for path in (files if xml else [files]):  # the 903 validator reads one XML, or one set of CSVs
            previous = [str(r.path) for r in by_return.get((la, year - 1, False), [])] if not xml else []
            jobs.append({"kind": "903", "year": year, "ons": ons_of(la) or "", "previous": previous,
                         "files": [path] if xml else path})
            about.append((la, year, path if xml else str(Path(path[0]).parent)))
    return jobs, about


def run_rules(results: list[ReadResult], ons_of: Callable[[str], str | None],
              progress: Callable[[str], None] | None = None) -> RulesRun:
    jobs, about = jobs_for(results, ons_of)
    run = RulesRun()
    if not jobs:
        return run
    venv = setup(progress)
    if progress:
        progress(f"running the DfE rules on {len(jobs)} return{'s' if len(jobs) != 1 else ''}")
    try:
        done = subprocess.run([str(_python_in(venv)), str(WORKER)], input=json.dumps(jobs), capture_output=True,
                              text=True, timeout=TIMEOUT, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ValidatorsUnavailable(f"The DfE validators did not run: {exc}") from None
    try:
        answers = json.loads(done.stdout)
    except ValueError:
        tail = " ".join(done.stderr.strip().splitlines()[-3:])
        raise ValidatorsUnavailable(f"The DfE validators failed ({tail}). Try: scorecard validate --setup") from None
    for (la, year, where), job, answer in zip(about, jobs, answers):
        season = year_label(year)
        run.rulesets[where] = answer.get("ruleset", "")
        if answer.get("error"):
            run.not_run.append(IssueRow("DfE rules", "info", "rules-not-run", la or "", season, "", where, "", "",
                                        "", f"The DfE {job['kind'].upper()} rules could not run on this return: "
                                        f"{answer['error']}", "Check the file loads here without fatal problems; "
                                        "if it does, this is a limit of the DfE validator."))
        for i in answer.get("issues", []):
            file = _file_of(job, i)
            query = i["rule"].endswith("Q")
            run.issues.append(IssueRow(
                f"DfE rule {i['rule']}", "warning" if query else "error", i["rule"], la or "", season,
                i.get("child_id") or "", file, f"{i['table']} row {i['row']}".strip() if i.get("table") else "",
                i.get("field") or "", i.get("value") or "", i.get("message") or "",
                "A DfE query: check the record and correct it, or give the reason in the return." if query
                else "Correct the record in the case management system before the return is submitted."))
        for n in answer.get("not_run", []):
            run.not_run.append(IssueRow(
                f"DfE rule {n['rule']}", "info", "rule-not-run", la or "", season, "", where, "", "", "",
                f"DfE rule {n['rule']} did not run: {n['reason']}.",
                "Nothing to do for the data; give the missing table if the rule matters to you."))
    return run


_TABLE_FILES = {"Header": "header", "Episodes": "episodes", "Reviews": "reviews", "UASC": "uasc", "OC2": "oc2",
                "OC3": "oc3", "AD1": "ad1", "PlacedAdoption": "placed", "PrevPerm": "perm", "Missing": "missing",
                "SWEpisodes": "sw_episode", "DoLo": "dolo"}


def _file_of(job: dict, issue: dict) -> str:
    """The file a rule result points at: the CIN file, the 903 XML, or the CSV of the table it names."""
    if job["kind"] == "cin":
        return job["file"]
    files = job["files"]
    if len(files) == 1:
        return files[0]
    hint = _TABLE_FILES.get(issue.get("table", ""), "").lower()
    found = [f for f in files if hint and hint in Path(f).name.lower().replace("-", "_")]
    if hint == "episodes":
        found = [f for f in found if "sw_" not in Path(f).name.lower()]
    return found[0] if len(found) == 1 else str(Path(files[0]).parent)
