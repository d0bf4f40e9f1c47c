"""The CIN census header: which LA and collection year a file is for.

The collection year is the census year that contains the ReferenceDate
(normally its 31 March); the header Year is only a fallback, because real
files get it wrong (the DfE's own 2024 sample says Year 2023 with
ReferenceDate 2024-03-31). Arguments given by the analyst (--year, --la)
win over the file, with a warning when they disagree with it.
"""

from __future__ import annotations

import re

from .issues import IssueLog
from .values import parse_date

_LEA = re.compile(r"[0-9]{3}")
_WHERE = "Header/CollectionDetails"


def year_label(year: int) -> str:
    """2025 -> '2024-25'."""
    return f"{year - 1}-{str(year)[2:]}"


def read_header(el) -> dict[str, str | None]:
    """The few header values the reader needs, whatever the namespace."""
    def text(p: str) -> str | None:
        v = el.findtext(p)
        return v.strip() if v and v.strip() else None

    return {
        "Collection": text("{*}CollectionDetails/{*}Collection"),
        "Year": text("{*}CollectionDetails/{*}Year"),
        "ReferenceDate": text("{*}CollectionDetails/{*}ReferenceDate"),
        "LEA": text("{*}Source/{*}LEA"),
    }


def settle(h: dict, year_arg: int | None, la_arg: str | None, log: IssueLog) -> tuple[int | None, str | None]:
    """The (collection year, LA) to store the file under; a fatal issue when either is unknown."""
    add = log.add
    where = _WHERE
    if h.get("Collection") and h["Collection"].upper() != "CIN":
        add("warning", "unexpected-collection", "The header names a collection other than CIN.",
            "Check that this is a CIN census file.", location=f"{where}/Collection", field="Collection",
            value=h["Collection"])
    file_year = _file_year(h, add)
    if year_arg is not None:
        if file_year is not None and file_year != year_arg:
            add("warning", "year-overridden",
                f"The file is for {year_label(file_year)} but was loaded as {year_label(year_arg)}, as asked "
                "(--year).", "Check the year: leave out --year to use the file's own.",
                location=where, field="Year", value=file_year)
        year = year_arg
    else:
        year = file_year
    if year is None:
        add("fatal", "unknown-year", "The collection year is unknown: the header has no ReferenceDate or Year.",
            "Load the file with --year (e.g. --year 2025 for 2024-25), or export it again with its header.",
            location=where)
    lea = h.get("LEA")
    if lea is not None and not _LEA.fullmatch(lea):
        add("warning", "invalid-la", "The header LEA is not a three-digit LA code; it was ignored.",
            "Give the LA's three-digit DfE code, e.g. 310.", location="Header/Source/LEA", field="LEA", value=lea)
        lea = None
    if la_arg is not None:
        if lea is not None and lea != la_arg:
            add("warning", "la-overridden",
                f"The header says LA {lea} but the file was loaded as LA {la_arg}, as asked (--la).",
                "Check that this is your LA's file; leave out --la to use the header's LA.",
                location="Header/Source/LEA", field="LEA", value=lea)
        la = la_arg
    else:
        la = lea
    if la is None:
        add("fatal", "unknown-la", "The LA is unknown: the header has no LEA code.",
            "Load the file with --la and the LA's three-digit DfE code (e.g. --la 310), "
            "or export it again with its header.", location="Header/Source/LEA", field="LEA")
    return year, la


def _file_year(h: dict, add) -> int | None:
    where = _WHERE
    ref_year = hdr_year = None
    if h.get("ReferenceDate"):
        ref, problem = parse_date(h["ReferenceDate"])
        if ref is None:
            add("warning", "invalid-date", f"The census reference date {problem or 'is not a date'}; ignored.",
                "Write the census reference date as yyyy-mm-dd, e.g. 2025-03-31.",
                location=f"{where}/ReferenceDate", field="ReferenceDate", value=h["ReferenceDate"])
        else:
            ref_year = ref.year if (ref.month, ref.day) <= (3, 31) else ref.year + 1
            if (ref.month, ref.day) != (3, 31):
                add("warning", "reference-date-not-31-march",
                    "The census reference date is not a 31 March: the file is taken as an in-year extract for "
                    f"{year_label(ref_year)}, which a later file for that year replaces.",
                    "If this is the full return for another year, load it with --year.",
                    location=f"{where}/ReferenceDate", field="ReferenceDate", value=h["ReferenceDate"])
    if h.get("Year"):
        if re.fullmatch(r"\d{4}", h["Year"]):
            hdr_year = int(h["Year"])
        else:
            add("warning", "invalid-year", "The header Year is not a four-digit year; it was ignored.",
                "Write the collection year, e.g. 2025.", location=f"{where}/Year", field="Year", value=h["Year"])
    if ref_year and hdr_year and ref_year != hdr_year:
        add("warning", "year-mismatch",
            f"The header Year says {hdr_year} but the reference date {h['ReferenceDate']} is in the "
            f"{year_label(ref_year)} census; the reference date was trusted ({ref_year}).",
            "Correct the Year in the header, or load the file with --year if the reference date is wrong.",
            location=f"{where}/Year", field="Year", value=h["Year"])
    return ref_year or hdr_year
