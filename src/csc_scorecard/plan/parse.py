"""Check a plan, whatever it came from, and build it: every problem at once, each located.

The workbook (workbook.py) and the YAML file (yamlio.py) are both turned into the same records:
one list of rows per sheet (Themes, Priorities, Actions, Indicators), each row with its location
(the sheet row as Excel numbers it, or the YAML line) and its values keyed by field name. This
module checks them against the plan's own themes and the LA's indicators, and either returns a
Plan or raises PlanError listing every problem with its sheet, row, column, value and fix, so an
analyst can correct the whole file in one pass. Nothing is stored unless there is no problem.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Iterable

from ..errors import ScorecardError
from .model import RAGS, STATUSES, Action, Link, Plan, Priority

SHEETS = ("Themes", "Priorities", "Actions", "Indicators")


class PlanError(ScorecardError):
    """A plan file with problems; ``problems`` holds every one."""

    def __init__(self, source: str, problems: list["Problem"]):
        self.source = source
        # in the order the analyst meets them: sheet by sheet, row by row, left to right
        order = {name: i for i, name in enumerate(SHEETS)}
        self.problems = sorted(problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0, _cell_order(p.cell)))
        n = len(problems)
        lines = "\n  ".join(p.text() for p in self.problems)
        super().__init__(f"{source}: {n} problem{'s' if n != 1 else ''} in the plan; nothing was stored.\n  {lines}")


def _cell_order(cell: str | None) -> tuple[int, str]:
    letters = re.match(r"[A-Z]*", cell or "").group(0)
    return (len(letters), letters)


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    value: Any
    message: str
    fix: str
    cell: str | None = None  # "G5" in a workbook; None in YAML
    unit: str = "row"  # "row" (a sheet row) or "line" (a YAML line)

    def text(self) -> str:
        if self.cell:
            at = f"{self.sheet}!{self.cell}" + (f" ({self.column})" if self.column else "")
        elif self.row:
            sheet = self.sheet if self.unit == "row" else self.sheet.lower()
            at = f"{sheet}, {self.unit} {self.row}" + (f", {self.column}" if self.column else "")
        else:
            at = self.sheet + (f", {self.column}" if self.column else "")
        value = self.value
        if isinstance(value, datetime):
            value = value.date() if value.time() == datetime.min.time() else value
        shown = f' "{value}"' if value not in (None, "") else ""
        return f"{at}{shown}: {self.message} Fix: {self.fix}"

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "cell": self.cell,
                "value": None if self.value is None else str(self.value), "unit": self.unit, "message": self.message, "fix": self.fix}


@dataclass
class Record:
    """One row of a sheet (or one YAML item): where it is, and its values by field name."""

    row: int | None
    values: dict[str, Any]
    cells: dict[str, str] = field(default_factory=dict)  # field -> cell ("G5"), workbooks only
    lines: dict[str, int] = field(default_factory=dict)  # field -> YAML line, YAML only


@dataclass(frozen=True)
class IndicatorRef:
    """An indicator a plan may link to: its scorecard ref (or its id when not in the layout)."""

    ref: str
    indicator: str
    title: str
    unit: str
    polarity: str
    row: Any = None  # the layout Row (targets), or None

    @property
    def label(self) -> str:
        """What the workbook's drop-down shows."""
        return f"{self.ref} – {self.title}"


def indicator_index(layout, catalogue) -> list[IndicatorRef]:
    """The layout's rows first (by ref, in scorecard order), then every other catalogue indicator by id."""
    out: list[IndicatorRef] = []
    seen = set()
    for row in layout.rows:
        if row.indicator in catalogue:
            ind = catalogue.get(row.indicator)
            out.append(IndicatorRef(row.ref, ind.id, row.label or ind.title, ind.unit, ind.polarity, row))
            seen.add(ind.id)
    for ind in catalogue:
        if ind.id not in seen:
            out.append(IndicatorRef(ind.id, ind.id, ind.title, ind.unit, ind.polarity, None))
    return out


def _squash(text: str) -> str:
    return re.sub(r"[\s_.-]+", "", text).lower()


class _Check:
    def __init__(self, kind: str):
        self.kind = kind  # "workbook" | "yaml"
        self.problems: list[Problem] = []

    def add(self, sheet: str, rec: Record | None, column: str | None, value: Any, message: str, fix: str,
            heading: str | None = None) -> None:
        cell = rec.cells.get(column) if rec and column else None
        row = (rec.lines.get(column) or rec.row) if rec else None
        self.problems.append(Problem(sheet, row, heading or column, value, message, fix, cell,
                                     "row" if self.kind == "workbook" else "line"))


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: Any) -> date | None:
    """A date from a cell or YAML value: a date, an ISO date, 31/03/2025, or an Excel serial number.
    None for blank; ValueError when it is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 80000:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}( 00:00:00)?", s) else _dmy(s)
    except ValueError:
        raise ValueError(s) from None


def _dmy(s: str) -> date:
    m = _DMY.fullmatch(s)
    if not m:
        raise ValueError(s)
    return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))


def parse_number(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value).strip().rstrip("%").replace(",", ""))


def choice(value: str, choices: Iterable[str]) -> str | None:
    """The choice matching case-insensitively (and R/A/G for a RAG), else None."""
    low = value.lower()
    for c in choices:
        if c.lower() == low or (len(low) == 1 and c.lower().startswith(low) and c in RAGS):
            return c
    return None


DATE_FIX = "write a date as 2025-03-31 or 31/03/2025."


def build_plan(records: dict[str, list[Record]], indicators: list[IndicatorRef], *, source: str,
               kind: str = "workbook", title: str | None = None, missing: dict[str, list[str]] | None = None) -> Plan:
    """Check every record and build the Plan, or raise PlanError with every problem found.

    ``missing`` lists, per sheet, the required columns the reader did not find (reported, then the
    sheet's rows are checked as far as they can be)."""
    chk = _Check(kind)
    for sheet, cols in (missing or {}).items():
        for col in cols:
            chk.add(sheet, None, None, None, f'the column "{col}" is missing.',
                    f'add a column headed "{col}" (plan init writes the template with every column).', col)
    themes = _themes(chk, records.get("Themes", []))
    priorities = _priorities(chk, records.get("Priorities", []), themes)
    # every ID given counts as existing, so a priority with a problem of its own does not also fail its actions
    given = {text(r.values.get("id")) for r in records.get("Priorities", [])} - {""}
    actions = _actions(chk, records.get("Actions", []), given)
    _links(chk, records.get("Indicators", []), actions, indicators)
    for a in actions.values():
        if a is not None and not a.indicators and a._rec is not None:  # type: ignore[attr-defined]
            chk.add("Actions", a._rec, "id", a.id,  # type: ignore[attr-defined]
                    "this action is linked to no indicator.",
                    "add a row for it on the Indicators sheet with the indicator it should move, the target "
                    "and the date.", _heading(kind, "Actions", "id"))
    used = {text(r.values.get("priority")) for r in records.get("Actions", [])}
    for p in priorities:
        if p.id not in used:
            chk.add("Priorities", p._rec, "id", p.id, "this priority has no actions.",  # type: ignore[attr-defined]
                    "add its actions on the Actions sheet (Priority column), or remove the row.",
                    _heading(kind, "Priorities", "id"))
    if chk.problems:
        raise PlanError(source, chk.problems)
    for obj in [*priorities, *actions.values()]:
        del obj._rec  # type: ignore[attr-defined]
    return Plan(title or "Improvement plan", themes, priorities, list(actions.values()))


HEADINGS = {
    "Themes": {"theme": "Theme"},
    "Priorities": {"id": "ID", "theme": "Theme", "title": "Priority", "lead": "Lead"},
    "Actions": {"id": "ID", "priority": "Priority", "title": "Action", "owner": "Owner", "team": "Team",
                "start": "Start", "due": "Due", "status": "Status", "percent_complete": "% complete",
                "rag": "RAG", "notes": "Notes"},
    "Indicators": {"action": "Action", "ref": "Indicator", "target": "Target", "by": "By"},
}
REQUIRED = {"Themes": ("theme",), "Priorities": ("id", "theme", "title"),
            "Actions": ("id", "priority", "title", "owner", "due", "status"), "Indicators": ("action", "ref")}


def _heading(kind: str, sheet: str, name: str) -> str:
    return HEADINGS[sheet][name] if kind == "workbook" else name


def _required(chk: _Check, sheet: str, rec: Record, names: Iterable[str]) -> bool:
    ok = True
    for name in names:
        if not text(rec.values.get(name)):
            heading = _heading(chk.kind, sheet, name)
            chk.add(sheet, rec, name, None, f"{heading} is empty.", f"fill in {heading}.", heading)
            ok = False
    return ok


def _themes(chk: _Check, recs: list[Record]) -> list[str]:
    out: list[str] = []
    for rec in recs:
        name = text(rec.values.get("theme"))
        if name and name in out:
            chk.add("Themes", rec, "theme", name, "this theme is listed twice.", "remove one of the rows.",
                    _heading(chk.kind, "Themes", "theme"))
        elif name:
            out.append(name)
    if not out:
        chk.add("Themes", None, None, None, "the plan has no themes.",
                "list the themes priorities are grouped under (plan init --themes child-journey writes a preset).")
    return out


def _priorities(chk: _Check, recs: list[Record], themes: list[str]) -> list[Priority]:
    out: list[Priority] = []
    seen: dict[str, Record] = {}
    for rec in recs:
        if not _required(chk, "Priorities", rec, REQUIRED["Priorities"]):
            continue
        pid, theme = text(rec.values["id"]), text(rec.values["theme"])
        if pid in seen:
            chk.add("Priorities", rec, "id", pid, f"the priority ID is used twice (also row {seen[pid].row}).",
                    "give each priority its own ID, e.g. P1, P2.", _heading(chk.kind, "Priorities", "id"))
            continue
        seen[pid] = rec
        match = next((t for t in themes if t.lower() == theme.lower()), None)
        if match is None and themes:
            close = difflib.get_close_matches(theme, themes, n=1, cutoff=0.5)
            chk.add("Priorities", rec, "theme", theme, "this is not one of the plan's themes.",
                    (f'write "{close[0]}"' if close else "pick a theme from the list")
                    + " or add it to the Themes sheet.", _heading(chk.kind, "Priorities", "theme"))
            continue
        p = Priority(pid, match or theme, text(rec.values["title"]), text(rec.values.get("lead")) or None)
        p._rec = rec  # type: ignore[attr-defined]
        out.append(p)
    return out


def _actions(chk: _Check, recs: list[Record], priority_ids: set[str]) -> dict[str, Action]:
    out: dict[str, Action] = {}
    rows: dict[str, Record] = {}
    for rec in recs:
        h = lambda name: _heading(chk.kind, "Actions", name)  # noqa: E731
        if not _required(chk, "Actions", rec, REQUIRED["Actions"]):
            continue
        aid = text(rec.values["id"])
        if aid in rows:
            chk.add("Actions", rec, "id", aid, f"the action ID is used twice (also row {rows[aid].row}).",
                    "give each action its own ID, e.g. A1.1, A1.2.", h("id"))
            continue
        rows[aid] = rec
        ok = True
        pid = text(rec.values["priority"])
        if pid not in priority_ids:
            chk.add("Actions", rec, "priority", pid, "there is no priority with this ID on the Priorities sheet.",
                    "write the ID of a priority listed there" + (f" ({', '.join(sorted(priority_ids))})"
                                                                  if priority_ids else "") + ".", h("priority"))
            ok = False
        dates = {}
        for name in ("start", "due"):
            try:
                dates[name] = parse_date(rec.values.get(name))
            except ValueError:
                chk.add("Actions", rec, name, rec.values.get(name), "this is not a date.", DATE_FIX, h(name))
                ok = False
        if dates.get("start") and dates.get("due") and dates["due"] < dates["start"]:
            chk.add("Actions", rec, "due", rec.values.get("due"), f"the due date is before the start "
                    f"({dates['start'].isoformat()}).", "correct the start or the due date.", h("due"))
            ok = False
        status = choice(text(rec.values["status"]), STATUSES)
        if status is None:
            chk.add("Actions", rec, "status", rec.values["status"], "this is not a status.",
                    f"write one of: {', '.join(STATUSES)}.", h("status"))
            ok = False
        pct = None
        try:
            pct = parse_number(rec.values.get("percent_complete"))
            if pct is not None and not 0 <= pct <= 100:
                raise ValueError
        except ValueError:
            chk.add("Actions", rec, "percent_complete", rec.values.get("percent_complete"),
                    "% complete must be a number from 0 to 100.", "write e.g. 40 (no % sign needed).",
                    h("percent_complete"))
            ok, pct = False, None
        if status == "Completed" and pct is not None and pct < 100:
            chk.add("Actions", rec, "percent_complete", rec.values.get("percent_complete"),
                    "the action is Completed but not 100% complete.",
                    "set % complete to 100, or the status to In progress.", h("percent_complete"))
            ok = False
        rag = None
        if text(rec.values.get("rag")):
            rag = choice(text(rec.values["rag"]), RAGS)
            if rag is None:
                chk.add("Actions", rec, "rag", rec.values["rag"], "this is not a RAG rating.",
                        "write Red, Amber or Green, or leave it blank to have it worked out from progress "
                        "against time.", h("rag"))
                ok = False
        if not ok:
            continue
        a = Action(aid, pid, text(rec.values["title"]), text(rec.values["owner"]),
                   text(rec.values.get("team")) or None, dates.get("start"), dates.get("due"), status,
                   100.0 if status == "Completed" and pct is None else pct, rag,
                   str(rec.values["notes"]).strip() if text(rec.values.get("notes")) else None)
        a._rec = rec  # type: ignore[attr-defined]
        out[aid] = a
    out_ids = set(out)
    for aid in rows:  # an action with a problem still counts as existing for the Indicators sheet
        if aid not in out_ids:
            out.setdefault(aid, None)  # type: ignore[arg-type]
    return out


def _links(chk: _Check, recs: list[Record], actions: dict[str, Action | None], indicators: list[IndicatorRef]) -> None:
    by_key: dict[str, IndicatorRef] = {}
    for ind in indicators:
        by_key.setdefault(_squash(ind.ref), ind)
        by_key.setdefault(_squash(ind.indicator), ind)
    seen: dict[tuple[str, str], Record] = {}
    for rec in recs:
        h = lambda name: _heading(chk.kind, "Indicators", name)  # noqa: E731
        if not _required(chk, "Indicators", rec, REQUIRED["Indicators"]):
            continue
        aid, given = text(rec.values["action"]), text(rec.values["ref"])
        ref_text = re.split(r"\s+[–—-]\s+", given, maxsplit=1)[0]
        ind = by_key.get(_squash(ref_text))
        ok = True
        if aid not in actions:
            chk.add("Indicators", rec, "action", aid, "there is no action with this ID on the Actions sheet.",
                    "write the ID of an action listed there.", h("action"))
            ok = False
        if ind is None:
            close = difflib.get_close_matches(ref_text, [i.ref for i in indicators], n=3, cutoff=0.6)
            chk.add("Indicators", rec, "ref", given, "this is not a scorecard ref or indicator id.",
                    (f"did you mean {', '.join(close)}? " if close else "")
                    + "Pick one from the drop-down (the scorecard's refs, then every indicator id).", h("ref"))
            ok = False
        elif (aid, ind.indicator) in seen:
            chk.add("Indicators", rec, "ref", given, f"this action is already linked to {ind.ref} "
                    f"(row {seen[(aid, ind.indicator)].row}).", "remove one of the two rows.", h("ref"))
            ok = False
        by = None
        try:
            by = parse_date(rec.values.get("by"))
        except ValueError:
            chk.add("Indicators", rec, "by", rec.values.get("by"), "this is not a date.", DATE_FIX, h("by"))
            ok = False
        action = actions.get(aid)
        if by is None and action is not None:
            by = action.due
        target = None
        try:
            target = parse_number(rec.values.get("target"))
        except ValueError:
            chk.add("Indicators", rec, "target", rec.values.get("target"), "the target is not a number.",
                    "write e.g. 85 (no % sign needed).", h("target"))
            ok = False
        if ind is not None and target is not None:
            if target < 0 or (ind.unit == "percent" and target > 100):
                chk.add("Indicators", rec, "target", rec.values.get("target"),
                        f"{ind.ref} is a {'percentage' if ind.unit == 'percent' else ind.unit}: the target must be "
                        + ("from 0 to 100." if ind.unit == "percent" else "0 or more."),
                        "correct the target.", h("target"))
                ok = False
        if ind is not None and target is None and ok:
            target = ind.row.target_for(_fy_of(by)) if (ind.row is not None and by) else None
            if target is None:
                chk.add("Indicators", rec, "target", None, f"no target is given and the scorecard layout has "
                        f"none for {ind.ref} in " + (f"{_fy_of(by)} (the year of {by:%d/%m/%Y})" if by
                                                     else "the year of the due date") + ".",
                        "write the figure this action should reach.", h("target"))
                ok = False
        if not ok or action is None:
            continue
        seen[(aid, ind.indicator)] = rec
        action.indicators.append(Link(ind.ref, ind.indicator, target, by))


def _fy_of(d: date) -> str:
    y = d.year if d.month <= 3 else d.year + 1
    return f"{y - 1}-{y % 100:02d}"
