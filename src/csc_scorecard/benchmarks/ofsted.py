"""Ofsted's local authority inspection outcomes (.ods or .xlsx).

Sheet ``Inspections_as_at_31_March``: two lines of notes, then the header
``Web link, Local authority area code, Local authority name, Ofsted region,
Inspection date, Publication date, Overall effectiveness, The impact of
leaders ..., ... help and protection, ... children in care, ... care leavers``.
LAs are named by their ONS code (E09000002), not the DfE number; the DfE
number is filled in from the other published files once they are loaded.
The care leavers judgement is blank for inspections before 1 January 2023.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from .errors import BenchmarkFileError

KIND = "ofsted"
SHEET = "Inspections_as_at_31_March"

# header text (lower case, starts with) -> column
_COLUMNS = {
    "local authority area code": "ons_code",
    "local authority name": "la_name",
    "ofsted region": "ofsted_region",
    "inspection date": "inspection_date",
    "publication date": "publication_date",
    "overall effectiveness": "overall",
    "the impact of leaders": "leaders",
    "the experiences and progress of children who need help": "help_and_protection",
    "the experiences and progress of children in care": "children_in_care",
    "the experiences and progress of care leavers": "care_leavers",
}


@dataclass
class Plan:
    path: Path
    file: str
    rows: list[dict] = field(default_factory=list)


def sniff_sheets(sheet_names: list[str]) -> bool:
    return SHEET in sheet_names


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def plan(con: duckdb.DuckDBPyConnection, path: Path) -> Plan:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types
        raise BenchmarkFileError(f"{path}: cannot be opened as a spreadsheet ({exc}).") from None
    if SHEET not in wb.sheet_names:
        raise BenchmarkFileError(f"{path}: no sheet named {SHEET}; is this Ofsted's "
                                 "'LA inspection outcomes' file?")
    rows = wb.get_sheet_by_name(SHEET).to_python()
    start = next((i for i, r in enumerate(rows[:10])
                  if any(str(c).strip().lower() == "local authority area code" for c in r)), None)
    if start is None:
        raise BenchmarkFileError(f"{path}: sheet {SHEET} has no 'Local authority area code' column.")
    positions = {}
    for i, cell in enumerate(rows[start]):
        text = " ".join(str(cell).split()).lower()
        for prefix, col in _COLUMNS.items():
            if text.startswith(prefix) and col not in positions:
                positions[col] = i
    p = Plan(path, path.name)
    for row in rows[start + 1:]:
        ons = str(row[positions["ons_code"]]).strip() if "ons_code" in positions else ""
        if not ons:
            continue
        rec = {}
        for col in _COLUMNS.values():
            value = row[positions[col]] if col in positions and positions[col] < len(row) else None
            if col.endswith("_date"):
                rec[col] = _date(value)
            else:
                rec[col] = (str(value).strip() or None) if value is not None else None
        p.rows.append(rec)
    if not p.rows:
        raise BenchmarkFileError(f"{path}: sheet {SHEET} lists no local authorities.")
    return p


def write(con: duckdb.DuckDBPyConnection, p: Plan) -> int:
    n = len(p.rows)
    cols = list(_COLUMNS.values())
    table = pa.table({  # noqa: F841  (read by DuckDB below)
        "file": pa.array([p.file] * n, pa.string()),
        **{c: pa.array([r[c] for r in p.rows], pa.date32() if c.endswith("_date") else pa.string()) for c in cols},
    })
    con.register("_ofsted_rows", table)
    try:
        con.execute(f"""INSERT INTO bench_ofsted
                        SELECT file, ons_code, NULL, la_name, ofsted_region, inspection_date, publication_date,
                               overall, leaders, help_and_protection, children_in_care, care_leavers
                        FROM _ofsted_rows""")
    finally:
        con.unregister("_ofsted_rows")
    return n
