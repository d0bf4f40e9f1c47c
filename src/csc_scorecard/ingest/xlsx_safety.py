"""Checks on a workbook's zip before any cell is read: a file from outside cannot take minutes or gigabytes.

An .xlsx is a zip of XML parts. A zip can declare a sheet of gigabytes in a few kilobytes (a "zip bomb"),
a sheet can hold one 2 GB cell or a used range to column XFD on every row. Python's zipfile never
returns more than a part's declared size, so checking the declared sizes bounds everything read later;
the row and column caps in annex_a.py bound the rest.

Also: a workbook whose list of sheets names a part that is not in the zip has lost that sheet (openpyxl
skips it without a word), which is an error, not a missing list.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

MB = 1 << 20
MAX_SHEET_BYTES = 200 * MB  # one worksheet's XML unpacked: the largest Annex A list is a few MB
MAX_SHARED_STRINGS_BYTES = 100 * MB
MAX_TOTAL_BYTES = 500 * MB  # every part unpacked
MAX_PARTS = 10_000
MAX_SMALL_PART_BYTES = 10 * MB  # workbook.xml and its relationships
MAX_SHEET_ROWS = 250_000  # row elements in one sheet (annex_a.py caps the rows holding values too)

EXCEL_ROWS = 1_048_576
_FAR_ROW = re.compile(rb'<row\b[^>]{0,200}?\sr="0*(?:[2-9]\d{6}|1[1-9]\d{5}|10[5-9]\d{4}|\d{8,})"')
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class RefusedWorkbook(Exception):
    """The workbook is refused as a whole; the message says why and how big."""


@dataclass
class MissingSheet:
    name: str
    part: str


def _mb(n: int) -> str:
    return f"{n / MB:,.0f} MB"


def check_workbook(path: Path) -> list[MissingSheet]:
    """Raise RefusedWorkbook if the workbook would unpack to more than the caps; return the sheets its
    workbook.xml names whose parts are missing. Reads only the zip's directory and two small parts."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return []  # not a zip at all: openpyxl's own failure says it is damaged
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_PARTS:
            raise RefusedWorkbook(f"it holds {len(infos):,} parts, far more than any workbook")
        total = 0
        for info in infos:
            name = info.filename.lower()
            total += info.file_size
            if name.startswith("xl/worksheets/") and info.file_size > MAX_SHEET_BYTES:
                raise RefusedWorkbook(f"a sheet ({info.filename}) unpacks to {_mb(info.file_size)}, more than the "
                                      f"{_mb(MAX_SHEET_BYTES)} any Annex A list needs")
            if name == "xl/sharedstrings.xml" and info.file_size > MAX_SHARED_STRINGS_BYTES:
                raise RefusedWorkbook(f"its shared text unpacks to {_mb(info.file_size)}, more than "
                                      f"{_mb(MAX_SHARED_STRINGS_BYTES)}")
        if total > MAX_TOTAL_BYTES:
            raise RefusedWorkbook(f"it unpacks to {_mb(total)}, more than the {_mb(MAX_TOTAL_BYTES)} allowed")
        for info in infos:
            if info.filename.lower().startswith("xl/worksheets/") and info.filename.lower().endswith(".xml"):
                _scan_sheet(zf, info)
        return _missing_sheets(zf)


def _scan_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Count a sheet's rows and look for a DOCTYPE, at the speed of unpacking (openpyxl takes a minute to
    walk a million rows; this takes a fraction of a second). XML is case-sensitive, so the markers are exact."""
    rows, tail = 0, b""
    with zf.open(info) as f:
        for chunk in iter(lambda: f.read(MB), b""):
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise RefusedWorkbook(f"its sheet {info.filename} declares a DOCTYPE or ENTITY, which workbooks "
                                      "never do")
            rows += window.count(b"<row") - tail.count(b"<row")
            if _FAR_ROW.search(window):
                raise RefusedWorkbook(f"a sheet ({info.filename}) has a row numbered beyond Excel's last row "
                                      f"({EXCEL_ROWS:,})")
            tail = window[-64:]
            if rows > MAX_SHEET_ROWS:
                raise RefusedWorkbook(f"a sheet ({info.filename}) has more than {MAX_SHEET_ROWS:,} rows, far more "
                                      "than any Annex A list")


def _part(zf: zipfile.ZipFile, name: str):
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_SMALL_PART_BYTES:
        raise RefusedWorkbook(f"its part {name} unpacks to {_mb(info.file_size)}, far more than it should")
    data = zf.read(info)
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise RefusedWorkbook(f"its part {name} declares a DOCTYPE or ENTITY, which workbooks never do")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise RefusedWorkbook(f"its part {name} is damaged") from None


def _missing_sheets(zf: zipfile.ZipFile) -> list[MissingSheet]:
    book = _part(zf, "xl/workbook.xml")
    rels = _part(zf, "xl/_rels/workbook.xml.rels")
    if book is None or rels is None:
        return []  # not the usual layout: openpyxl says what it can
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    names = set(zf.namelist())
    missing = []
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL))
        if target is None:
            missing.append(MissingSheet(sheet.get("name", "?"), "(no relationship)"))
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if part not in names:
            missing.append(MissingSheet(sheet.get("name", "?"), part))
    return missing
