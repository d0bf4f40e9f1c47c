"""Work lists as files: xlsx (sorted, filters on, header frozen, prints on A4), CSV and JSON.

A work list is child-level data, so every file is created readable by its owner only (0600)
whatever the umask, and its folder (when this creates it) 0700 (outputs.py). A text cell that
Excel would read as a formula (= + - @) is written as text in the xlsx and prefixed with ' in
the CSV.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from ..outputs import csv_cell, private_dir, private_file_open
from .xlsx import sheet_name

FORMATS = ("xlsx", "csv", "json")
HEADER_FILL = "#1D70B8"
FONT = "Arial"


@dataclass
class Sheet:
    """One list: its name (the sheet's), a title line, notes (as-at date, what the columns mean), rows."""

    name: str
    columns: list[str]
    rows: list[dict[str, Any]]
    title: str = ""
    notes: list[str] = field(default_factory=list)


def private_open(path: Path, mode: str = "w", **kw):
    """Open ``path`` for writing, created (or truncated) readable and writable by its owner only, in a
    folder made 0700 if this creates it (outputs.py)."""
    private_dir(Path(path).parent)
    return private_file_open(path, mode, **kw)


def output_format(path: Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        from ..errors import ScorecardError
        raise ScorecardError(f"{path}: a work list is written as .xlsx, .csv or .json; name the file with one "
                             "of those endings.")
    return suffix


def write(path: str | Path, sheets: list[Sheet]) -> Path:
    """Write the sheets to ``path`` in the format its suffix names (CSV: the sheets one after another)."""
    path = Path(path)
    fmt = output_format(path)
    if fmt == "xlsx":
        write_xlsx(path, sheets)
    elif fmt == "csv":
        write_csv(path, sheets)
    else:
        write_json(path, sheets)
    return path


def _plain(v):
    return v.isoformat() if isinstance(v, (date, datetime)) else v


def safe_cell(value) -> str:
    """A CSV cell Excel will not run as a formula (outputs.csv_cell), dates as yyyy-mm-dd."""
    return csv_cell(_plain(value))


def write_csv(path: Path, sheets: list[Sheet]) -> None:
    """One CSV: a list's rows under its header. Several lists get a `list` column in front."""
    several = len(sheets) > 1
    with private_open(path, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        if several:
            columns = ["list"] + list(dict.fromkeys(c for s in sheets for c in s.columns))
            writer.writerow(columns)
            for s in sheets:
                for row in s.rows:
                    writer.writerow([safe_cell(s.name)] + [safe_cell(row.get(c)) for c in columns[1:]])
            return
        for s in sheets:
            writer.writerow(s.columns)
            for row in s.rows:
                writer.writerow([safe_cell(row.get(c)) for c in s.columns])


def write_json(path: Path, sheets: list[Sheet]) -> None:
    data = [{"list": s.name, "title": s.title, "notes": s.notes, "columns": s.columns,
             "rows": [{c: _plain(r.get(c)) for c in s.columns} for r in s.rows]} for s in sheets]
    with private_open(path, "w", encoding="utf-8") as f:
        json.dump(data if len(data) != 1 else data[0], f, indent=2, default=str)


def write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    buffer = io.BytesIO()
    # strings_to_formulas off: a team called "=SUM(...)" is text, never a formula
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                      "strings_to_urls": False, "strings_to_numbers": False})
    title = wb.add_format({"bold": True, "font_name": FONT, "font_size": 12})
    note = wb.add_format({"font_name": FONT, "font_size": 9, "italic": True, "text_wrap": False})
    head = wb.add_format({"bold": True, "font_name": FONT, "font_size": 9, "font_color": "#FFFFFF",
                          "bg_color": HEADER_FILL, "text_wrap": True, "valign": "top", "border": 1})
    cell = wb.add_format({"font_name": FONT, "font_size": 9, "border": 1, "border_color": "#B1B4B6"})
    day = wb.add_format({"font_name": FONT, "font_size": 9, "num_format": "dd/mm/yyyy", "border": 1,
                         "border_color": "#B1B4B6"})
    taken: set[str] = set()
    for s in sheets:
        ws = wb.add_worksheet(sheet_name(s.name, taken))
        top = 0
        if s.title:
            ws.write(top, 0, s.title, title)
            top += 1
        for line in s.notes:
            ws.write(top, 0, line, note)
            top += 1
        if top:
            top += 1
        header_row = top
        # a long header wraps (its cell is text_wrap) rather than widening a column of small numbers
        widths = [max(8, min(14, len(c) + 2)) for c in s.columns]
        for c, name in enumerate(s.columns):
            ws.write(header_row, c, name, head)
        for r, row in enumerate(s.rows, header_row + 1):
            for c, name in enumerate(s.columns):
                value = row.get(name)
                if value is None:
                    ws.write_blank(r, c, None, cell)
                elif isinstance(value, (date, datetime)):
                    ws.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
                    widths[c] = max(widths[c], 11)
                elif isinstance(value, bool):
                    ws.write_string(r, c, "true" if value else "false", cell)
                elif isinstance(value, (int, float)):
                    ws.write_number(r, c, value, cell)
                else:
                    ws.write_string(r, c, str(value), cell)
                    widths[c] = max(widths[c], min(32, len(str(value)) + 2))
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
        longest = max((len(c) for c in s.columns), default=0)
        ws.set_row(header_row, 12 * min(4, 1 + longest // 12))  # room for a wrapped header
        if s.columns:
            ws.autofilter(header_row, 0, header_row + max(len(s.rows), 1), len(s.columns) - 1)
        ws.freeze_panes(header_row + 1, 0)
        ws.set_paper(9)  # A4
        ws.set_landscape()
        ws.fit_to_pages(1, 0)  # every column on the page's width, as many pages down as it takes
        ws.repeat_rows(header_row)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_header(f"&L&9{_header_text(s.title or s.name)}&R&9Child-level data: OFFICIAL-SENSITIVE")
        ws.set_footer("&L&9Page &P of &N")
    wb.close()
    with private_open(path, "wb") as f:
        f.write(buffer.getvalue())


def _header_text(text: str) -> str:
    return text.replace("&", "&&")[:120]


def due_sheets(lists, caseloads: list[dict], at: date, *, la: str | None = None, team: str | None = None,
               worker: str | None = None) -> list[Sheet]:
    """The due workbook: a Summary sheet of counts by team, one sheet per list, the Caseloads."""
    from ..indicators.caseload import COLUMNS
    from ..indicators.due import team_counts

    columns, counts = team_counts(lists)
    notes = [f"Asked about {at:%d/%m/%Y}" + (f", LA {la}" if la else "") + (f", team {team}" if team else "")
             + (f", worker {worker}" if worker else "") + "."]
    notes += [f"{d.id}: {d.title}. " + " ".join(d.notes[:-1]) for d in lists]
    sheets = [Sheet("Summary", columns, counts, title="Overdue and due soon, by team", notes=notes)]
    sheets += [Sheet(d.id, d.columns, d.rows, title=d.title, notes=d.notes) for d in lists]
    sheets.append(Sheet("Caseloads", COLUMNS, caseloads, title="Children per worker by status (Annex A)",
                        notes=["Each child open on Annex A List 8, 7 or 6 of the latest extract on or before "
                               f"{at:%d/%m/%Y}, once, at the highest status (CLA, then CP, then CIN)."]))
    return sheets
