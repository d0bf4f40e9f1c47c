"""The SSDA903 tables and how their values become canonical rows.

Shared by the CSV reader (ssda903.py) and the XML reader (ssda903_xml.py):
both turn a file into raw rows of text in the column order of a ``Spec``, and
``to_canonical`` checks and converts them column by column. Converting each
distinct value of a column once (dates and codes repeat a great deal) keeps a
large LA's return well under a second.

Decisions, so the indicators can trust the store:

* A bad date is stored as NULL with an ``error``; a date that identifies the
  row (an episode's DECOM, a review's REVIEW ...) cannot be NULL, so such a
  row is not loaded (``error``).
* An unknown code is kept exactly as given, so an indicator sees what the LA
  recorded, and flagged as a ``warning`` (stored, but doubtful). Codes that
  were valid only in earlier years are accepted for history (one ``info``
  line per code says so).
* A row with no CHILD is dropped (``error``); a row that repeats another
  exactly is dropped (``warning``); a second row with the same key (e.g. two
  episodes of one child starting the same day) is dropped, the first kept
  (``error``).
"""

from __future__ import annotations

import gc
import math
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Iterable

import pyarrow as pa

from . import codes_903
from .codes_903 import FIELD_WORDS, season
from .issues import IssueLog
from .values import doubtful_id, doubtful_postcode, parse_date, parse_int


@dataclass(frozen=True)
class Col:
    name: str  # the 903 field name, as in the CSV header
    canon: str  # canonical column (store/schema.py)
    kind: str = "text"  # id text date code sex upn int flag float date_perm la_perm
    codes: str | None = None  # code list (codes_903) for kinds code/sex/flag
    required: bool = False  # the DfE guide says it must be filled in
    xml: str | None = None  # element name in the XML, when it differs
    optional: bool = False  # a CSV may leave the column out (extensions such as PL_DISTANCE)

    @property
    def element(self) -> str:
        return self.xml or self.name


@dataclass(frozen=True)
class Spec:
    name: str  # the 903 table name: "Episodes"
    table: str  # canonical table: "cla_episode"
    cols: tuple[Col, ...]
    key: tuple[str, ...]  # 903 fields identifying a row within one return
    what: str  # one row, for people: "episode"
    aliases: tuple[str, ...]  # words in file names that mean this table
    activity: tuple[str, ...] = ()  # dates that tell which year the return is for
    period: tuple[str, str] | None = None  # start/end fields of rows that must not overlap
    # Episodes only: several rows may share the key when all but the last end the day they start
    # (DEC = DECOM, e.g. a legal status change on the day care began); they are numbered in episode_seq.
    same_day: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.cols)

    @property
    def required_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.cols if not c.optional)

    def col(self, name: str) -> Col:
        return next(c for c in self.cols if c.name == name)


_CHILD = Col("CHILD", "child_id", "id", required=True, xml="CHILDID")
_DOB = Col("DOB", "dob", "date", required=True)


def _code(name: str, canon: str | None = None, required: bool = False, **kw) -> Col:
    return Col(name, canon or name.lower(), "code", codes=name, required=required, **kw)


def _flag(name: str, required: bool = False) -> Col:
    return Col(name, name.lower(), "flag", codes="FLAG", required=required)


SPECS: tuple[Spec, ...] = (
    Spec("Header", "child", (
        _CHILD, Col("SEX", "sex", "sex", codes="SEX", required=True), _DOB,
        _code("ETHNIC", "ethnicity", required=True), Col("UPN", "upn", "upn", required=True),
        _flag("MOTHER"), Col("MC_DOB", "mc_dob", "date"),
    ), key=("CHILD",), what="child", aliases=("header", "child", "children")),
    Spec("Episodes", "cla_episode", (
        _CHILD, Col("DECOM", "decom", "date", required=True),
        _code("RNE", required=True), _code("LS", required=True), _code("CIN", required=True),
        _code("PLACE", required=True, xml="PL"), _code("PLACE_PROVIDER"),
        Col("DEC", "dec", "date"), _code("REC"), _code("REASON_PLACE_CHANGE"),
        Col("HOME_POST", "home_post"), Col("PL_POST", "pl_post"), Col("URN", "urn"),
        Col("PL_DISTANCE", "pl_distance", "float", optional=True),
    ), key=("CHILD", "DECOM"), what="episode", aliases=("episodes", "episode"),
        activity=("DECOM", "DEC"), period=("DECOM", "DEC"), same_day=True),
    Spec("Reviews", "cla_review", (
        _CHILD, _DOB, Col("REVIEW", "review", "date", required=True), _code("REVIEW_CODE", required=True),
    ), key=("CHILD", "REVIEW"), what="review", aliases=("reviews", "review"), activity=("REVIEW",)),
    Spec("UASC", "uasc", (
        _CHILD, Col("SEX", "sex", "sex", codes="SEX", required=True), _DOB, Col("DUC", "duc", "date"),
    ), key=("CHILD",), what="UASC record", aliases=("uasc",)),
    Spec("OC2", "oc2", (
        _CHILD, _DOB, Col("SDQ_SCORE", "sdq_score", "int"), _code("SDQ_REASON"),
        *(_flag(n) for n in ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                             "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")),
    ), key=("CHILD",), what="OC2 record", aliases=("oc2",)),
    Spec("OC3", "oc3", (
        _CHILD, _DOB, _code("IN_TOUCH", required=True), _code("ACTIV", required=True),
        _code("ACCOM", required=True),
    ), key=("CHILD",), what="OC3 record", aliases=("oc3",)),
    Spec("AD1", "ad1", (
        _CHILD, _DOB, Col("DATE_INT", "date_int", "date", required=True),
        Col("DATE_MATCH", "date_match", "date", required=True), _flag("FOSTER_CARE", required=True),
        _code("NB_ADOPTR", required=True), _code("SEX_ADOPTR", required=True), _code("LS_ADOPTR", required=True),
    ), key=("CHILD",), what="adoption", aliases=("ad1", "adoption", "adopted"), activity=("DATE_INT", "DATE_MATCH")),
    Spec("PlacedAdoption", "placed_adoption", (
        _CHILD, _DOB, Col("DATE_PLACED", "date_placed", "date", required=True),
        Col("DATE_PLACED_CEASED", "date_placed_ceased", "date"), _code("REASON_PLACED_CEASED"),
    ), key=("CHILD", "DATE_PLACED"), what="decision to place for adoption",
        aliases=("placedadoption", "placedforadoption", "placed"),
        activity=("DATE_PLACED", "DATE_PLACED_CEASED"), period=("DATE_PLACED", "DATE_PLACED_CEASED")),
    Spec("PrevPerm", "prev_perm", (
        _CHILD, _DOB, _code("PREV_PERM", required=True), Col("LA_PERM", "la_perm", "la_perm"),
        Col("DATE_PERM", "date_perm", "date_perm"),
    ), key=("CHILD",), what="previous permanence record",
        aliases=("prevperm", "previouspermanence", "permanence")),
    Spec("Missing", "missing", (
        _CHILD, _DOB, _code("MISSING", required=True), Col("MIS_START", "mis_start", "date", required=True),
        Col("MIS_END", "mis_end", "date"),
    ), key=("CHILD", "MIS_START", "MISSING"), what="missing or away episode", aliases=("missing",),
        activity=("MIS_START", "MIS_END")),
    Spec("SWEpisodes", "sw_episode", (
        _CHILD, _DOB, Col("SW_ID", "sw_id", required=True), Col("SW_DECOM", "sw_decom", "date", required=True),
        Col("SW_DEC", "sw_dec", "date"), _code("SW_REASON"),
    ), key=("CHILD", "SW_DECOM"), what="social worker episode",
        aliases=("swepisodes", "swepisode", "socialworker"), activity=("SW_DECOM", "SW_DEC"),
        period=("SW_DECOM", "SW_DEC")),
    Spec("DoLo", "dolo", (
        _CHILD, _DOB, Col("DOLO_START", "dolo_start", "date", required=True), Col("DOLO_END", "dolo_end", "date"),
    ), key=("CHILD", "DOLO_START"), what="deprivation of liberty order",
        aliases=("dolo", "deprivationofliberty"), activity=("DOLO_START", "DOLO_END"),
        period=("DOLO_START", "DOLO_END")),
)
SPEC = {s.name: s for s in SPECS}

_FIX_DATE = "Correct it in the case management system (dd/mm/yyyy) and export the file again."
_SEX_NORMAL = {"1": "M", "2": "F", "M": "M", "F": "F", "U": "U"}
_LA_PERM = re.compile(r"^(\d{3}|NIR|SCO|WAL|NUK|999)$")
_DATE_PERM = re.compile(r"^(\d{1,2}|ZZ)/(\d{1,2}|ZZ)/(\d{4}|ZZZZ)$", re.IGNORECASE)
_ARROW = {"date": pa.date32(), "int": pa.int32(), "flag": pa.int32(), "float": pa.float64()}


def normalise_header(name: str) -> str:
    """' Place provider ' -> 'PLACE_PROVIDER' (tolerant of case, spaces, hyphens, a stray BOM)."""
    return re.sub(r"[\s\-]+", "_", name.replace("\ufeff", "").strip()).upper()


def identify(columns: Iterable[str]) -> tuple[Spec | None, float]:
    """The table whose columns best match (Jaccard similarity), and the score (0-1)."""
    given = {c for c in columns if c}
    best, score = None, 0.0
    for spec in SPECS:
        expected = set(spec.required_names)
        s = len(given & expected) / len(given | expected) if given else 0.0
        if s > score:
            best, score = spec, s
    return best, score


def table_from_name(path: Path) -> Spec | None:
    """The table a file's name suggests (longest matching alias wins: 'sw_episodes' is SWEpisodes)."""
    stem = re.sub(r"[^a-z0-9]", "", path.stem.lower())
    hits = [(len(a), s) for s in SPECS for a in s.aliases if a in stem]
    return max(hits, key=lambda h: h[0])[1] if hits else None


@contextmanager
def gc_paused():
    """Pause Python's cycle collector while a file is read: the rows are hundreds of thousands of small
    objects with no cycles, and the collector re-scanning them costs a third of the read time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_la(la: str | None, log: IssueLog) -> None:
    if la is None or str(la).strip() == "":
        log.add("fatal", "unknown-la", "SSDA903 files do not say which local authority they belong to.",
                "Give --la with the LA's three-digit DfE code, e.g. --la 310.")
    elif not re.fullmatch(r"[0-9]{3}", str(la).strip()):
        log.add("fatal", "invalid-la", f'"{la}" is not a three-digit LA code.',
                "Give --la with the LA's three-digit DfE code, e.g. --la 310.", value=la)


def check_table_year(spec: Spec, year: int | None, log: IssueLog, location: str = "") -> None:
    first = codes_903.TABLE_FIRST_YEAR.get(spec.name)
    if first and year and year < first:
        log.add("warning", "table-not-collected",
                f"The {spec.name} table was first collected in {season(first)}, but this return is for "
                f"{season(year)}. The rows were loaded.",
                "Check the collection year (give --year), or that this file belongs with this return.",
                location=location)


# --- conversion ---------------------------------------------------------------------
@dataclass(frozen=True)
class _Problem:
    severity: str
    code: str
    message: str  # a whole sentence: the value itself goes in the issue's own column
    fix: str


def _parse_date(text: str) -> tuple[date | None, str | None]:
    """dd/mm/yyyy, the 903's own format, without a regular expression; anything else goes to parse_date."""
    if (len(text) == 10 and text[2] == "/" and text[5] == "/" and text.isascii()
            and (text[:2] + text[3:5] + text[6:]).isdigit()):  # isascii: "²" is a digit to isdigit(), not int()
        try:
            value = date(int(text[6:]), int(text[3:5]), int(text[:2]))
        except ValueError:
            return parse_date(text)  # says what is wrong with it
        if 1900 <= value.year <= 2100:
            return value, None
    return parse_date(text)


def _words(col: Col) -> str:
    return f"{col.name} ({FIELD_WORDS.get(col.name, col.name.lower())})"


def _code_value(col: Col, raw: str, year: int | None) -> tuple[str, _Problem | None, tuple | None]:
    """Check a code; keep what the LA recorded (upper-cased when that makes it valid)."""
    code_list = col.codes
    code = raw.upper()
    state = codes_903.status(code_list, code, year)
    if state == "unknown":
        valid = codes_903.codes(code_list, year)
        listed = ", ".join(valid) if len(valid) <= 40 else "see the DfE SSDA903 guide"
        return raw, _Problem(
            "warning", "unknown-code",
            f"Not an SSDA903 code for {_words(col)}{' in ' + season(year) if year else ''}; kept as given.",
            f"Record one of the DfE codes ({listed}) in the case management system."), None
    if state == "future":
        return code, _Problem(
            "warning", "code-not-yet-valid",
            f"A code for {col.name} only {codes_903.valid_in(code_list, code)}, but this return is for "
            f"{season(year)}; kept as given.",
            "Check the collection year (give --year), or correct the code in the case management system."), None
    if state == "legacy":
        return code, None, ("legacy", code)
    return code, None, ("case",) if code != raw else None


def _convert(col: Col, raw: str, year: int | None, uasc: bool) -> tuple:
    """One distinct raw value -> (canonical value, second canonical value, problem, note).

    The second value feeds sex_code, upn_unknown or date_perm_parsed. The note marks values accepted
    but worth one summary line per column: ("case",) or ("legacy", code).
    """
    kind = col.kind
    if kind == "date":
        value, why = _parse_date(raw)
        if why:
            return None, None, _Problem("error", "invalid-date", f"{_words(col)} {why}; it was left blank.",
                                        _FIX_DATE), None
        return value, None, None, None
    if kind == "code":
        code, problem, note = _code_value(col, raw, year)
        return code, None, problem, note
    if kind == "sex":
        code, problem, note = _code_value(col, raw, year)
        # Header keeps the code as given in sex_code; UASC has only sex, so it keeps an unknown code as given.
        return _SEX_NORMAL.get(code, code if uasc else None), code, problem, note
    if kind == "upn":
        up = raw.upper()
        if up in _UPN_UNKNOWN:
            return None, up, None, None  # UN1-UN5 say why there is no UPN
        return raw, None, None, None
    if kind in ("int", "flag"):
        value, why = parse_int(raw)
        if why:
            return None, None, _Problem("error", "invalid-number", f"{_words(col)} {why}; it was left blank.",
                                        f"Record {col.name} as a whole number in the case management system."), None
        if kind == "flag" and value not in (0, 1):
            return value, None, _Problem("warning", "unknown-code",
                                         f"{_words(col)} should be 0 (no) or 1 (yes); kept as given.",
                                         f"Record {col.name} as 0 or 1."), None
        if col.name == "SDQ_SCORE" and not 0 <= value <= 40:
            return value, None, _Problem("warning", "out-of-range",
                                         "SDQ_SCORE is outside 0-40, the range of SDQ scores; kept as given.",
                                         "Check the SDQ score."), None
        return value, None, None, None
    if kind == "float":
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if math.isfinite(value) and value >= 0:
            return value, None, None, None
        why = "is negative" if math.isfinite(value) else "is not a number"  # a distance is never below 0
        return None, None, _Problem("error", "invalid-number", f"{_words(col)} {why}; it was left blank.",
                                    f"Record {col.name} as a number of 0 or more, or leave it blank."), None
    if kind == "date_perm":
        parsed, why = parse_date(raw)
        if why is None:
            return raw, parsed, None, None
        if "ZZ" in raw.upper() and _DATE_PERM.match(raw):
            return raw, None, None, None  # partly unknown (ZZ/05/2021): kept as text, no parsed date
        return raw, None, _Problem("warning", "invalid-date", f"{_words(col)} {why} (ZZ may stand for an "
                                   "unknown part, e.g. ZZ/05/2021); kept as given, with no date.", _FIX_DATE), None
    if kind == "la_perm" and not _LA_PERM.match(raw.upper()):
        return raw, None, _Problem("warning", "unknown-code", f"{_words(col)} should be an LA's three-digit code, "
                                   "or NIR, SCO, WAL, NUK or 999; kept as given.",
                                   "Record the LA's three-digit code."), None
    return raw, None, None, None


_UPN_UNKNOWN = frozenset(codes_903.codes("UPN_UNKNOWN"))
_SECOND = {"sex": "sex_code", "upn": "upn_unknown", "date_perm": "date_perm_parsed"}
_BLANK = (None, None, None, None)


@dataclass
class Rows:
    """Raw rows of one table from one file: text values in ``spec.cols`` order, and where each came from."""

    spec: Spec
    values: list[tuple] = field(default_factory=list)  # one tuple of str | None per row
    where: list[str] = field(default_factory=list)  # "row 12" (CSV) or "CHILD[3]/EPISODE[2]" (XML)
    xml: bool = False  # in XML a field's location is where + "/" + its element
    quiet: frozenset[str] = frozenset()  # fields copied from elsewhere (XML DOB): reported at their source

    def add(self, values: tuple, where: str) -> None:
        self.values.append(values)
        self.where.append(where)


def activity_dates(rows: Rows) -> list[date]:
    """The dates that tell which collection year a table is for (DOB and DUC never do)."""
    out: list[date] = []
    cache: dict[str, date | None] = {}
    for name in rows.spec.activity:
        i = rows.spec.names.index(name)
        for vals in rows.values:
            raw = vals[i]
            if raw:
                if raw not in cache:
                    cache[raw] = _parse_date(raw.strip())[0]
                if cache[raw]:
                    out.append(cache[raw])
    return out


def to_canonical(rows: Rows, year: int | None, log: IssueLog) -> pa.Table:
    """Check and convert raw rows to a canonical table; every problem goes to ``log``."""
    spec, values, where = rows.spec, rows.values, rows.where
    if not rows.xml:  # issues name CSV columns by their CSV names (CHILD, PLACE), not XML elements
        spec = replace(spec, cols=tuple(replace(c, xml=None) for c in spec.cols))

    def loc(i: int, name: str = "") -> str:
        return f"{where[i]}/{spec.col(name).element}" if rows.xml and name else where[i]

    keep = _row_checks(rows, spec, log, loc)
    kept = [values[i] for i in keep] if len(keep) != len(values) else values
    columns = list(zip(*kept)) if kept else [()] * len(spec.cols)

    out: dict[str, list] = {}
    droppable: set[int] = set()  # positions in keep whose identifying date is missing or bad
    for col, column in zip(spec.cols, columns):
        if col.kind in ("id", "text"):  # most cells: text as given, trimmed, checked only for blanks
            out[col.canon] = values_out = [v.strip() or None if v else None for v in column]
            if col.kind == "text" and col.required and col.name not in rows.quiet and None in values_out:
                for p in (p for p, v in enumerate(values_out) if v is None):
                    _missing_value(log, spec, col, loc(keep[p], col.name), False)
            if col.name not in rows.quiet and (col.kind == "id" or col.name in _POSTCODES):
                _doubtful(log, spec, col, values_out, keep, loc)
            continue
        cache: dict = {None: _BLANK, "": _BLANK}
        distinct = set(column)
        for raw in distinct:
            if raw not in cache:
                text = raw.strip()
                cache[raw] = _convert(col, text, year, spec.name == "UASC") if text else _BLANK
        first = {raw: v[0] for raw, v in cache.items()}
        out[col.canon] = list(map(first.__getitem__, column))
        if col.kind in _SECOND and spec.name != "UASC":
            second = {raw: v[1] for raw, v in cache.items()}
            out[_SECOND[col.kind]] = list(map(second.__getitem__, column))
        is_key_date = col.name in spec.key and col.kind == "date"
        if is_key_date and any(first[raw] is None for raw in distinct):
            droppable.update(p for p, v in enumerate(out[col.canon]) if v is None)
        if col.name not in rows.quiet:
            _column_issues(log, spec, col, column, distinct, cache, keep, loc, is_key_date)
    alive = [p for p in range(len(keep)) if p not in droppable] if droppable else range(len(keep))
    final = _unique_keys(log, spec, out, alive, keep, where, values, loc)
    if spec.same_day:
        out["episode_seq"] = _same_day_sequence(out, final)
    if spec.period:
        _check_overlaps(log, spec, out, final, keep, where, loc)
    return _arrow(spec, out, final)


_POSTCODES = frozenset({"HOME_POST", "PL_POST"})


def _doubtful(log, spec, col, values, keep, loc) -> None:
    """Warn (kept as given) about IDs and postcodes that are plainly not IDs or postcodes: each distinct
    value is checked once, so a large file pays one regular expression per child."""
    check = doubtful_postcode if col.name in _POSTCODES else doubtful_id
    bad = {v: why for v in set(values) if v is not None and (why := check(v))}
    if not bad:
        return
    for p, v in enumerate(values):
        if v in bad:
            log.add("warning", "doubtful-value", f"{_words(col)} {bad[v]}; kept as given.",
                    f"Check the {FIELD_WORDS.get(col.name, col.name.lower())} in the case management system and "
                    "export the file again.", location=loc(keep[p], col.name), field=col.element, value=v)


_first = itemgetter(0)


def _row_checks(rows: Rows, spec: Spec, log: IssueLog, loc) -> list[int]:
    """Skip blank rows; drop rows with no CHILD and exact repeats. Returns the indexes kept."""
    where = rows.where
    children = set(map(_first, rows.values))
    if len(set(rows.values)) == len(rows.values) and all(c and not c[0].isspace() for c in children):
        return list(range(len(rows.values)))  # no blank child, no repeated row: the usual case
    keep: list[int] = []
    first_seen: dict[tuple, int] = {}
    for i, vals in enumerate(rows.values):
        child = vals[0]
        if not child or child.isspace():
            if not any(v and not v.isspace() for v in vals):
                continue  # a blank line
            log.add("error", "missing-child-id",
                    "This row has no CHILD (the child's ID), so it cannot be linked to a child; "
                    "it was not loaded.", "Fill in the child's ID in the case management system and export again.",
                    location=loc(i, "CHILD"), field=spec.col("CHILD").element)
            continue
        j = first_seen.setdefault(vals, i)
        if j != i:
            log.add("warning", "duplicate-row", f"This row repeats {where[j]} exactly; the copy was not loaded.",
                    "Remove the repeated row; a repeat usually means the export ran twice.", location=loc(i))
            continue
        keep.append(i)
    return keep


def _missing_value(log: IssueLog, spec: Spec, col: Col, location: str, is_key_date: bool) -> None:
    words = FIELD_WORDS.get(col.name, col.name.lower())
    if is_key_date:
        log.add("error", "missing-value", f"{col.name} ({words}) is blank; {_a(spec.what)} cannot be stored "
                "without it, so the row was not loaded.", f"Fill in the {words} in the case management system.",
                location=location, field=col.element)
    else:
        log.add("warning", "missing-value", f"{col.name} ({words}) is blank; the SSDA903 requires it.",
                f"Fill in the {words} in the case management system.", location=location, field=col.element)


def _column_issues(log, spec, col, column, distinct, cache, keep, loc, is_key_date) -> None:
    bad = {raw for raw in distinct if cache[raw][2] is not None}
    blanks = {raw for raw in distinct if raw is None or raw.isspace() or raw == ""} if col.required else set()
    if bad or blanks:
        for pos, raw in enumerate(column):
            if raw in bad:
                p = cache[raw][2]
                message = p.message
                if is_key_date:
                    message = (f"{p.message.split(';')[0]}; {_a(spec.what)} cannot be stored without it, so the "
                               "row was not loaded.")
                log.add(p.severity, p.code, message, p.fix, location=loc(keep[pos], col.name),
                        field=col.element, value=raw.strip())
            elif raw in blanks:
                _missing_value(log, spec, col, loc(keep[pos], col.name), is_key_date)
    if not any(cache[raw][3] for raw in distinct):
        return
    notes = Counter()
    for raw, n in Counter(column).items():
        note = cache[raw][3]
        if note:
            notes[note] += n
    for note, n in sorted(notes.items()):
        rows_text = f"{n:,} row{'s' if n != 1 else ''}"
        verb = "uses" if n == 1 else "use"
        if note[0] == "case":
            log.add("info", "lower-case-code", f"{rows_text} gave {col.name} in lower case; read in upper case.",
                    "Nothing to do; the DfE expects upper-case codes.", field=col.element)
        else:
            code = note[1]
            normal = f" (read as {_SEX_NORMAL[code]})" if col.kind == "sex" else ""
            log.add("info", "old-code",
                    f'{rows_text} {verb} the {col.name} code "{code}"{normal}, which the DfE accepts '
                    f"{codes_903.valid_in(col.codes, code)}; kept, as the record may be historical.",
                    "Nothing to do for past records; new records should use the current codes.",
                    field=col.element, value=code)


def _unique_keys(log, spec, out, alive, keep, where, values, loc) -> list[int]:
    """Drop a second row with the same key as an earlier one (the first wins)."""
    keys = out["child_id"] if spec.key == ("CHILD",) else list(zip(*(out[spec.col(k).canon] for k in spec.key)))
    if len(alive) == len(keys) and len(set(keys)) == len(keys):
        return list(alive)  # no repeated keys: the usual case, checked at C speed
    final: list[int] = []
    seen: dict[tuple, int] = {}
    last = spec.key[-1]
    open_same_day: dict[tuple, int] = {}  # same_day specs: the one row of a key that does not end that day
    for p in alive:
        if spec.same_day:
            start, end = out["decom"][p], out["dec"][p]
            if end is not None and end == start:  # a zero-length episode: may share its start with the next
                if (keys[p], end) not in seen:
                    seen[(keys[p], end)] = p
                    final.append(p)
                    continue
            elif keys[p] not in open_same_day:
                open_same_day[keys[p]] = p
                final.append(p)
                continue
            q = seen.get((keys[p], end), open_same_day.get(keys[p], p))
        else:
            q = seen.setdefault(keys[p], p)
        if q == p:
            final.append(p)
            continue
        same = "" if last == "CHILD" else f" with the same {last} ({FIELD_WORDS.get(last, last)})"
        log.add("error", "duplicate-key",
                f"{_upper_first(where[keep[q]])} already holds {_a(spec.what)} for this child{same}; this one has "
                "different details and was not loaded.",
                "Decide which is right and remove the other in the case management system.",
                location=loc(keep[p]), field=spec.col(last).element,
                value=_show(out[spec.col(last).canon][p]) if last != "CHILD" else values[keep[p]][0].strip())
    return final


def _same_day_sequence(out: dict[str, list], final: list[int]) -> list[int]:
    """Number the episodes that share a child and start date: 1 for the one that goes on (no DEC, or the
    latest DEC), then 2, 3 ... for those that ended the day they started. The episode that goes on keeps
    number 1 in every year's return, so the merged history matches it across years."""
    seq = [1] * len(out["child_id"])
    groups: dict[tuple, list[int]] = {}
    for p in final:
        groups.setdefault((out["child_id"][p], out["decom"][p]), []).append(p)
    for rows in groups.values():
        if len(rows) > 1:
            rows.sort(key=lambda p: (out["dec"][p] is not None, -(out["dec"][p].toordinal() if out["dec"][p] else 0)))
            for n, p in enumerate(rows, 1):
                seq[p] = n
    return seq


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiouAEIOU' else 'a'} {noun}"


def _show(v: object) -> str:
    return v.strftime("%d/%m/%Y") if isinstance(v, date) else "" if v is None else str(v)


def _check_overlaps(log, spec, out, final, keep, where, loc) -> None:
    """Rows of one child whose periods overlap, e.g. an episode starting before the previous one ended."""
    start_f, end_f = spec.period
    start, end, child = out[spec.col(start_f).canon], out[spec.col(end_f).canon], out["child_id"]
    # Same start: the zero-length episode first, so a same-day pair is not taken for an overlap.
    order = sorted(final, key=lambda p: (child[p], start[p], end[p] is None, end[p] or start[p], p))
    for a, b in zip(order, order[1:]):
        if child[a] != child[b] or (end[a] is not None and start[b] >= end[a]):
            continue
        ended = f"ended ({_show(end[a])})" if end[a] else "ended (it has no end date)"
        log.add("warning", "overlapping-rows",
                f"This {spec.what} starts on {_show(start[b])}, before the child's previous {spec.what} "
                f"({where[keep[a]]}, from {_show(start[a])}) {ended}. Both were loaded; figures that count days "
                "or changes may be wrong.",
                f"Correct the {FIELD_WORDS[end_f]} or the {FIELD_WORDS[start_f]} in the case management system.",
                location=loc(keep[b], start_f), field=spec.col(start_f).element, value=_show(start[b]))


def _arrow(spec: Spec, out: dict[str, list], final: list[int]) -> pa.Table:
    kinds = {c.canon: c.kind for c in spec.cols}
    kinds.update(sex_code="text", upn_unknown="text", date_perm_parsed="date", sex="text", episode_seq="int")
    n = len(next(iter(out.values()))) if out else 0
    if len(final) == n:
        pick = lambda column: column  # noqa: E731 - nothing dropped: no copy
    elif len(final) <= 1:  # itemgetter needs at least one index: every row dropped, or all but one
        pick = lambda column: [column[p] for p in final]  # noqa: E731
    else:
        getter = itemgetter(*final)
        pick = lambda column: list(getter(column)) if final else []  # noqa: E731
    arrays = [pa.array(pick(column), _ARROW.get(kinds[name], pa.string())) for name, column in out.items()]
    return pa.Table.from_arrays(arrays, names=list(out))
