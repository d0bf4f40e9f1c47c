"""Local extracts: small CSVs from the case management system (docs/local-extracts.md).

Some process measures rest on data no statutory return carries, such as the
date of a child's initial health assessment. An LA exports these in a layout
the product documents; this reader recognises a layout by its header (column
names, in any order and case, spaces or underscores alike), checks every row
and keeps the good ones. An extract is a full list: loading one replaces the
LA's previous extract of the same kind.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from ..store.schema import ARROW_TYPES, TABLES
from .detect import parse_la
from .issues import IssueLog
from .result import ReadResult
from .text_files import CsvStream, broken_quote, first_line, report_broken_quotes, report_stream, sniff_delimiter
from .values import clean_text, parse_date

SUFFIXES = {".csv", ".txt"}


@dataclass(frozen=True)
class Layout:
    table: str
    description: str
    columns: dict[str, tuple[str, ...]]  # canonical column -> accepted header names (normalised)
    required: tuple[str, ...]


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.strip().lower())


HEALTH_ASSESSMENTS = Layout(
    table="health_assessment",
    description="Local extract: health assessments (CSV)",
    columns={
        "la": ("la", "lacode", "la_code"),
        "child_id": ("childid", "child", "lachildid", "personid"),
        "health_assessment_date": ("healthassessmentdate", "assessmentdate", "dateofassessment"),
        "assessment_type": ("assessmenttype", "healthassessmenttype", "type"),
    },
    required=("child_id", "health_assessment_date", "assessment_type"),
)
ALLOCATIONS = Layout(
    table="allocation",
    description="Local extract: team and worker allocations (CSV)",
    columns={
        "la": ("la", "lacode", "la_code"),
        "child_id": ("childid", "child", "lachildid", "personid"),
        "team": ("team", "allocatedteam", "teamname"),
        "worker": ("worker", "allocatedworker", "socialworker", "workername", "workerid"),
        "from_date": ("fromdate", "from", "startdate", "allocationstartdate", "allocatedfrom"),
        "to_date": ("todate", "to", "enddate", "allocationenddate", "allocatedto"),
    },
    required=("child_id", "team", "worker", "from_date"),
)
LAYOUTS = (HEALTH_ASSESSMENTS, ALLOCATIONS)

# Accepted spellings of the assessment type; the stored values are "initial" and "review".
ASSESSMENT_TYPES = {"initial": "initial", "iha": "initial", "initialhealthassessment": "initial",
                    "review": "review", "rha": "review", "reviewhealthassessment": "review"}
SUPPLIED_HEADER = {"indicator", "la", "period", "value"}


def _match(header: list[str]) -> tuple[Layout | None, dict[str, int]]:
    normalised = [_norm(h) for h in header]
    for layout in LAYOUTS:
        index = {}
        for column, names in layout.columns.items():
            for i, h in enumerate(normalised):
                if h in {_norm(n) for n in names}:
                    index[column] = i
                    break
        if all(c in index for c in layout.required):
            return layout, index
    return None, {}


def _header(line: str) -> list[str]:
    return [h.strip().strip('"') for h in line.split(sniff_delimiter(line))]


def sniff(path: Path, head: bytes) -> bool:
    if Path(path).suffix.lower() not in SUFFIXES:
        return False
    header = _header(first_line(head))
    return _match(header)[0] is not None or SUPPLIED_HEADER <= {h.lower() for h in header}


def read(path: Path, *, year: int | None = None, la: str | None = None) -> list[ReadResult]:
    path = Path(path)
    log = IssueLog(str(path))
    stream = CsvStream.open(path)
    if stream.note:
        log.add("info", "file-encoding", stream.note, "Nothing to do unless text looks wrong.")
    records = iter(stream)
    first = next(records, None)
    header = [h.strip() for h in first[0]] if first else []
    if SUPPLIED_HEADER <= {h.lower() for h in header}:
        log.add("fatal", "supplied-values-file",
                "This is a file of supplied indicator values (indicator, la, period, value), not a return.",
                "Import it with: scorecard supply FILE")
        return [ReadResult(path, "supplied", "Supplied indicator values (CSV)", year, la, log)]
    layout, index = _match(header)
    if layout is None:  # sniff said yes, so this only happens when called directly
        log.add("fatal", "unknown-local-layout", "The header does not match a documented local extract.",
                "See docs/local-extracts.md for the layouts and their column names.")
        return [ReadResult(path, "local", "local extract", year, la, log)]
    by_la: dict[str | None, list[dict]] = defaultdict(list)
    seen: dict[tuple, int] = {}
    latest = None
    broken: list[tuple[int, int]] = []
    given = 0  # rows with anything in them
    for raw, rownum, last in records:
        if not any(c.strip() for c in raw):
            continue
        given += 1
        if last != rownum and broken_quote(raw):
            broken.append((rownum, last))
            continue
        cell = {c: (raw[i] if i < len(raw) else "") for c, i in index.items()}
        where = f"row {rownum}"
        row_la = la
        if "la" in cell and clean_text(cell["la"]):
            try:
                row_la = parse_la(cell["la"])
            except ValueError:
                log.add("error", "invalid-la", "This is not a three-digit DfE LA code; the row was not stored.",
                        "Give the LA's three-digit code, e.g. 310.", location=where, field="la", value=cell["la"])
                continue
            if la and row_la != la:
                log.add("error", "la-mismatch", f"The row is for LA {row_la} but the load was for LA {la}; "
                        "the row was not stored.", "Load the file without --la, or fix the la column.",
                        location=where, field="la", value=cell["la"])
                continue
        child = clean_text(cell["child_id"])
        if child is None:
            log.add("error", "missing-child-id", "The child ID is empty; the row was not stored.",
                    "Export the child's ID as held in the case management system (as in the SSDA903).",
                    location=where, field="child_id")
            continue
        parsed = _PARSERS[layout.table](cell, where, log)
        if parsed is None:
            continue
        row, when = parsed
        row = {"child_id": child, **row}
        key = (row_la, *row.values())
        if key in seen:
            log.add("warning", "duplicate-row", f"Row {seen[key]} already holds this record; this row was "
                    "left out.", "Nothing to do, or remove the repeated row from the extract.",
                    location=where, field="child_id")
            continue
        seen[key] = rownum
        latest = max(latest, when) if latest else when
        by_la[row_la].append(row)
    report_stream(stream, log)
    report_broken_quotes(broken, log, "row", stream.lines)
    if stream.too_many:
        return [ReadResult(path, "local", layout.description, year, la, log)]
    if None in by_la:
        log.add("fatal", "la-not-given",
                "The extract has no la column and no LA was given, so it cannot be stored against an LA.",
                "Load it with --la CODE (e.g. scorecard load FILE --la 310), or add an la column.")
        return [ReadResult(path, "local", layout.description, year, None, log)]
    if not given and not log.fatal:
        # a full list: storing it empty would replace the list stored before with nothing
        log.add("warning", "no-rows", "The extract has its column names but no rows, so nothing was stored; "
                "any list stored before is kept.", "Nothing to do if there was nothing to report; otherwise "
                "export the extract again.")
        return [ReadResult(path, "local", layout.description, year, la, log)]
    if not by_la:
        log.add("fatal", "no-rows", "No row could be stored (see the problems listed for each row).",
                "Fix the rows listed and load the file again.")
        return [ReadResult(path, "local", layout.description, year, la, log)]
    if year is None and latest is not None:
        year = latest.year if latest.month <= 3 else latest.year + 1  # the year of the extract's latest date
    return [ReadResult(path, "local", layout.description, year, code, log if n == 0 else IssueLog(str(path)),
                       {layout.table: _columns(layout.table, found)})
            for n, (code, found) in enumerate(sorted(by_la.items()))]


def _columns(table: str, rows: list[dict]) -> pa.Table:
    """The rows as Arrow columns of the store's types: a national load holds every file's rows until it
    stores them, and a million rows as Python dicts take ten times the memory."""
    return pa.table({name: pa.array([r.get(name) for r in rows], ARROW_TYPES[typ])
                     for name, typ in TABLES[table].columns})


def _health_row(cell: dict, where: str, log: IssueLog) -> tuple[dict, object] | None:
    when, problem = parse_date(cell["health_assessment_date"])
    if when is None:
        log.add("error", "invalid-date" if problem else "missing-date",
                f"The date {problem}; the row was not stored." if problem
                else "The assessment date is empty; the row was not stored.",
                "Give the date the health assessment took place, as dd/mm/yyyy.",
                location=where, field="health_assessment_date", value=cell["health_assessment_date"])
        return None
    kind = ASSESSMENT_TYPES.get(_norm(cell["assessment_type"]))
    if kind is None:
        log.add("error", "invalid-assessment-type",
                "The assessment type is not 'initial' or 'review'; the row was not stored.",
                "Write initial for an initial health assessment, review for a review health assessment.",
                location=where, field="assessment_type", value=cell["assessment_type"])
        return None
    return {"health_assessment_date": when, "assessment_type": kind}, when


def _allocation_row(cell: dict, where: str, log: IssueLog) -> tuple[dict, object] | None:
    """Team, worker, from date and (empty while the allocation is current) to date."""
    team, worker = clean_text(cell["team"]), clean_text(cell["worker"])
    for name, value in (("team", team), ("worker", worker)):
        if value is None:
            log.add("error", f"missing-{name}", f"The {name} is empty; the row was not stored.",
                    f"Give the allocated {name} as the case management system names it.",
                    location=where, field=name)
            return None
    dates = {}
    for name in ("from_date", "to_date"):
        raw = cell.get(name, "")
        when, problem = parse_date(raw)
        if problem or (name == "from_date" and when is None):
            log.add("error", "invalid-date" if problem else "missing-date",
                    f"The date {problem}; the row was not stored." if problem
                    else "The allocation's from date is empty; the row was not stored.",
                    "Give the date the allocation started (and ended, if it has), as dd/mm/yyyy.",
                    location=where, field=name, value=raw)
            return None
        dates[name] = when
    if dates["to_date"] is not None and dates["to_date"] < dates["from_date"]:
        log.add("error", "dates-out-of-order", "The allocation ends before it starts; the row was not stored.",
                "Check the from and to dates in the case management system.", location=where, field="to_date",
                value=cell.get("to_date", ""))
        return None
    return {"team": team, "worker": worker, **dates}, dates["to_date"] or dates["from_date"]


_PARSERS = {"health_assessment": _health_row, "allocation": _allocation_row}
