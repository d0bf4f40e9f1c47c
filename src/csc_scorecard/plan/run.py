"""What the Project does for `scorecard plan ...`: find the LA, the indicators, the store; check and
save; read back. Kept here so project.py stays a thin facade."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..assess.layout import load_layout
from ..errors import ScorecardError
from ..store import plan_store
from ..store.database import connect
from .history import Change, history, items_to_plan, plan_to_items
from .model import RAGS, STATUSES, Plan
from .parse import IndicatorRef, PlanError, Problem, build_plan, choice, indicator_index, parse_number
from .themes import themes_from
from .workbook import read_workbook, write_workbook
from .yamlio import read_yaml, write_yaml


@dataclass
class ImportOutcome:
    la: str
    plan: Plan
    version: int | None  # None: the plan was the same as the latest version, nothing stored
    path: Path


def which_la(project, la: str | None) -> str:
    la = la or project.config.la
    if la:
        return la
    known = []
    if project.db_path.exists():
        con = connect(project.db_path, read_only=True)
        try:
            known = [r[0] for r in con.execute(
                "SELECT DISTINCT la FROM load_file WHERE la IS NOT NULL ORDER BY la").fetchall()]
        finally:
            con.close()
    if len(known) == 1:
        return known[0]
    raise ScorecardError(f"Which LA is the plan for? {project.db_path} holds "
                         f"{', '.join(known) or 'no LAs'}: give --la CODE, or la: in scorecard.yaml.")


def indicators_for(project) -> tuple[list[IndicatorRef], object]:
    catalogue = project.catalogue()
    layout = load_layout(project.config.layout, catalogue)
    return indicator_index(layout, catalogue), layout


def init_template(project, out: str | Path, *, themes=None, year_ending: int | None = None,
                  source: str | Path | None = None) -> Path:
    """The blank template, or (with ``source``, a plan file) the template filled with that plan."""
    indicators, _ = indicators_for(project)
    plan = read_plan_file(project, source) if source else None
    names = plan.themes if plan else themes_from(themes if themes is not None
                                                  else project.config.extra.get("plan_themes"))
    return write_workbook(out, indicators, names, plan, year_ending=year_ending or _this_year())


def _this_year() -> int:
    # Only to label the Lists sheet's target column in a blank template; no figure depends on it.
    today = date.today()
    return today.year if today.month <= 3 else today.year + 1


def read_plan_file(project, path: str | Path) -> Plan:
    """Check a plan workbook or YAML file; PlanError lists every problem."""
    path = Path(path)
    if not path.is_file():
        raise ScorecardError(f"{path}: no such file. Give a plan workbook (.xlsx) or YAML file.")
    indicators, _ = indicators_for(project)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        records, missing, title = read_workbook(path)
        return build_plan(records, indicators, source=str(path), kind="workbook", title=title, missing=missing)
    if suffix in (".yaml", ".yml"):
        records, title, structural = read_yaml(path)
        try:
            return build_plan(records, indicators, source=str(path), kind="yaml", title=title)
        except PlanError as exc:
            if not structural:
                raise
            extra = [Problem("plan", None, None, None, m, "correct the file's structure.") for m in structural]
            raise PlanError(str(path), extra + exc.problems) from None
    raise ScorecardError(f"{path}: a plan is an Excel workbook (.xlsx) or a YAML file (.yaml); "
                         f"{suffix or 'no extension'} is neither.")


def import_plan(project, path: str | Path, *, la: str | None = None, by: str | None = None,
                note: str | None = None) -> ImportOutcome:
    plan = read_plan_file(project, path)
    la = which_la(project, la)
    version = save(project, la, plan, by=by, source=f"import {Path(path).name}", note=note)
    return ImportOutcome(la, plan, version, Path(path))


def save(project, la: str, plan: Plan, *, by: str | None, source: str, note: str | None = None) -> int | None:
    """Store the plan as a new version unless it equals the latest one (then None)."""
    con = project.connect()
    try:
        latest = plan_store.read_version(con, la)
        if latest is not None and items_to_plan(*latest) == plan:
            return None
        header, items = plan_to_items(plan)
        return plan_store.save_version(con, la, header, items, saved_by=by or getpass.getuser(), source=source,
                                       note=note)
    finally:
        con.close()


def current_plan(project, la: str | None = None, version: int | None = None) -> tuple[str, Plan | None, dict | None]:
    la = which_la(project, la)
    if not project.db_path.exists():
        return la, None, None
    con = connect(project.db_path, read_only=True)
    try:
        found = plan_store.read_version(con, la, version)
    finally:
        con.close()
    if found is None:
        if version is not None:
            raise ScorecardError(f"LA {la} has no plan version {version}: `scorecard plan history` lists them.")
        return la, None, None
    return la, items_to_plan(*found), found[0]


def require_plan(project, la: str | None = None, version: int | None = None) -> tuple[str, Plan, dict]:
    la, plan, header = current_plan(project, la, version)
    if plan is None:
        raise ScorecardError(f"LA {la} has no improvement plan in {project.db_path}. Write a template with "
                             "`scorecard plan init`, fill it in, and store it with `scorecard plan import FILE`.")
    return la, plan, header


def export_plan(project, out: str | Path, *, la: str | None = None, version: int | None = None) -> Path:
    la, plan, header = require_plan(project, la, version)
    out = Path(out)
    if out.suffix.lower() in (".yaml", ".yml"):
        return write_yaml(out, plan)
    if out.suffix.lower() != ".xlsx":
        raise ScorecardError(f"{out}: export to a .xlsx or .yaml file.")
    indicators, _ = indicators_for(project)
    return write_workbook(out, indicators, plan.themes, plan, year_ending=_this_year())


def plan_history(project, la: str | None = None) -> tuple[str, list[Change]]:
    la = which_la(project, la)
    if not project.db_path.exists():
        return la, []
    con = connect(project.db_path, read_only=True)
    try:
        versions = [(h, items_to_plan(h, items)) for h, items in
                    (plan_store.read_version(con, la, v["version"]) for v in plan_store.versions(con, la))]
    finally:
        con.close()
    return la, history(versions)


def update_action(project, action_id: str, *, la: str | None = None, by: str | None = None,
                  status: str | None = None, percent: str | float | None = None, rag: str | None = None,
                  notes: str | None = None, due: date | None = None, note: str | None = None) -> int | None:
    """Change one action's progress fields and store the result as a new version."""
    la, plan, _ = require_plan(project, la)
    try:
        action = plan.action(action_id)
    except KeyError:
        raise ScorecardError(f"The plan has no action {action_id}. Its actions: "
                             f"{', '.join(a.id for a in plan.actions)}.") from None
    if status is not None:
        action.status = choice(status, STATUSES) or _bad("status", status, ", ".join(STATUSES))
    if percent is not None:
        try:
            value = parse_number(percent)
        except ValueError:
            value = None
        if value is None or not 0 <= value <= 100:
            _bad("% complete", percent, "a number from 0 to 100")
        action.percent_complete = value
    if rag is not None:
        action.rag = None if rag.strip().lower() in ("", "none", "blank") else (
            choice(rag, RAGS) or _bad("RAG", rag, "Red, Amber, Green or none"))
    if notes is not None:
        action.notes = notes
    if due is not None:
        action.due = due
    if action.status == "Completed":
        action.percent_complete = 100.0
    return save(project, la, plan, by=by, source=f"update {action_id}", note=note)


def _bad(what: str, value, allowed: str):
    raise ScorecardError(f'"{value}" is not a {what}: write {allowed}.')


def actions_by_ref(project, la: str | None = None) -> dict[str, list[dict]]:
    """{scorecard ref: [{order, id, title, owner, status, due, indicator, target, by}]}: the actions that
    target each row (order: the action's place in the plan)."""
    _, plan, _ = current_plan(project, la)
    out: dict[str, list[dict]] = {}
    for order, a in enumerate(plan.actions if plan else []):
        for link in a.indicators:
            out.setdefault(link.ref, []).append({"order": order, "id": a.id, "title": a.title, "owner": a.owner, "status": a.status,
                                                 "due": a.due, "indicator": link.indicator, "target": link.target,
                                                 "by": link.by})
    return out
