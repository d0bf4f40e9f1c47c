"""The plan as an Excel workbook: the template (`plan init`), the export, and reading it back.

Sheets: Read me, Themes, Priorities, Actions, Indicators, and Lists (the LA's indicators with their
refs, units and this year's targets, which the Indicators sheet's drop-down reads). Every column an
analyst fills has Excel data validation (a drop-down for themes, priorities, actions, statuses,
RAG and indicators; dates; % complete from 0 to 100), so most mistakes are stopped as they are
typed; the import checks everything again (parse.py), because validation is easy to paste over.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from ..errors import ScorecardError
from .model import RAGS, STATUSES, Plan
from .parse import HEADINGS, REQUIRED, IndicatorRef, Record

ROWS = {"Themes": 50, "Priorities": 200, "Actions": 500, "Indicators": 1000}  # rows carrying validation
WIDTHS = {"Themes": [70], "Priorities": [8, 40, 60, 24],
          "Actions": [9, 9, 60, 22, 22, 12, 12, 13, 11, 8, 50], "Indicators": [9, 60, 10, 12]}

README = [
    "How to fill in this plan",
    "",
    "Themes: the headings priorities are grouped under (edit, add or remove rows).",
    "Priorities: one row per improvement priority: an ID (P1, P2 ...), its theme, what it is, who leads it.",
    "Actions: one row per action: an ID (A1.1 ...), the priority it serves, the action, its owner and team,",
    "    start and due dates, status, % complete (0-100) and RAG (leave RAG blank to have it worked out",
    "    from progress against time: at least 90% of the expected progress is Green, 70-90% Amber, below Red).",
    "Indicators: one row per indicator an action should move: the action ID, the indicator (pick from the",
    "    drop-down: the scorecard's refs first, then every indicator), the target it should reach and by when.",
    "    A blank target takes the scorecard's target for that year; a blank date takes the action's due date.",
    "Lists: the indicators the drop-down offers, with their units and this year's scorecard targets.",
    "",
    "Then: scorecard plan import THIS_FILE.xlsx  (every problem is listed with its sheet, row and column,",
    "and nothing is stored until there are none).",
]


def write_workbook(path: str | Path, indicators: list[IndicatorRef], themes: list[str], plan: Plan | None = None,
                   *, year_ending: int | None = None, title: str = "Improvement plan") -> Path:
    """Write the template (plan None) or a plan in the template's layout."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    try:
        fmt = _formats(wb)
        readme = wb.add_worksheet("Read me")
        readme.set_column(0, 0, 110)
        readme.write(0, 0, plan.title if plan else title, fmt["title"])
        for i, line in enumerate(README[1:], 1):
            readme.write(i, 0, line)
        sheets = {name: _sheet(wb, name, fmt) for name in HEADINGS}
        rows = _rows(plan, themes)
        for name, ws in sheets.items():
            for r, values in enumerate(rows[name], 1):
                # wrapped text needs its row tall enough (neither Excel nor LibreOffice sizes it on opening)
                lines = max([-(-len(str(v)) // max(int(WIDTHS[name][c] * 1.1), 1))
                             for c, v in enumerate(values) if isinstance(v, str)] or [1])
                if lines > 1:
                    ws.set_row(r, 15 * lines)
                for c, value in enumerate(values):
                    f = fmt["date"] if hasattr(value, "isoformat") else fmt["wrap"]
                    if value is None:
                        continue
                    if hasattr(value, "isoformat"):
                        ws.write_datetime(r, c, _dt(value), f)
                    else:
                        ws.write(r, c, value, f)
        _lists(wb, indicators, fmt, year_ending)
        _validate(sheets, len(indicators), fmt)
        sheets["Actions"].activate()
    finally:
        wb.close()
    return path


def _formats(wb) -> dict[str, Any]:
    return {
        "head": wb.add_format({"bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "border": 1,
                               "text_wrap": True, "valign": "top"}),
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "date": wb.add_format({"num_format": "dd/mm/yyyy", "valign": "top"}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "input_date": wb.add_format({"num_format": "dd/mm/yyyy"}),
    }


def _sheet(wb, name: str, fmt):
    ws = wb.add_worksheet(name)
    for c, heading in enumerate(HEADINGS[name].values()):
        required = list(HEADINGS[name])[c] in REQUIRED[name]
        ws.write(0, c, heading + (" *" if required else ""), fmt["head"])
        ws.set_column(c, c, WIDTHS[name][c])
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    return ws


def _dt(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def _rows(plan: Plan | None, themes: list[str]) -> dict[str, list[list]]:
    out: dict[str, list[list]] = {"Themes": [[t] for t in (plan.themes if plan else themes)],
                                  "Priorities": [], "Actions": [], "Indicators": []}
    if plan is None:
        return out
    for p in plan.priorities:
        out["Priorities"].append([p.id, p.theme, p.title, p.lead])
    for a in plan.actions:
        out["Actions"].append([a.id, a.priority, a.title, a.owner, a.team, a.start, a.due, a.status,
                               a.percent_complete, a.rag, a.notes])
        for link in a.indicators:
            out["Indicators"].append([a.id, link.ref, link.target, link.by])
    return out


def _lists(wb, indicators: list[IndicatorRef], fmt, year_ending: int | None):
    ws = wb.add_worksheet("Lists")
    heads = ["Indicator (as the drop-down shows it)", "Ref", "Indicator id", "Unit", "Better when",
             "Scorecard target" + (f" {year_ending - 1}-{year_ending % 100:02d}" if year_ending else "")]
    for c, h in enumerate(heads):
        ws.write(0, c, h, fmt["head"])
    for r, ind in enumerate(indicators, 1):
        target = ind.row.target_for(f"{year_ending - 1}-{year_ending % 100:02d}") if (ind.row and year_ending) else None
        better = {"up": "higher", "down": "lower"}.get(ind.polarity, "context")
        for c, v in enumerate([ind.label, ind.ref, ind.indicator, ind.unit, better, target]):
            if v is not None:
                ws.write(r, c, v)
    for c, w in enumerate([70, 10, 30, 10, 12, 16]):
        ws.set_column(c, c, w)
    ws.freeze_panes(1, 0)
    start = len(indicators) + 3
    ws.write(start, 0, "Statuses", fmt["head"])
    for i, s in enumerate(STATUSES, 1):
        ws.write(start + i, 0, s)
    ws.write(start, 1, "RAG", fmt["head"])
    for i, s in enumerate(RAGS, 1):
        ws.write(start + i, 1, s)
    return ws


def _validate(sheets: dict, n_indicators: int, fmt) -> None:
    def lst(ws, col, source, title, message):
        ws.data_validation(1, col, ROWS[ws.get_name()], col, {
            "validate": "list", "source": source, "input_title": title[:32], "input_message": message[:255],
            "error_title": "Not in the list", "error_message": f"Pick {title.lower()} from the drop-down."})

    def dates(ws, col, title):
        ws.data_validation(1, col, ROWS[ws.get_name()], col, {
            "validate": "date", "criteria": ">", "value": datetime(2000, 1, 1),
            "input_title": title, "input_message": "A date, e.g. 31/03/2025.",
            "error_title": "Not a date", "error_message": "Write a date, e.g. 31/03/2025."})
        ws.set_column(col, col, 12, fmt["input_date"])

    p, a, i = sheets["Priorities"], sheets["Actions"], sheets["Indicators"]
    lst(p, 1, f"=Themes!$A$2:$A${ROWS['Themes'] + 1}", "A theme", "One of the themes on the Themes sheet.")
    lst(a, 1, f"=Priorities!$A$2:$A${ROWS['Priorities'] + 1}", "A priority", "The ID of a priority.")
    dates(a, 5, "Start")
    dates(a, 6, "Due")
    lst(a, 7, list(STATUSES), "A status", ", ".join(STATUSES))
    a.data_validation(1, 8, ROWS["Actions"], 8, {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
        "input_title": "% complete", "input_message": "A number from 0 to 100.",
        "error_title": "Not a percentage", "error_message": "Write a number from 0 to 100."})
    lst(a, 9, list(RAGS), "A RAG rating", "Red, Amber or Green; blank = worked out from progress against time.")
    lst(i, 0, f"=Actions!$A$2:$A${ROWS['Actions'] + 1}", "An action", "The ID of an action.")
    lst(i, 1, f"=Lists!$A$2:$A${n_indicators + 1}", "An indicator",
        "The scorecard's refs first, then every indicator id.")
    i.data_validation(1, 2, ROWS["Indicators"], 2, {
        "validate": "decimal", "criteria": ">=", "value": 0, "input_title": "Target",
        "input_message": "The figure to reach (blank = the scorecard's target for that year).",
        "error_title": "Not a number", "error_message": "Write a number, e.g. 85."})
    dates(i, 3, "By")


def read_workbook(path: str | Path) -> tuple[dict[str, list[Record]], dict[str, list[str]], str | None]:
    """The sheets' rows as Records (blank rows skipped), the required columns missing per sheet, the title."""
    import openpyxl

    path = Path(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise ScorecardError(f"{path}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc}). "
                             "Save it as .xlsx (plan init writes the template).") from None
    records: dict[str, list[Record]] = {}
    missing: dict[str, list[str]] = {}
    try:
        names = {n.lower(): n for n in wb.sheetnames}
        title = None
        if "read me" in names:
            first = next(wb[names["read me"]].iter_rows(min_row=1, max_row=1, values_only=True), None)
            title = str(first[0]).strip() if first and first[0] else None
        for sheet, heads in HEADINGS.items():
            if sheet.lower() not in names:
                missing[sheet] = [heads[f] for f in REQUIRED[sheet]]
                continue
            ws = wb[names[sheet.lower()]]
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None) or ()
            by_heading = {h.lower(): f for f, h in heads.items()}
            cols: dict[int, str] = {}
            for c, h in enumerate(header):
                key = " ".join(str(h or "").replace("*", "").split()).lower()
                if key in by_heading:
                    cols[c] = by_heading[key]
            lacking = [heads[f] for f in REQUIRED[sheet] if f not in cols.values()]
            if lacking:
                missing[sheet] = lacking
            out = []
            for r, row in enumerate(rows, 2):
                values = {f: row[c] if c < len(row) else None for c, f in cols.items()}
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                    continue
                cells = {f: f"{xl_col_to_name(c)}{r}" for c, f in cols.items()}
                out.append(Record(r, values, cells))
            records[sheet] = out
    finally:
        wb.close()
    return records, missing, title
