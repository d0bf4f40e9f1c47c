"""SSDA903 as CSV: one file per table (Header, Episodes, Reviews, ... DoLo).

A table is recognised by its column names, not its file name: case, spaces,
column order, a byte-order mark and extra columns do not matter. Extra or
misspelt columns are reported with the nearest expected name; a missing
column stops that file (and says which table it looks like).

Collection year, first that applies:

1. ``year`` as given (``--year``);
2. a year in the file name, else its folder, else the folder above:
   ``2024-25``, ``2024_25``, ``202425``, ``2024-2025`` or a lone ``2025`` all
   mean the year ending 31 March 2025 (a full date such as 2025-01-31 is
   ignored, and so is a name holding two different years);
3. the dates in the return: the Episodes file in the same folder if there is
   exactly one (the spine of the return, so every table of one folder gets the
   same year), else this file's own dates (DECOM, REVIEW, MIS_START ...; never
   DOB). The year is the latest one ending 31 March that holds at least 1% of
   those dates, so one mistyped date cannot move it. An ``info`` issue says so.

The LA is not in 903 files: ``la`` must be given.
"""

from __future__ import annotations

import csv
from bisect import bisect_left
import difflib
from array import array
from dataclasses import replace
from operator import itemgetter
from pathlib import Path

from .codes_903 import season
from .issues import IssueLog
from .result import ReadResult, child_lookup
from .codes_903 import FIELD_WORDS
from .collection_year import infer_year, year_from_path
from .ssda903_tables import (
    SPEC, Rows, Spec, activity_dates, check_la, check_table_year, gc_paused, identify, normalise_header,
    table_from_name, to_canonical)
from .text_files import CsvStream, broken_quote, first_line, report_broken_quotes, report_stream, sniff_delimiter

SUFFIXES = {".csv", ".txt"}
MIN_SIMILARITY = 0.4  # share of a table's columns (Jaccard) a header needs before we claim the file
SOURCE = "ssda903"


def _header_columns(line: str) -> list[str]:
    try:
        return [normalise_header(c) for c in next(csv.reader([line], delimiter=sniff_delimiter(line)), [])]
    except csv.Error:
        return []


def sniff(path: Path, head: bytes) -> bool:
    if Path(path).suffix.lower() not in SUFFIXES:
        return False
    cols = _header_columns(first_line(head))
    if "CHILD" not in cols:
        return False
    spec, score = identify(cols)
    return spec is not None and score >= MIN_SIMILARITY


def read(path: Path, *, year: int | None = None, la: str | None = None) -> list[ReadResult]:
    with gc_paused():
        return _read(Path(path), year, la)


def _read(path: Path, year: int | None, la: str | None) -> list[ReadResult]:
    log = IssueLog(str(path))
    la = str(la).strip() if la is not None else None
    try:
        stream = CsvStream.open(path)
        records = iter(stream)
        first = next(records, None)
    except OSError as exc:
        log.add("fatal", "file-unreadable", f"The file cannot be opened ({exc.strerror}).",
                "Check the file's permissions, or close it in the program that has it open.")
        return [ReadResult(path, SOURCE, "SSDA903 (CSV)", year, la, log)]
    if stream.note:
        log.add("info", "encoding", stream.note, "Nothing to do; exporting as 'CSV UTF-8' avoids this note.",
                value=stream.description)
    header = first[0] if first and first[1] == 1 else []
    norm = [normalise_header(h) for h in header]
    spec, _ = identify(norm)
    if spec is None:
        log.add("fatal", "unknown-table", "The first line does not hold the column names of an SSDA903 table.",
                "Export the table again with its column names (CHILD, ...) on the first line.")
        report_stream(stream, log)
        return [ReadResult(path, SOURCE, "SSDA903 (CSV)", year, la, log)]
    result = ReadResult(path, SOURCE, f"SSDA903 {spec.name} (CSV)", year, la, log)
    index = _map_columns(spec, header, norm, log)
    if log.fatal:
        return [result]
    _check_file_name(path, spec, log)
    # Columns a file may leave out (PL_DISTANCE) and did are simply not part of its table.
    spec = replace(spec, cols=tuple(c for c in spec.cols if c.name in index or not c.optional))
    rows = _raw_rows(spec, index, records, len(header), log)
    report_stream(stream, log, spec.what)
    if log.fatal:
        return [result]
    report_broken_quotes(rows.where.broken, log, spec.what, stream.lines)
    result.child_at = child_lookup(r"^row (\d+)", lambda n: _child_on_line(rows, n))
    result.collection_year = year = _resolve_year(path, year, spec, rows, log)
    check_la(la, log)
    check_table_year(spec, year, log)
    table = to_canonical(rows, year, log)
    if not rows.where.broken and not any(any(v and v.strip() for v in vals) for vals in rows.values):
        log.add("warning", "no-rows", f"The file has the {spec.name} column names but no rows.",
                "Nothing to do if the LA had nothing to report in this table; otherwise export it again.")
    elif table.num_rows == 0:
        # Storing an empty table would wipe the LA's earlier copy of this year's table.
        log.add("fatal", "no-row-stored",
                f"None of the file's rows could be stored (see the errors listed for each row), so the file was "
                f"not loaded and any {spec.name} table already stored for this year was kept.",
                "Correct the rows listed and export the file again.")
    result.tables = {spec.table: table}
    return [result]


def _map_columns(spec: Spec, header: list[str], norm: list[str], log: IssueLog) -> dict[str, int]:
    """903 field -> position in the file; reports extra, misspelt, repeated and missing columns."""
    index: dict[str, int] = {}
    extras: dict[str, str] = {}  # normalised -> as written
    position: dict[str, str] = {}  # normalised -> "column 3"
    for i, (raw, name) in enumerate(zip(header, norm)):
        if not name:
            continue  # an unnamed column (a trailing comma) carries nothing
        if name in index:
            log.add("warning", "repeated-column", f'The column {name} appears twice; the first one was read.',
                    "Remove the second column of that name.", location=f"column {i + 1}", field=raw.strip())
        elif name in spec.names:
            index[name] = i
        else:
            extras[name] = raw.strip()
            position[name] = f"column {i + 1}"
    missing = [n for n in spec.required_names if n not in index]
    claimed: dict[str, str] = {}
    for name, raw in extras.items():
        near = difflib.get_close_matches(name, missing, n=1, cutoff=0.6) or \
            difflib.get_close_matches(name, spec.names, n=1, cutoff=0.75)
        if near:
            if near[0] in missing:
                claimed.setdefault(near[0], raw)
            log.add("warning", "misspelt-column",
                    f'The column "{raw}" is not an SSDA903 {spec.name} column; it looks like {near[0]} '
                    f"({FIELD_WORDS.get(near[0], near[0].lower())}). It was not read.",
                    f'Rename the column "{raw}" to {near[0]}.', location=position[name], field=raw, value=raw)
        else:
            log.add("info", "extra-column", f'The column "{raw}" is not part of the SSDA903 {spec.name} table; '
                    "it was ignored.", "Nothing to do.", location=position[name], field=raw, value=raw)
    for name in missing:
        maybe = f' The column "{claimed[name]}" may be it.' if name in claimed else ""
        log.add("fatal", "missing-column",
                f"The file looks like the SSDA903 {spec.name} table but has no {name} column "
                f"({FIELD_WORDS.get(name, name.lower())}), so it cannot be read.{maybe}",
                f'Add the {name} column{f" (rename {chr(34)}{claimed[name]}{chr(34)})" if name in claimed else ""} '
                "and export the file again.", field=name)
    return index


def _check_file_name(path: Path, spec: Spec, log: IssueLog) -> None:
    named = table_from_name(path)
    if named is not None and named is not spec:
        log.add("warning", "file-name-mismatch",
                f'The file name suggests the {named.name} table, but its columns are those of the {spec.name} '
                f"table; it was read as {spec.name}.",
                "Check this is the file you meant to load, and rename it to match what it holds.",
                value=path.name)


def _raw_rows(spec: Spec, index: dict[str, int], records, width: int, log: IssueLog) -> Rows:
    """Records -> value tuples in the spec's column order, with the line each starts on (header = row 1).

    A record holding a line break is a quote left open (no SSDA903 value holds one): it is left out and
    its lines are listed in ``rows.where.broken``."""
    # A column the file may leave out (PL_DISTANCE) reads from one slot past the end, always None.
    getter = itemgetter(*(index.get(n, width) for n in spec.names))
    padded = not all(n in index for n in spec.names)
    numbers = RowNumbers()
    values: list[tuple] = []
    append = values.append
    long_rows = 0
    lines = None  # the line of each kept record, once one is not where its position says (i + 2)
    for rec, start, end in records:
        if end != start and broken_quote(rec):
            numbers.broken.append((start, end))
            continue
        n = len(rec)
        if n != width:
            if n > width and any(v.strip() for v in rec[width:]):
                long_rows += 1
            rec = (rec + [""] * (width - n))[:width] if rec else [""] * width
        if padded:
            rec.append(None)
        if lines is None and start != len(values) + 2:
            lines = array("q", range(2, len(values) + 2))
        if lines is not None:
            lines.append(start)
        append(getter(rec))
    numbers.lines = lines
    if long_rows:
        log.add("warning", "extra-values",
                f"{long_rows:,} row{'s' if long_rows != 1 else ''} have more values than there are column names; "
                "the extra values were ignored.",
                "Check for commas inside values that are not in quotes, and export the file again.")
    return Rows(spec, values, numbers)


class RowNumbers:
    """Where each record sits, as Excel numbers rows (the header is row 1); the text is built only when
    asked for. While every record is one line, record i is on line i + 2 and nothing is stored."""

    def __init__(self):
        self.lines: array | None = None  # set by _raw_rows when some record is not on line i + 2
        self.broken: list[tuple[int, int]] = []  # (first line, last line) of records swallowed by a quote

    def __getitem__(self, i: int) -> str:
        return f"row {self.lines[i] if self.lines is not None else i + 2}"


def _child_on_line(rows: Rows, line: int) -> str | None:
    """The CHILD of the record on an Excel row (records that span lines shift the rows after them)."""
    lines = rows.where.lines
    i = line - 2 if lines is None else bisect_left(lines, line)
    if i < 0 or i >= len(rows.values) or (lines is not None and lines[i] != line):
        return None
    return (rows.values[i][0] or "").strip() or None


def _resolve_year(path: Path, year: int | None, spec: Spec, rows: Rows, log: IssueLog) -> int | None:
    if year:
        return year
    found, part = year_from_path(path)
    if found:
        log.add("info", "year-from-name", f'Collection year {season(found)} taken from the name "{part}".',
                "If that is not the year of this return, give --year.", value=season(found))
        return found
    found, source = _year_from_episodes_beside(path, spec)
    if found is None:
        found, source = infer_year(activity_dates(rows)), "the dates in this file"
    if found:
        log.add("info", "year-inferred",
                f"Collection year {season(found)} (1 April {found - 1} to 31 March {found}), inferred from "
                f"{source}.",
                "If that is not the year of this return, give --year (e.g. --year 2024-25), or put the year "
                "in the folder name (e.g. 903/2024-25/).", value=season(found))
        return found
    log.add("fatal", "unknown-collection-year",
            "The collection year cannot be told: it is not in the file or folder name, and the "
            f"{spec.name} table has no dates that show it" + (" and there is no Episodes file beside it." if
                                                              spec.name != "Episodes" else "."),
            "Give --year (e.g. --year 2024-25), or put the year in the folder name (e.g. 903/2024-25/).")
    return None


# Years inferred from an Episodes file, by (path, size, modified time): one folder's tables share one.
_EPISODES_YEAR: dict[tuple, int | None] = {}


def _year_from_episodes_beside(path: Path, spec: Spec) -> tuple[int | None, str]:
    if spec.name == "Episodes":
        return None, ""
    candidates = [p for p in _episodes_files_in(path.parent) if p != path]
    if len(candidates) != 1:
        return None, ""
    sib = candidates[0]
    stat = sib.stat()
    key = (str(sib.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _EPISODES_YEAR:
        _EPISODES_YEAR[key] = _episodes_year(sib)
    found = _EPISODES_YEAR[key]
    return (found, f"the dates of the episodes in {sib.name} beside this file") if found else (None, "")


# Episodes files (not naming their own year) by folder, keyed by (folder, its modified time).
_EPISODES_FILES: dict[tuple, list[Path]] = {}


def _episodes_files_in(folder: Path) -> list[Path]:
    try:
        key = (str(folder.absolute()), folder.stat().st_mtime_ns)
        if key not in _EPISODES_FILES:
            found = []
            for sib in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES):
                if year_from_path(sib)[0]:
                    continue  # a file naming its own year belongs to another return
                with open(sib, "rb") as f:
                    spec, score = identify(_header_columns(first_line(f.read(4096))))
                if spec is SPEC["Episodes"] and score >= MIN_SIMILARITY:
                    found.append(sib)
            _EPISODES_FILES[key] = found
        return _EPISODES_FILES[key]
    except OSError:
        return []


def _episodes_year(path: Path) -> int | None:
    try:
        stream = CsvStream.open(path)
        records = iter(stream)
        first = next(records, None)
        if first is None:
            return None
        norm = [normalise_header(h) for h in first[0]]
        spec = SPEC["Episodes"]
        index = {n: i for i, n in reversed(list(enumerate(norm))) if n in spec.names}
        if not all(n in index for n in spec.activity):
            return None
        scratch = IssueLog(str(path))
        return infer_year(activity_dates(_raw_rows(spec, index, records, len(norm), scratch)))
    except OSError:
        return None
