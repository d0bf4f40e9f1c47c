"""Reader for Ofsted Annex A workbooks (ILACS Lists 1-11, .xlsx).

One workbook is one snapshot of an LA's work, taken on its *extract date*.
Each list is found by its sheet name ("List 1", "List1", "L1 Contacts") or,
failing that, by its headers; the header row is found even below title rows;
columns are recognised by patterns (ingest/annex_a_columns.py), not by
position or exact wording. A list that lacks a required column is skipped
with an error and the other lists still load.

The extract date is, in order of preference: the ``as_at`` argument; a date
in the file name ("Annex_A_2024_Jan" = the last day of that month,
"AnnexA_2024-01-15" = that day); the latest date in the workbook (other than
a date of birth). The collection year is the year of the 31 March on or after
the extract date. The LA is the ``la`` argument or a three-digit LA code in
the file name ("822_Annex_A_2024_Jan.xlsx").

openpyxl (read-only) is used rather than python-calamine, although slower,
because it keeps Excel error cells (#N/A from a broken lookup) visible so
they can be reported instead of silently becoming blanks.
"""

from __future__ import annotations

import calendar
import math
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path

from .annex_a_columns import BY_NUMBER, LISTS, Col, ListSpec
from .issues import IssueLog
from .result import ReadResult
from .xlsx_safety import EXCEL_ROWS, MAX_SHEET_ROWS, RefusedWorkbook, check_workbook
from .values import FIRST_YEAR, LAST_YEAR, clean_text, doubtful_id, parse_date, parse_int

SOURCE_RETURN = "annex_a"
DESCRIPTION = "Ofsted Annex A (xlsx)"
HEADER_SCAN_ROWS = 20  # the header row is looked for in this many rows at the top of a sheet

_SHEET_NAME = re.compile(r"^\s*(?:annex\s*a\s*[-_:]?\s*)?(?:list|l)\s*[-_.:]?\s*(\d{1,2})(?!\d)", re.I)
_PREFIX = re.compile(r"^\(?[a-zA-Z]{1,2}\)\s*")  # Ofsted's option letter: "a) ", "(q) "
_LEADING_CODE = re.compile(r"^([A-Za-z0-9]{1,6})(?=\s*(?:[:\-\u2013\u2014.,;)]|\s|$))")
_BRACKETED_CODE = re.compile(r"[(\[]\s*([A-Za-z0-9]{1,6})\s*[)\]]")
_EXCEL_ERRORS = {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!",
                 "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!"}
# Written in a cell to mean "nothing here": stored as blank without an issue.
_BLANK_WORDS = {"n/a", "na", "null", "-", "--", "not applicable"}
# Text dates parse_date does not take: month names, and dd/mm/yyyy followed by a midnight time.
_TEXT_DATE_FORMATS = ("%d %b %Y", "%d-%b-%Y", "%d %B %Y", "%d-%B-%Y", "%d/%b/%Y",
                      "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {"sept": 9}
_TRUE = {"yes", "y", "true", "t", "1"}
_FALSE = {"no", "n", "false", "f", "0"}
_COMMON = {"child_id", "adopter_id", "family_id", "gender", "ethnicity", "dob", "age", "disability",
           "allocated_team", "allocated_worker"}


def normalise(text: str) -> str:
    """Lower case, quotes dropped, every run of other punctuation/space made one space."""
    text = re.sub(r"[\u2018\u2019\u201c\u201d'\"`]", "", str(text).lower())
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


# --- workbook access ---------------------------------------------------------
@dataclass
class Sheet:
    title: str
    rows: list[tuple]  # rows[0] is Excel row 1


# Caps on what one sheet may hold (the largest LA's longest list has tens of thousands of rows and
# fewer than 40 columns); past them the workbook is refused, not read for minutes.
MAX_COLUMNS = 200  # cells beyond column GR are not read (a stray cell at XFD must not widen every row)
MAX_LIST_ROWS = MAX_SHEET_ROWS  # rows holding anything, per sheet
# Excel's last row (xlsx_safety.EXCEL_ROWS): a part claiming rows beyond it is not a real sheet


def _load(path: Path, max_rows: int | None = None) -> tuple[list[Sheet], bool]:
    """Every worksheet's cell values (the first max_rows rows only, if given), and whether dates are 1904-based.

    Row tuples end at their last value, and never reach past MAX_COLUMNS."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions (data validation etc.)
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = []
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue  # chart sheets
            ws.reset_dimensions()  # some exporters write a wrong used range
            rows = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
            sheets.append(Sheet(ws.title, _capped(ws.title, islice(rows, max_rows) if max_rows else rows)))
        return sheets, bool(getattr(wb, "epoch", None) and wb.epoch.year == 1904)
    finally:
        wb.close()


def _capped(title: str, rows) -> list[tuple]:
    out: list[tuple] = []
    filled = 0
    empty = ()
    for row in rows:
        end = len(row)
        while end and row[end - 1] is None:
            end -= 1
        if not end:
            out.append(empty)  # one shared empty tuple: a sparse sheet's blank rows cost 8 bytes each
        else:
            out.append(tuple(row[:end]) if end < len(row) else tuple(row))
            filled += 1
        if filled > MAX_LIST_ROWS or len(out) > EXCEL_ROWS:
            raise RefusedWorkbook(f'the sheet "{title}" has more than '
                                  f"{MAX_LIST_ROWS if filled > MAX_LIST_ROWS else EXCEL_ROWS:,} rows, far more "
                                  "than any Annex A list")
    return out


def _list_number(title: str) -> int | None:
    m = _SHEET_NAME.match(title)
    return int(m.group(1)) if m and int(m.group(1)) in BY_NUMBER else None


@dataclass
class Header:
    row: int  # index into Sheet.rows
    columns: dict[int, Col]  # cell index -> column
    written: dict[int, str]  # cell index -> the header as written
    unmatched: list[int] = field(default_factory=list)
    repeated: list[tuple[int, Col]] = field(default_factory=list)  # a second column for an already-matched one

    def specific(self) -> int:
        return sum(1 for c in self.columns.values() if c.name not in _COMMON)

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.columns.values())


def _match_header(spec: ListSpec, cells: tuple, row: int) -> Header:
    header = Header(row, {}, {})
    taken: set[str] = set()
    for i, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        text = normalise(cell)
        header.written[i] = " ".join(cell.split())
        hits = [c for c in spec.columns if re.search(c.pattern, text)]
        free = [c for c in hits if c.name not in taken]
        if free:
            header.columns[i] = free[0]
            taken.add(free[0].name)
        elif hits:
            header.repeated.append((i, hits[0]))
        else:
            header.unmatched.append(i)
    return header


def _find_header(spec: ListSpec, sheet: Sheet) -> Header | None:
    """The row (among the first few) whose cells match most of the list's columns, if it has the ID column."""
    best = None
    for r, cells in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        h = _match_header(spec, cells, r)
        if h.has(spec.id_column) and len(h.columns) >= 2 and (best is None or len(h.columns) > len(best.columns)):
            best = h
    return best


def _recognise_by_headers(sheet: Sheet) -> tuple[ListSpec, Header] | None:
    """The list whose own (not shared child) columns the sheet's headers match best, if convincing."""
    best = None
    for spec in LISTS:
        h = _find_header(spec, sheet)
        if h is None:
            continue
        own = sum(1 for c in spec.columns if c.name not in _COMMON)
        convincing = h.specific() >= min(3, own) and all(h.has(c.name) for c in spec.columns if c.required)
        if convincing and (best is None or h.specific() > best[1].specific()):
            best = (spec, h)
    return best


def sniff(path: Path, head: bytes) -> bool:
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not head.startswith(b"PK"):
        return False
    if "annex" in path.name.lower():
        return True  # claim it even if damaged, so the analyst hears why it cannot be read as Annex A
    try:
        check_workbook(path)
    except RefusedWorkbook:
        return True  # claim it, so the analyst hears why it was refused
    try:
        sheets, _ = _load(path, max_rows=HEADER_SCAN_ROWS)
    except Exception:  # noqa: BLE001 - any workbook openpyxl cannot open is simply not ours
        return False
    if sum(1 for s in sheets if _list_number(s.title)) >= 3:
        return True
    return any(_recognise_by_headers(s) for s in sheets)


# --- the file name -----------------------------------------------------------
def date_from_name(stem: str) -> date | None:
    """A date written in a file name: 2024-01-15 / 15-01-2024 / 2024-01 / Jan 2024 (end of month)."""
    s = stem.lower()
    m = re.search(r"(?<!\d)(20\d\d)[-_. ]?(\d\d)[-_. ]?(\d\d)(?!\d)", s)
    if m:
        return _real_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.search(r"(?<!\d)(\d\d)[-_. ](\d\d)[-_. ](20\d\d)(?!\d)", s)
    if m:
        return _real_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = re.search(r"(?<!\d)(20\d\d)[-_. ](\d\d)(?!\d)", s)
    if m and 1 <= int(m.group(2)) <= 12:
        return _month_end(int(m.group(1)), int(m.group(2)))
    months = [_MONTHS[w] for w in re.findall(r"(?<![a-z])([a-z]{3,9})(?![a-z])", s) if w in _MONTHS]
    years = re.findall(r"(?<!\d)(20\d\d)(?!\d)", s)
    if len(set(months)) == 1 and len(set(years)) == 1:
        return _month_end(int(years[0]), months[0])
    return None


def _real_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def la_from_name(stem: str) -> str | None:
    codes = set(re.findall(r"(?<![0-9])([0-9]{3})(?![0-9])", stem))
    codes = {c for c in codes if 200 <= int(c) <= 999}  # DfE LA codes run from 201
    return codes.pop() if len(codes) == 1 else None


def collection_year(extract_date: date) -> int:
    """The year of the 31 March on or after the date."""
    return extract_date.year + 1 if extract_date.month > 3 else extract_date.year


# --- values -------------------------------------------------------------------
class _Values:
    """Parses one list's cells, logging each bad value with its sheet, row and header."""

    def __init__(self, log: IssueLog, sheet: str, date1904: bool):
        self.log, self.sheet, self.date1904 = log, sheet, date1904
        self.latest: tuple[date, str] | None = None  # the latest event date seen, and where
        self._known: dict[tuple[str, str], object] = {}  # (column, text) -> value, for labels that parsed well

    def parse(self, col: Col, raw: object, row: int, header: str):
        where = (row, header, raw)  # for an issue, should this cell have one
        if isinstance(raw, str):
            raw = " ".join(raw.replace("\xa0", " ").split())
            if raw.upper() in _EXCEL_ERRORS:
                self._bad(where, "excel-error", f"The cell holds the Excel error {raw}, not a value; "
                          "it was stored as blank.",
                          "Fix the formula or lookup that fills this column, or type the value in.")
                return None
            if raw.lower() in _BLANK_WORDS:
                return None
        if clean_text(raw) is None:
            return None
        if col.kind not in ("code", "option", "flag") or not isinstance(raw, str):
            return getattr(self, "_" + col.kind)(col, raw, where)
        # Labels repeat down a column ("a) Male", "q) 6: Police"): parse each distinct one once.
        if (col.name, raw) in self._known:
            return self._known[col.name, raw]
        value = getattr(self, "_" + col.kind)(col, raw, where)
        if value is not None:
            self._known[col.name, raw] = value
        return value

    def _bad(self, where: tuple, code: str, message: str, fix: str) -> None:
        row, header, raw = where
        self.log.add("error", code, message, fix, location=f"{self.sheet}, row {row}", field=header, value=raw)

    def _id(self, col, raw, where):
        text = clean_text(raw)
        why = doubtful_id(text) if text else None
        if why:  # kept: it may still identify the child, but it is plainly not an ID as exported
            row, header, _ = where
            self.log.add("warning", "doubtful-value", f"This {why}; kept as given.",
                         "Check the ID in the case management system and export the list again.",
                         location=f"{self.sheet}, row {row}", field=header, value=text)
        return text

    def _text(self, col, raw, where):
        return _PREFIX.sub("", clean_text(raw), count=1) or None

    def _date(self, col, raw, where):
        if self.date1904 and isinstance(raw, (int, float)) and not isinstance(raw, bool):
            raw = raw + 1462  # serials in a 1904-based workbook count from 1 Jan 1904
        value, problem = parse_date(raw)
        if value is None and isinstance(raw, str):
            value = _text_date(raw)
            problem = None if value else problem
        if value is not None and value.year < 1900:
            value, problem = None, "is before 1900"
        if value is None:
            self._bad(where, "invalid-date", f"This {problem or 'is not a date'}; it was stored as blank.",
                      "Enter the date as dd/mm/yyyy (or as an Excel date).")
            return None
        # A sentinel or typo'd year (2099 for "no end date") must not become the extract date.
        if col.name != "dob" and FIRST_YEAR <= value.year <= LAST_YEAR and (
                self.latest is None or value > self.latest[0]):
            self.latest = (value, f"{self.sheet}, {where[1]}")
        return value

    def _int(self, col, raw, where):
        value, problem = parse_int(raw)
        if problem:
            self._bad(where, "invalid-number", f"This {problem}; it was stored as blank.",
                      "Enter a whole number such as 0, 1 or 2.")
        return value

    def _number(self, col, raw, where):
        try:
            value = float(raw if not isinstance(raw, str) else raw.strip())
        except (TypeError, ValueError):
            value = math.nan
        if not math.isfinite(value):  # "inf", "nan" and 1e400 are text float() accepts, not ages
            self._bad(where, "invalid-number", "This is not a number; it was stored as blank.",
                      "Enter a number of years, such as 7.")
            return None
        return value

    def _flag(self, col, raw, where):
        words = normalise(_PREFIX.sub("", clean_text(raw), count=1)).split()
        if words and words[0] in _TRUE:
            return True
        if words and words[0] in _FALSE:
            return False
        self._bad(where, "invalid-yes-no", "This is not a yes/no answer; it was stored as blank.",
                  "Enter Yes or No (or the template's a) Yes / b) No).")
        return None

    def _code(self, col, raw, where):
        body = _PREFIX.sub("", clean_text(raw), count=1)
        m = _LEADING_CODE.match(body)
        candidates = ([m.group(1)] if m else []) + _BRACKETED_CODE.findall(body)
        for c in candidates:
            if c.upper() in col.values:
                return c.upper()
        codes = sorted(col.values, key=lambda c: (len(c), c))
        shown = ", ".join(codes[:12]) + (", ..." if len(codes) > 12 else "")
        self._bad(where, "unknown-code", f"This does not start with a valid code for {col.label}; "
                  "it was stored as blank.",
                  f"Use one of the template's options, which begin with the statutory code: {shown}.")
        return None

    def _option(self, col, raw, where):
        text = normalise(_PREFIX.sub("", clean_text(raw), count=1))
        for value, pattern, _ in col.values:
            if (isinstance(value, str) and text == normalise(value)) or re.search(pattern, text):
                return value
        labels = ", ".join(label for _, _, label in col.values)
        self._bad(where, "unknown-code", f"This is not one of the options for {col.label}; "
                  "it was stored as blank.", f"Use one of the template's options ({labels}).")
        return None


def _text_date(text: str) -> date | None:
    for fmt in _TEXT_DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


# --- one list -----------------------------------------------------------------
def _read_list(spec: ListSpec, sheet: Sheet, header: Header, log: IssueLog, date1904: bool):
    """The list's canonical rows, or None if a required column is missing."""
    at = f"{sheet.title}, row {header.row + 1}"
    for i in header.unmatched:
        log.add("info", "unmatched-column", f"This column is not one of List {spec.number}'s columns; "
                "it was not loaded.", "Nothing to do if the column is extra; if it is one of the list's "
                "columns, rename its header to the template's wording.", location=at, field=header.written[i])
    for i, col in header.repeated:
        log.add("warning", "duplicate-column", f"This column looks like {col.label}, which was already read "
                "from an earlier column; this one was not loaded.",
                "Delete or rename one of the two columns.", location=at, field=header.written[i])
    present = {c.name for c in header.columns.values()}
    missing_required = [c for c in spec.columns if c.required and c.name not in present]
    for c in missing_required:
        log.add("error", "missing-column", f"List {spec.number} ({spec.title}) has no \"{c.label}\" column, "
                "which it needs; the list was not loaded.",
                f"Add the \"{c.label}\" column (any wording close to the template's will do).",
                location=sheet.title, field=c.label)
    if missing_required:
        return None
    for c in spec.columns:
        if c.name not in present:
            log.add("info", "optional-column-missing", f"List {spec.number} has no \"{c.label}\" column; "
                    "it was left blank.", "Nothing to do unless the column should be there.",
                    location=sheet.title, field=c.label)

    values = _Values(log, sheet.title, date1904)
    cols = sorted(header.columns.items())
    id_label = spec.columns[0].label
    seen_rows: dict[tuple, int] = {}
    seen_keys: dict[tuple, int] = {}
    out = []
    for r in range(header.row + 1, len(sheet.rows)):
        cells = sheet.rows[r]
        if all(clean_text(c) is None for c in cells):
            continue
        n = r + 1  # as Excel shows it
        at = f"{sheet.title}, row {n}"
        raw = tuple(cells[i] if i < len(cells) else None for i, _ in cols)
        if raw in seen_rows:
            log.add("error", "duplicate-row", f"This row repeats row {seen_rows[raw]} exactly; "
                    "only the first was stored.", "Delete the repeated row.", location=at)
            continue
        seen_rows[raw] = n
        rec = {c.name: None for c in spec.columns}
        rec["row_number"] = n
        for (i, col), cell in zip(cols, raw):
            rec[col.name] = values.parse(col, cell, n, header.written[i])
        if rec[spec.id_column] is None:
            id_at = next(i for i, c in cols if c.name == spec.id_column)
            log.add("error", "blank-id", f"The row has no {id_label}; it was not stored.",
                    f"Fill in the {id_label} (the ID used in the case management system).",
                    location=at, field=header.written[id_at], value=clean_text(cells[id_at]) or "")
            continue
        key = tuple(rec[k] for k in spec.identity)
        if spec.identity and None not in key:
            if key in seen_keys:
                log.add("warning", "duplicate-key", f"This row is for the same {_describe(spec)} as row "
                        f"{seen_keys[key]} but differs in other columns; both were stored.",
                        "Check which row is right and delete the other.", location=at)
            else:
                seen_keys[key] = n
        out.append(rec)
    if not out:
        log.add("info", "empty-list", f"List {spec.number} ({spec.title}) has no rows.",
                "Nothing to do if the LA had none; otherwise check the right sheet was filled in.",
                location=sheet.title)
    return out, values.latest


_SHEET_ROW = re.compile(r"^(.*), row (\d+)$")


def _child_at(children: dict[tuple[str, int], str]):
    """The ReadResult.child_at of a workbook: "List 4, row 12" -> the child on that row, so a team can
    find the case an issue is about (the issue list is child-level and kept private)."""
    def find(location: str) -> str | None:
        m = _SHEET_ROW.match(location or "")
        return children.get((m.group(1), int(m.group(2)))) if m else None

    return find


def _describe(spec: ListSpec) -> str:
    labels = {c.name: c.label for c in spec.columns}
    return " and ".join(labels[k].lower() if k not in ("child_id", "adopter_id") else "person"
                        for k in spec.identity)


# --- the workbook -------------------------------------------------------------
def read(path: Path, *, year: int | None = None, la: str | None = None,
         as_at: date | datetime | str | None = None) -> list[ReadResult]:
    path = Path(path)
    log = IssueLog(str(path))
    result = ReadResult(path, SOURCE_RETURN, DESCRIPTION, None, la, log)
    try:
        missing = check_workbook(path)
        sheets, date1904 = _load(path)
    except RefusedWorkbook as exc:
        log.add("fatal", "workbook-refused", f"The workbook was not read: {exc}.",
                "Check it is the right file. Open it in Excel, delete stray cells far below or to the right of "
                "the lists (Ctrl+End shows the last cell), and save it again.")
        return [result]
    except Exception as exc:  # noqa: BLE001 - a workbook that cannot be opened is reported, not raised
        log.add("fatal", "unreadable-workbook", f"The workbook cannot be opened ({type(exc).__name__}); it may be "
                "damaged, password-protected or not really an .xlsx file.",
                "Open it in Excel and save it again as an Excel Workbook (.xlsx) without a password.")
        return [result]

    for gone in missing:
        log.add("error", "sheet-part-missing",
                f'The workbook lists a sheet "{gone.name}" but the sheet itself ({gone.part}) is missing from the '
                "file, so it could not be read.", "The file is damaged: save the workbook again from Excel, "
                "or export it again.", location=gone.name)
    found: dict[int, tuple[Sheet, Header | None]] = {}
    for sheet in sheets:
        number = _list_number(sheet.title)
        if number is None:
            hit = _recognise_by_headers(sheet)
            if hit is None:
                log.add("info", "sheet-ignored", "This sheet is not one of the Annex A lists; it was not read.",
                        "Nothing to do if it holds notes or lookups; if it is a list, name it \"List N\".",
                        location=sheet.title)
                continue
            number, header = hit[0].number, hit[1]
        else:
            header = _find_header(BY_NUMBER[number], sheet)
        if number in found:
            log.add("error", "duplicate-list", f"List {number} was already read from the sheet "
                    f"\"{found[number][0].title}\"; this sheet was not loaded.",
                    "Keep one sheet per list: delete or rename the other.", location=sheet.title)
            continue
        found[number] = (sheet, header)

    latest: tuple[date, str] | None = None
    for spec in LISTS:
        if spec.number not in found:
            log.add("info", "list-missing", f"The workbook has no List {spec.number} ({spec.title}); "
                    "nothing was loaded for it.", f"Nothing to do if the list was left out on purpose; "
                    f"otherwise add a sheet named \"List {spec.number}\".")
            continue
        sheet, header = found[spec.number]
        if header is None:
            if not any(clean_text(c) is not None for row in sheet.rows for c in row):
                log.add("info", "empty-list", f"List {spec.number} ({spec.title}) is an empty sheet.",
                        "Nothing to do if the LA had none; otherwise check the right sheet was filled in.",
                        location=sheet.title)
                result.tables[spec.table] = []
                continue
            log.add("error", "header-not-found", f"No header row with a {spec.columns[0].label} column was "
                    f"found in the first {HEADER_SCAN_ROWS} rows; List {spec.number} was not loaded.",
                    f"Put the template's column headers (starting with \"{spec.columns[0].label}\") in one row "
                    "above the data.", location=sheet.title)
            continue
        read_list = _read_list(spec, sheet, header, log, date1904)
        if read_list is None:
            continue
        rows, list_latest = read_list
        result.tables[spec.table] = rows
        if list_latest and (latest is None or list_latest[0] > latest[0]):
            latest = list_latest

    if not found:
        log.add("fatal", "no-annex-a-lists", "No sheet in this workbook is an Annex A list.",
                "Check it is the right file: Annex A sheets are named \"List 1\" ... \"List 11\" and start "
                "with the template's column headers.")
        return [result]

    if not result.tables:
        log.add("fatal", "no-lists-loaded", "None of the workbook's lists could be read (see the errors for "
                "each list), so nothing was loaded.", "Fix the lists' header rows as the errors say.")
        return [result]

    result.child_at = _child_at({(found[spec.number][0].title, rec["row_number"]): str(rec["child_id"])
                                 for spec in LISTS if spec.table in result.tables
                                 for rec in result.tables[spec.table] if rec.get("child_id")})
    extract = _extract_date(path, as_at, latest, log)
    result.la = _la(path, la, log)
    if extract is not None:
        result.collection_year = collection_year(extract)
        if year is not None and year != result.collection_year:
            log.add("warning", "year-mismatch", f"The year given ({year}) is not the collection year of the "
                    f"extract date {extract:%d/%m/%Y} ({result.collection_year}); the file was stored under "
                    "its extract date.", "Check the extract date (it comes from the file name or the dates "
                    "in the workbook).", value=year)
        result.version["extract_date"] = extract
        for rows in result.tables.values():
            for rec in rows:
                rec["extract_date"] = extract
    return [result]


def _extract_date(path: Path, as_at, latest: tuple[date, str] | None, log: IssueLog) -> date | None:
    if as_at is not None:
        given, _ = parse_date(as_at)
        if given is None:
            log.add("fatal", "invalid-extract-date", "The extract date given is not a date.",
                    "Give the extract date as dd/mm/yyyy or yyyy-mm-dd.", value=as_at)
            return None
        log.add("info", "extract-date", f"Extract date {given:%d/%m/%Y}, as given.", "Nothing to do.")
        how = "the extract date given"
    else:
        given = date_from_name(path.stem)
        if given is not None:
            log.add("info", "extract-date", f"Extract date {given:%d/%m/%Y}, taken from the file name (a month "
                    "means its last day).", "Rename the file if this is not the date the lists were extracted.",
                    value=path.name)
            how = "the extract date in the file name (e.g. Annex_A_2024_Jan.xlsx)"
    if given is None:
        if latest is None:
            log.add("fatal", "unknown-extract-date", "The extract date cannot be worked out: the file name has "
                    "no date and the workbook has no dates.",
                    "Put the extract month in the file name, e.g. Annex_A_2024_Jan.xlsx.")
            return None
        log.add("info", "extract-date", f"Extract date {latest[0]:%d/%m/%Y}: the file name has no date, so the "
                f"latest date in the workbook was used ({latest[1]}).",
                "To set it, put the extract month in the file name, e.g. Annex_A_2024_Jan.xlsx.")
        return latest[0]
    # Annex A lists cover the last 6 (Lists 10-11: 12) months, so their newest dates sit just before the extract.
    if latest and latest[0] > given:
        log.add("warning", "dates-after-extract", f"The workbook has dates after the extract date "
                f"{given:%d/%m/%Y}, up to {latest[0]:%d/%m/%Y} ({latest[1]}).", f"Check {how}.")
    elif latest and (given - latest[0]) > timedelta(days=183):
        log.add("warning", "extract-date-doubtful", f"The latest date in the workbook is {latest[0]:%d/%m/%Y} "
                f"({latest[1]}), more than six months before the extract date {given:%d/%m/%Y}.", f"Check {how}.")
    return given


def _la(path: Path, la: str | None, log: IssueLog) -> str | None:
    named = la_from_name(path.stem)
    if la:
        if named and named != la:
            log.add("warning", "la-mismatch", f"The file name has LA code {named} but LA {la} was given; "
                    f"the file was stored as LA {la}.", "Check the LA code.", value=path.name)
        return la
    if named:
        log.add("info", "la-from-name", f"LA {named}, taken from the file name.", "Nothing to do.",
                value=path.name)
        return named
    log.add("fatal", "unknown-la", "The LA this Annex A belongs to is not known: it was not given and the file "
            "name has no three-digit LA code.",
            "Give the LA with --la (e.g. --la 310), or put its code in the file name (e.g. 310_Annex_A_2024_Jan.xlsx).")
    return None
