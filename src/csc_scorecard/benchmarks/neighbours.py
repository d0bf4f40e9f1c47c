"""DfE statistical neighbours: ten ranked neighbours per LA with a closeness band.

Two published shapes, both read here:

* LAIT's workbooks (``sn_may_2025.xlsx``, ``sn_april_2021.xlsx``), sheet
  "LA SN Groups": two rows of column letters and numbers above the real
  header (``LA num, LA Name, LA number, GOInd, GOReg, SN1, SNP, SN2, SNP, ...
  SN10, SNP``); numbers come as floats (``301.0``); a blank row, an
  "Old SNs:" row and another blank row precede the LAs abolished by
  reorganisation (Dorset, Poole, Bournemouth before 2019), stored with
  ``current = false``; regions are spelt "London (Outer)" and
  "Yorkshire and the Humber"; the April 2021 file ends each row with an
  empty column and uses ``-`` as a band.
* The CSC dashboard's CSV (``sn_model_2025_wide.csv``): ``old_la_code,
  la_name, region_ind, region_name, SN_1, SN_1P ... SN_10, SN_10P``, with a
  byte-order mark and bands with trailing spaces ("Close ").

Bands are stored trimmed, first letter capital, the rest small ("Very close"),
since the files disagree on capitals. The model name is the file's stem.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from .errors import BenchmarkFileError
from .tables import la_region

KIND = "neighbours"

_SN = re.compile(r"^sn_?(\d{1,2})$", re.IGNORECASE)
_CODE_HEADERS = ("la num", "old_la_code", "la number", "la_code", "la code")
_NAME_HEADERS = ("la name", "la_name")
_REGION_HEADERS = ("goreg", "region_name", "region")


def sniff(path: Path, header: list[str]) -> bool:
    return _header_map(header) is not None


def _header_map(header: list) -> dict | None:
    """Positions of the LA code, name, region and each SNk with its band; None if not a neighbours header."""
    cells = [str(c).strip().lower() for c in header]
    code = next((cells.index(h) for h in _CODE_HEADERS if h in cells), None)
    if code is None:
        return None
    sns = {}
    for i, c in enumerate(cells):
        m = _SN.match(c)
        if m:
            sns[int(m.group(1))] = i
    if set(sns) != set(range(1, 11)):
        return None
    return {
        "code": code,
        "name": next((cells.index(h) for h in _NAME_HEADERS if h in cells), None),
        "region": next((cells.index(h) for h in _REGION_HEADERS if h in cells), None),
        "sn": sns,
    }


@dataclass
class Plan:
    path: Path
    file: str
    model: str
    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _code(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    if number != int(number) or not 100 <= number <= 999:
        return None
    return f"{int(number):03d}"


def _band(value) -> str | None:
    text = " ".join(str(value or "").split())
    if not text or text in ("-", "NA"):
        return None
    return text[0].upper() + text[1:].lower()


def _read_rows(path: Path) -> list[list]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with open(path, newline="", encoding="utf-8-sig") as f:
            return [row for row in csv.reader(f)]
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        from python_calamine import CalamineWorkbook

        try:
            wb = CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine raises its own error types
            raise BenchmarkFileError(f"{path}: cannot be opened as a workbook ({exc}).") from None
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python()
            if any(_header_map(r) for r in rows[:20]):
                return rows
        raise BenchmarkFileError(f"{path}: no sheet has a statistical neighbours header "
                                 "(LA num, LA Name, ..., SN1, SNP, ... SN10).")
    raise BenchmarkFileError(f"{path}: statistical neighbours are read from .xlsx or .csv files.")


def peek_header(path: Path) -> list | None:
    """The header row of a neighbours workbook, for detection (None if it has none)."""
    try:
        rows = _read_rows(path)
    except BenchmarkFileError:
        return None
    return next((r for r in rows[:20] if _header_map(r)), None)


def plan(con: duckdb.DuckDBPyConnection, path: Path) -> Plan:
    if path.stat().st_size == 0:
        raise BenchmarkFileError(f"{path}: the file is empty.")
    rows = _read_rows(path)
    start = next((i for i, r in enumerate(rows[:20]) if _header_map(r)), None)
    if start is None:
        raise BenchmarkFileError(f"{path}: no statistical neighbours header (LA num, ..., SN1 ... SN10) "
                                 "in the first 20 rows.")
    cols = _header_map(rows[start])
    p = Plan(path, path.name, path.stem)
    current = True
    seen: set[str] = set()
    for offset, row in enumerate(rows[start + 1:], start=start + 2):
        cells = list(row) + [""] * 30
        if any("old sn" in str(c).lower() for c in cells[:3]):
            current = False  # the LAs listed below no longer exist
            continue
        la = _code(cells[cols["code"]])
        if la is None:
            if any(str(c).strip() for c in row):
                p.notes.append(f"row {offset}: no LA number in column {cols['code'] + 1}; row skipped")
            continue
        if la in seen:
            p.notes.append(f"row {offset}: LA {la} is listed a second time; the first listing is kept")
            continue
        seen.add(la)
        name = str(cells[cols["name"]]).strip() if cols["name"] is not None else None
        region = la_region(cells[cols["region"]]) if cols["region"] is not None else None
        missing = []
        for rank in range(1, 11):
            i = cols["sn"][rank]
            neighbour = _code(cells[i])
            if neighbour is None:
                missing.append(rank)
                continue
            p.rows.append({"la_code": la, "la_name": name or None, "region": region, "neighbour_rank": rank,
                           "neighbour_la": neighbour, "band": _band(cells[i + 1]), "current": current})
        if missing:
            what = "no neighbours" if len(missing) == 10 else "no neighbour " + ", ".join(map(str, missing))
            p.notes.append(f"row {offset}: LA {la} ({name}) has {what} listed")
    if not p.rows:
        raise BenchmarkFileError(f"{path}: the header is there but no LA has neighbours listed.")
    return p


def write(con: duckdb.DuckDBPyConnection, p: Plan) -> int:
    n = len(p.rows)
    table = pa.table({  # noqa: F841  (read by DuckDB below)
        "model": pa.array([p.model] * n, pa.string()),
        "file": pa.array([p.file] * n, pa.string()),
        **{k: pa.array([r[k] for r in p.rows], typ) for k, typ in (
            ("la_code", pa.string()), ("la_name", pa.string()), ("region", pa.string()),
            ("neighbour_rank", pa.int32()), ("neighbour_la", pa.string()), ("band", pa.string()),
            ("current", pa.bool_()))},
    })
    con.register("_sn_rows", table)
    try:
        con.execute("""INSERT INTO bench_neighbour SELECT model, file, la_code, la_name, region, neighbour_rank,
                       neighbour_la, band, current FROM _sn_rows""")
    finally:
        con.unregister("_sn_rows")
    return n
