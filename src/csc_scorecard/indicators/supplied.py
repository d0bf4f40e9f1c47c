"""Values of supplied indicators, imported from a CSV (`scorecard supply FILE`).

Some scorecard lines have no child-level data the LA holds here (virtual
school, youth justice, workforce). Their figures come in a CSV:

    indicator,la,period,value,numerator,denominator
    cla-ks2-expected-standard,310,2024-25,38.5,5,13
    sw-caseload,310,2024-25-Q2,16.1,,

numerator and denominator are optional. Every bad row is reported (row,
field, value, fix) and left out; the good rows are stored. Importing a value
for an indicator, LA and period that already has one replaces it (every
import is kept in the load history).
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

from ..errors import IndicatorError
from ..ingest.detect import parse_la
from ..ingest.issues import IssueLog
from ..ingest.result import ReadResult
from ..ingest.text_files import CsvStream, broken_quote, report_broken_quotes, report_stream
from .loader import Catalogue
from .period import parse_period

COLUMNS = ("indicator", "la", "period", "value", "numerator", "denominator")
REQUIRED = ("indicator", "la", "period", "value")
DESCRIPTION = "Supplied indicator values (CSV)"
SUPPRESSED = {"x", "c", "z", "u", "k", "-", ":", ".", "..", "n/a", "na"}  # DfE and common "no figure" symbols


def header_of(first_line: str) -> set[str]:
    return {h.strip().lower() for h in first_line.split(",")}


def looks_supplied(first_line: str) -> bool:
    return set(REQUIRED) <= header_of(first_line)


def _number(text: str) -> tuple[float | None, str | None]:
    t = text.strip().replace(",", "")
    if t.endswith("%"):
        t = t[:-1].strip()
    try:
        value = float(t)
    except ValueError:
        return None, "is not a number"
    if not math.isfinite(value):
        return None, "is not a finite number"
    return value, None


def read_supplied(path: str | Path, catalogue: Catalogue) -> list[ReadResult]:
    """Check a supplied-values CSV; one ReadResult per LA (the store keeps provenance per LA)."""
    path = Path(path)
    log = IssueLog(str(path))

    def fatal(code: str, message: str, fix: str) -> list[ReadResult]:
        log.add("fatal", code, message, fix)
        return [ReadResult(path, "supplied", DESCRIPTION, None, None, log)]

    if not path.is_file():
        return fatal("file-not-found", "No such file.", "Check the path and try again.")
    stream = CsvStream.open(path)  # read a line at a time; what it cannot read is reported below
    if stream.note:
        log.add("info", "file-encoding", stream.note, "Nothing to do unless text looks wrong.")
    stream.delimiter = ","
    records = iter(stream)
    first = next(records, None)
    header = first[0] if first else None
    if not header or not any(h.strip() for h in header):
        return fatal("empty-file", "The file is empty.",
                     "Write a header line: indicator,la,period,value (numerator,denominator optional).")
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        return fatal("missing-column", f"The header has no column {', '.join(missing)} (found: {', '.join(names)}).",
                     "The first line must be: indicator,la,period,value (numerator,denominator optional).")
    for extra in (n for n in names if n not in COLUMNS):
        log.add("warning", "unknown-column", f'The column "{extra}" is not used.',
                "Remove it, or leave it: it is ignored.", location="row 1", field=extra)
    index = {c: names.index(c) for c in COLUMNS if c in names}
    rows_by_la: dict[str, list[dict]] = defaultdict(list)
    seen: dict[tuple[str, str, str], int] = {}
    broken: list[tuple[int, int]] = []
    for raw, rownum, last in records:
        if not any(cell.strip() for cell in raw):
            continue
        if last != rownum and broken_quote(raw):  # a quote left open swallowed the lines after it
            broken.append((rownum, last))
            continue
        cell = {c: (raw[i].strip() if i < len(raw) else "") for c, i in index.items()}
        where = f"row {rownum}"

        def err(code, fld, message, fix, severity="error"):
            log.add(severity, code, message, fix, location=where, field=fld, value=cell.get(fld, ""))

        if cell["indicator"] not in catalogue:
            err("unknown-indicator", "indicator", "There is no indicator with this id; the row was not stored.",
                "Use an id from `scorecard catalogue` whose source is 'supplied', e.g. cla-ks2-expected-standard.")
            continue
        ind = catalogue.get(cell["indicator"])
        if not ind.supplied:
            err("not-a-supplied-indicator", "indicator",
                f"{ind.id} is computed from the returns, not supplied; the row was not stored.",
                "Remove the row: this figure comes from the loaded data (see `scorecard indicators`).")
            continue
        try:
            la = parse_la(cell["la"])
        except ValueError:
            la = None
        if la is None:
            err("invalid-la", "la", "This is not a three-digit DfE LA code; the row was not stored.",
                "Give the LA's three-digit code, e.g. 310.")
            continue
        try:
            period = parse_period(cell["period"])
        except IndicatorError as exc:
            err("invalid-period", "period", f"This is not a period ({exc}); the row was not stored.",
                "Write 2024-25, 2024-25-Q2, ytd:2024-11-30 or 12m:2024-11-30.")
            continue
        if cell["value"] == "":
            err("missing-value", "value", "The value is empty; the row was not stored.",
                "Give the figure, or leave the row out if there is none.")
            continue
        if cell["value"].lower() in SUPPRESSED:
            err("suppressed-value", "value", "The value is a 'no figure' symbol; nothing was stored for this row.",
                "Nothing to do if the figure is suppressed or not yet published.", severity="warning")
            continue
        value, problem = _number(cell["value"])
        if problem:
            err("invalid-number", "value", f"The value {problem}; the row was not stored.",
                "Write the figure as a number, e.g. 38.5 (a % sign is allowed).")
            continue
        parts: dict[str, float | None] = {}
        bad_part = False
        for fld in ("numerator", "denominator"):
            text = cell.get(fld, "")
            if text == "":
                parts[fld] = None
                continue
            parts[fld], problem = _number(text)
            if problem or parts[fld] < 0:
                err("invalid-number", fld, f"The {fld} {problem or 'is negative'}; the row was not stored.",
                    f"Give the {fld} as a count (0 or more), or leave it empty.")
                bad_part = True
        if bad_part:
            continue
        if ind.unit == "percent" and not 0 <= value <= 100:
            err("percent-out-of-range", "value", "A percentage must be between 0 and 100; the row was not stored.",
                "Write the percentage as a number from 0 to 100, e.g. 38.5 for 38.5%.")
            continue
        if ind.unit == "percent" and 0 < value < 1 and "%" not in cell["value"]:
            err("percent-looks-like-fraction", "value",
                "This percentage is below 1; it may be a fraction (0.385 for 38.5%). It was stored as given.",
                "If it is a fraction, multiply by 100 and import the file again.", severity="warning")
        num, den = parts["numerator"], parts["denominator"]
        if ind.unit == "percent" and num is not None and den:
            if abs(100 * num / den - value) > 0.05 + 1e-9:
                err("value-does-not-match", "value",
                    f"The value is not 100 x numerator / denominator ({100 * num / den:.2f}). It was stored as given.",
                    "Check the three figures.", severity="warning")
        key = (ind.id, la, period.name)
        if key in seen:
            err("duplicate-row", "period",
                f"Row {seen[key]} already gives {ind.id} for LA {la} and {period.name}; this row was not stored.",
                "Keep one row per indicator, LA and period.")
            continue
        seen[key] = rownum
        rows_by_la[la].append({"indicator": ind.id, "period": period.name, "period_start": period.start,
                               "period_end": period.end, "value": value, "numerator": num, "denominator": den})
    report_stream(stream, log)
    report_broken_quotes(broken, log, "row", stream.lines)
    if stream.too_many:
        return [ReadResult(path, "supplied", DESCRIPTION, None, None, log)]
    if not rows_by_la:
        if not log.fatal:
            log.add("fatal", "no-values", "No row could be stored.",
                    "Fix the rows listed above and import the file again.")
        return [ReadResult(path, "supplied", DESCRIPTION, None, None, log)]
    results = []
    for n, (la, rows) in enumerate(sorted(rows_by_la.items())):
        # The issues belong to the file: attach them once, to the first LA's result.
        results.append(ReadResult(path, "supplied", DESCRIPTION, None, la, log if n == 0 else IssueLog(str(path)),
                                  {"supplied_value": rows}))
    return results
